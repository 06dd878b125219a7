"""The Net worth page in headless Chromium against the demo server: per currency, the net worth and the
current balances equal the API's, the chart is drawn and readable as text, the period picker changes the
range; and on a phone nothing overflows."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

import analytics
from analytics import net_worth_page
from analytics.balances import currencies_by_use
from analytics.date_format import DateFormat, date_format
from tests.browser.conftest import PHONE, DemoServer, new_user, open_tab
from tests.browser.test_dashboard import assert_no_error_cells, shown_cards, sign_in
from tests.browser.test_dashboard_pages import save_page

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

CHARTS = ".fintrack-figure .vega-embed canvas, .fintrack-figure .vega-embed svg.marks"  # this page's only


def expected_net_worth(demo: DemoServer, choice: str) -> dict[str, Any]:
    """What the page must show for a period choice: the API's balances, added up per currency."""
    client = demo.client()
    today = date.today()
    first = net_worth_page.first_activity(client, today)
    start, end, period = net_worth_page.period_range(choice, first, today)
    balances = net_worth_page.account_balances(client, start, end, period)
    accounts = client.accounts()
    currencies = currencies_by_use(accounts)
    return {
        "accounts": accounts,
        "currencies": currencies,
        "totals": net_worth_page.net_worth_by_currency(balances, currencies),
    }


def page_dates(page: Any) -> DateFormat:
    """How the dashboard writes dates in this tab: the order of the browser's language (en-US unless set)."""
    return date_format(str(page.evaluate("() => navigator.language")))


def test_net_worth_per_currency_equals_the_api(page: Any, demo_server: DemoServer, tmp_path: Path) -> None:
    expected = expected_net_worth(demo_server, net_worth_page.LAST_12_MONTHS)
    sign_in(page, demo_server)

    page.get_by_role("tab", name="Net worth").click()

    page.get_by_role("heading", name="Net worth", exact=True).wait_for(timeout=30_000)
    page.locator(CHARTS).nth(len(expected["currencies"]) - 1).wait_for(timeout=30_000)
    cards = shown_cards(page)
    for currency in expected["currencies"]:
        totals = expected["totals"][currency]
        now = analytics.format_money(totals["net_worth"][-1], currency)
        assert cards[f"Net worth · {currency}"] == now
        table = page.locator("table.fintrack-table", has_text=f"Current balances in {currency}")
        assert table.locator("tfoot td").last.inner_text() == now
        for row in net_worth_page.current_balances(expected["accounts"], currency).rows()[:-1]:
            assert table.get_by_role("row", name=" ".join(row)).is_visible()
    # The figures as text, one line per month end, behind each chart's "Show as text".
    for index, currency in enumerate(expected["currencies"]):
        page.get_by_text("Show as text").nth(index).click()
        for sentence in net_worth_page.net_worth_sentences(expected["totals"][currency], page_dates(page)):
            assert page.get_by_text(sentence, exact=True).is_visible()
    save_page(page, "dashboard-net-worth.png", tmp_path)
    assert_no_error_cells(page)


def test_the_period_picker_shows_all_time(page: Any, demo_server: DemoServer) -> None:
    expected = expected_net_worth(demo_server, net_worth_page.ALL_TIME)
    sign_in(page, demo_server)
    page.get_by_role("tab", name="Net worth").click()
    page.locator(CHARTS).first.wait_for(timeout=30_000)
    main = expected["currencies"][0]
    first, *_ = net_worth_page.net_worth_sentences(expected["totals"][main], page_dates(page))
    start = expected["totals"][main]["date"][0].replace(day=1)
    all_time = page.get_by_text(page_dates(page).range(start, date.today()))

    page.get_by_label("Period", exact=True).filter(has_text=net_worth_page.ALL_TIME).select_option(
        label=net_worth_page.ALL_TIME
    )
    all_time.wait_for(timeout=30_000)
    page.get_by_text("Show as text").first.click()
    page.get_by_text(first, exact=True).wait_for(timeout=30_000)
    assert page.get_by_text(f"Net worth in {main} at the end of each month").is_visible()
    assert_no_error_cells(page)


def test_without_accounts_the_page_says_where_to_add_one(page: Any, demo_server: DemoServer) -> None:
    open_tab(page, demo_server.dashboard_url, new_user(demo_server.server.url, "net-worth"), "Net worth")

    page.get_by_text("No accounts yet. Add one on the Accounts tab").wait_for()
    assert page.locator("table.fintrack-table").count() == 0
    assert_no_error_cells(page)


def test_on_a_phone_the_net_worth_page_fits_the_screen(
    phone: Any, demo_server: DemoServer, tmp_path: Path
) -> None:
    currencies = expected_net_worth(demo_server, net_worth_page.LAST_12_MONTHS)["currencies"]
    sign_in(phone, demo_server)
    phone.get_by_role("tab", name="Net worth").click()
    phone.locator(CHARTS).nth(len(currencies) - 1).wait_for(timeout=30_000)
    assert phone.locator("table.fintrack-table").count() == len(currencies)

    for table in phone.locator("table.fintrack-table").all():
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert phone.evaluate("document.getElementById('App').scrollWidth <= window.innerWidth")
    save_page(phone, "dashboard-net-worth-phone.png", tmp_path)
    assert_no_error_cells(phone)
