"""Drilling down from the Overview's charts in headless Chromium: a payee narrows the records to exactly
that payee, an account (by its line, legend entry or list) to its own, a second click on a selected bar
clears the selection in every chart, and the balance chart dates its axis in the browser's order like the
rest of the page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from analytics.date_format import DateFormat
from analytics.periods import shift_months
from tests.browser.conftest import DemoServer, User, create_account, new_tab, sign_in_as, user_of_their_own
from tests.browser.test_dashboard import CHARTS, PAYEE_COLUMN, assert_no_error_cells, sign_in, wait_for_column
from tests.browser.test_dashboard_records import add_record

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

NOTHING_CHOSEN = "Click a category, a month or a payee"


@pytest.fixture
def shopper(demo_server: DemoServer) -> Iterator[User]:
    """A user of their own whose payees look alike: Rewe, Rewe Markt, and a kiosk "next to Rewe"."""
    with user_of_their_own(demo_server.server.url, "drill-down") as user:
        account_id = create_account(user.client, name="Everyday", type="CHECKING", currency="EUR")
        yesterday = date.today() - timedelta(days=1)
        for payee, amount, description in (("Rewe", "31.20", ""), ("Rewe", "12.05", "weekly shop"),
                                           ("Rewe Markt", "8.99", ""), ("Kiosk", "2.50", "next to Rewe")):
            user.client.create_record(account_id=account_id, kind="expense", amount=Decimal(amount),
                                      date=yesterday, payee=payee, description=description)
        yield user


def bar(page: Any, label: str) -> Any:
    """A chart's bar by what its text alternative starts with ("payee: Rewe;", "category: Food;")."""
    return page.locator(f"marimo-vega path[aria-label*='{label}']").first


def test_a_payee_narrows_the_records_to_exactly_that_payee(
    page: Any, demo_server: DemoServer, shopper: User
) -> None:
    sign_in_as(page, demo_server.dashboard_url, shopper.email)
    page.locator(CHARTS).nth(3).wait_for(timeout=60_000)

    bar(page, "payee: Rewe;").click()

    page.get_by_text("Showing Rewe only").wait_for()
    page.get_by_text("1–2 of 2").wait_for()  # not Rewe Markt, not the kiosk next to Rewe
    wait_for_column(page, PAYEE_COLUMN, lambda payees: payees == {"Rewe"})
    bar(page, "payee: Rewe;").click()  # a second click shows everything again
    page.get_by_text("1–4 of 4").wait_for()
    assert_no_error_cells(page)


def test_a_second_click_on_the_selected_bar_clears_it_in_every_chart(
    page: Any, demo_server: DemoServer
) -> None:
    sign_in(page, demo_server)
    month = f"Month: {shift_months(date.today().replace(day=1), -1):%B %Y}; Flow: Expense"

    for label, chosen in (("category: Housing;", "Showing Housing only"), (month, "Showing "),
                          ("payee: Lidl;", "Showing Lidl only")):
        bar(page, label).click()
        page.get_by_text(chosen).first.wait_for()
        bar(page, label).click()
        page.get_by_text(NOTHING_CHOSEN).wait_for()

    bar(page, "category: Food;").click()
    page.get_by_role("heading", name="Food by sub-category").wait_for()
    bar(page, "category: Restaurants;").click()
    page.get_by_text("Showing Food / Restaurants only").wait_for()
    bar(page, "category: Restaurants;").click()  # back to the whole of Food
    page.get_by_text("Showing Food only").wait_for()
    bar(page, "category: Food;").click()
    page.get_by_text(NOTHING_CHOSEN).wait_for()
    assert_no_error_cells(page)


@pytest.mark.parametrize(("locale", "dates", "pattern"), [
    ("en-US", DateFormat("mdy", "/"), r"\d\d/\d\d/\d{4}"),
    ("de-DE", DateFormat("dmy", "."), r"\d\d\.\d\d\.\d{4}"),
])
def test_the_balance_axis_writes_dates_as_the_page_does(browser: Any, demo_server: DemoServer, locale: str,
                                                        dates: DateFormat, pattern: str) -> None:
    with new_tab(browser, locale=locale) as page:
        sign_in(page, demo_server)
        balances = page.locator(CHARTS).nth(3)

        labels = balances.locator("g.role-axis-label text").all_text_contents()
        days = [label for label in labels if re.fullmatch(pattern, label)]
        assert len(days) >= 2, labels
        for label in days:  # real dates, in the browser's order, within the last year
            written = datetime.strptime(label, dates.time_format()).date()
            assert dates.day(written) == label and date.today() - written < timedelta(days=400)
        assert_no_error_cells(page)


def shown_in_list(page: Any, label: str) -> str:
    """The option a chart's list shows as chosen ("--" for none)."""
    return str(page.get_by_label(label).evaluate("list => list.options[list.selectedIndex].text"))


def test_a_chart_and_its_list_show_one_choice_and_either_clears_it(
    page: Any, demo_server: DemoServer
) -> None:
    sign_in(page, demo_server)
    listed = page.get_by_label("Show category")

    listed.focus()
    listed.select_option(label="Housing")
    page.get_by_text("Showing Housing only").wait_for()
    from playwright.sync_api import expect  # the browser tests' own dependency

    expect(bar(page, "category: Food;")).to_have_attribute("opacity", "0.35")  # the chart shows the choice
    assert bar(page, "category: Housing;").get_attribute("opacity") != "0.35"
    # The list was not made again: it keeps the keyboard's focus (inside marimo's shadow root).
    assert listed.evaluate("list => list.getRootNode().activeElement === list")
    bar(page, "category: Housing;").click()  # the list's choice is the chart's: a click on its bar clears it
    page.get_by_text(NOTHING_CHOSEN).wait_for()
    assert shown_in_list(page, "Show category") == "--"

    bar(page, "payee: Lidl;").click()
    page.get_by_text("Showing Lidl only").wait_for()
    assert shown_in_list(page, "Show payee") == "Lidl"  # and the list shows the chart's
    page.get_by_label("Show payee").select_option(index=0)
    page.get_by_text(NOTHING_CHOSEN).wait_for()
    assert_no_error_cells(page)


def test_a_choice_survives_adding_a_record(page: Any, demo_server: DemoServer, shopper: User) -> None:
    sign_in_as(page, demo_server.dashboard_url, shopper.email)
    page.locator(CHARTS).nth(3).wait_for(timeout=60_000)
    bar(page, "payee: Rewe;").click()
    page.get_by_text("1–2 of 2").wait_for()

    add_record(page, "4.10", "Rewe")

    page.get_by_text("1–3 of 3").wait_for()  # the new Rewe record, still only Rewe's
    assert page.get_by_text("Showing Rewe only").is_visible()
    assert shown_in_list(page, "Show payee") == "Rewe"
    assert_no_error_cells(page)


@pytest.fixture
def saver(demo_server: DemoServer) -> Iterator[User]:
    """A user of their own with two accounts: two records in Everyday, one in Savings."""
    with user_of_their_own(demo_server.server.url, "drill-account") as user:
        yesterday = date.today() - timedelta(days=1)
        for name, payees, opening in (("Everyday", ("Rewe", "Kiosk"), "500.00"),
                                      ("Savings", ("Bank fee",), "2000.00")):  # lines far apart
            account_id = create_account(user.client, name=name, type="CHECKING", currency="EUR",
                                        openingBalance=opening)
            for payee in payees:
                user.client.create_record(account_id=account_id, kind="expense", amount=Decimal("3.50"),
                                          date=yesterday, payee=payee)
        yield user


def legend_entry(page: Any, account: str) -> Any:
    """The balance chart's legend entry of an account (its symbol; the legend lists them by name)."""
    legend = page.locator(CHARTS).nth(3).locator("g.role-legend-symbol path")
    return legend.nth(["Everyday", "Savings"].index(account))


def point_of(page: Any, account: str) -> Any:
    """The last point of an account's line in the balance chart (the line's path is too thin to click)."""
    points = f"path[aria-label*='Account: {account};']:not([aria-roledescription='line mark'])"
    return page.locator(CHARTS).nth(3).locator(points).last


def test_an_account_narrows_the_records_by_its_line_legend_or_list_and_survives_adding_a_record(
    page: Any, demo_server: DemoServer, saver: User
) -> None:
    sign_in_as(page, demo_server.dashboard_url, saver.email)
    page.locator(CHARTS).nth(3).wait_for(timeout=60_000)
    page.get_by_text("1–3 of 3").wait_for()

    legend_entry(page, "Everyday").click()
    page.get_by_text("Records of Everyday only").wait_for()
    page.get_by_text("1–2 of 2").wait_for()
    wait_for_column(page, PAYEE_COLUMN, lambda payees: payees == {"Rewe", "Kiosk"})
    assert shown_in_list(page, "Show account") == "Everyday"

    add_record(page, "4.10", "Lidl")
    page.get_by_text("1–3 of 3").wait_for()  # the new Everyday record, still only Everyday's
    assert shown_in_list(page, "Show account") == "Everyday"
    legend_entry(page, "Everyday").click()  # a second click shows every account again
    page.get_by_text("1–4 of 4").wait_for()

    page.get_by_label("Show account").select_option(label="Savings")  # the keyboard's way
    page.get_by_text("1–1 of 1").wait_for()
    wait_for_column(page, PAYEE_COLUMN, lambda payees: payees == {"Bank fee"})
    point_of(page, "Savings").click()  # a click on the chosen account's point clears it
    page.get_by_text("1–4 of 4").wait_for()
    assert shown_in_list(page, "Show account") == "--"
    point_of(page, "Savings").click()  # and chooses it again
    page.get_by_text("1–1 of 1").wait_for()
    assert_no_error_cells(page)
