"""The dashboard in headless Chromium against a server with the demo data: sign in, read the KPI cards,
see the charts, click a category, page the records, add a record, and on a phone-sized screen."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import analytics
from analytics.client import FinanceClient, RecordFilter
from analytics.periods import quick_range
from tests.browser.conftest import REPOSITORY, DemoServer, fill_sign_in, new_user, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

CHARTS = ".vega-embed svg.marks"  # cash flow, categories, payees, balances
CHART_COUNT = 4
TABLE_ROWS = "marimo-table table tbody tr"
PAYEE_COLUMN, CATEGORY_COLUMN = 3, 4  # of the records table: after each row's checkbox and the date
# Generous for a loaded CI machine; with the demo data it takes about a second (see the README).
INTERACTIVE_WITHIN_SECONDS = 15
SCREENSHOT = REPOSITORY / "docs" / "dashboard.png"


def sign_in(page: Any, demo: DemoServer, url: str | None = None) -> float:
    """Open the dashboard (served by the API's server unless `url` says otherwise) and sign in as the demo
    user; seconds from submitting until the charts and the table show."""
    fill_sign_in(page, url or demo.dashboard_url, demo.email, demo.password)
    assert url or page.url.endswith("/dashboard/")
    started = time.monotonic()
    page.get_by_role("button", name="Sign in").click()
    page.locator(CHARTS).nth(CHART_COUNT - 1).wait_for(timeout=60_000)
    page.locator(TABLE_ROWS).first.wait_for(timeout=60_000)
    return time.monotonic() - started


def last_twelve_months() -> RecordFilter:
    """The dashboard's default period."""
    date_from, date_to = quick_range("Last 12 months", date.today())
    return RecordFilter(date_from=date_from, date_to=date_to)


def expected_cards(client: FinanceClient, period: RecordFilter) -> dict[str, str]:
    """What each KPI card must show: the API's summary of the period, formatted."""
    assert period.date_from and period.date_to
    totals = client.summary(period.date_from, period.date_to, parts=("totals",)).totals
    cards = {}
    for row in totals.iter_rows(named=True):
        currency, rate = row["currency"], row["savings_rate"]
        for name in ("income", "expense", "net"):
            cards[f"{name.title()} · {currency}"] = analytics.format_money(row[name], currency)
        cards[f"Savings rate · {currency}"] = "–" if rate is None else f"{rate:.1%}"
    return cards


def shown_cards(page: Any) -> dict[str, str]:
    """Label -> value of every KPI card on the page."""
    return {
        json.loads(card.get_attribute("data-label")): json.loads(card.get_attribute("data-value"))
        for card in page.locator("marimo-stat").all()
    }


def record_count(client: FinanceClient, record_filter: RecordFilter) -> int:
    """How many records the API has for the filter."""
    query = "query($f: RecordFilter) { records(filter: $f, first: 1) { totalCount } }"
    return client.execute(query, {"f": record_filter.to_graphql()})["records"]["totalCount"]


def wait_for_column(page: Any, column: int, accept: Callable[[set[str]], bool]) -> None:
    """Wait until the values of a records table column pass `accept`: the table loads its rows after the
    cell's output (with the record count) has changed."""
    deadline = time.monotonic() + 15
    values: set[str] = set()
    while time.monotonic() < deadline:
        values = set(page.locator(f"{TABLE_ROWS} td:nth-child({column})").all_inner_texts())
        if values and accept(values):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"column {column} of the records table shows {sorted(values)}")


def search_records(page: Any, demo: DemoServer, text: str) -> int:
    """Search the records of the last 12 months and wait for the count the API has for the search; that
    count."""
    total = record_count(demo.client(), RecordFilter(**vars(last_twelve_months()) | {"search": text}))
    page.get_by_placeholder("Search payee or description").fill(text)
    page.get_by_text(f"1–{min(total, 25)} of {total:,}").wait_for()
    return total


def assert_no_error_cells(page: Any) -> None:
    """A cell that raised stays on the page with its traceback (the test server shows them)."""
    errors = page.locator(".marimo-cell.has-error")
    assert errors.count() == 0, errors.first.inner_text()


def save_overview(page: Any, path: Path) -> None:
    """A screenshot from the title down to the records table (marimo scrolls inside #App, so the
    viewport grows to the page's height first)."""
    height = 0
    while height != page.evaluate("document.getElementById('App').scrollHeight"):
        height = page.evaluate("document.getElementById('App').scrollHeight")
        page.set_viewport_size({"width": page.viewport_size["width"], "height": height})
        page.wait_for_timeout(1500)  # charts re-layout to the new size
    bottom = page.get_by_role("heading", name="Records").bounding_box()["y"]
    width = page.viewport_size["width"]
    page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": width, "height": bottom})


def test_signed_in_dashboard_shows_the_api_summary_and_every_chart(
    page: Any, demo_server: DemoServer, tmp_path: Path
) -> None:
    seconds = sign_in(page, demo_server)
    client = demo_server.client()

    print(f"charts and records shown {seconds:.2f} s after signing in")
    assert seconds < INTERACTIVE_WITHIN_SECONDS
    expected = expected_cards(client, last_twelve_months())
    assert {"EUR", "USD", "JPY"} <= {label.split(" · ")[1] for label in expected}
    assert shown_cards(page) == expected
    assert page.get_by_text(expected["Income · EUR"], exact=True).is_visible()
    total = record_count(client, last_twelve_months())
    assert page.get_by_text(f"1–25 of {total:,}").is_visible()
    assert page.locator(TABLE_ROWS).count() == 25
    assert_no_error_cells(page)
    # FINTRACK_UPDATE_SCREENSHOT=1 refreshes the README's picture.
    update = os.environ.get("FINTRACK_UPDATE_SCREENSHOT")
    save_overview(page, SCREENSHOT if update else tmp_path / "dashboard.png")


def test_clicking_a_category_filters_the_records_and_paging_follows(
    page: Any, demo_server: DemoServer
) -> None:
    sign_in(page, demo_server)
    client = demo_server.client()
    categories = client.categories()
    food = categories.filter(category="Food")["category_id"][0]
    food_names = set(categories.filter(
        (categories["category_id"] == food) | (categories["parent_category_id"] == food))["full_name"])

    page.locator("marimo-vega path[aria-label*='category: Food;']").first.click()

    page.get_by_text("Showing Food only").wait_for()
    total = record_count(client, RecordFilter(**vars(last_twelve_months()) | {"category_ids": (food,)}))
    page.get_by_text(f"1–25 of {total:,}").wait_for()
    wait_for_column(page, CATEGORY_COLUMN, lambda categories: categories <= food_names)
    page.get_by_role("button", name="Older →").click()
    page.get_by_text(f"26–50 of {total:,}").wait_for()
    wait_for_column(page, CATEGORY_COLUMN, lambda categories: categories <= food_names)
    assert_no_error_cells(page)


def test_searching_narrows_the_records_to_matching_payees(page: Any, demo_server: DemoServer) -> None:
    sign_in(page, demo_server)

    search_records(page, demo_server, "lidl")

    wait_for_column(page, PAYEE_COLUMN, lambda payees: payees == {"Lidl"})


def test_adding_a_record_refreshes_the_cards_and_the_table(page: Any, demo_server: DemoServer) -> None:
    sign_in(page, demo_server)
    client = demo_server.client()
    before = record_count(client, last_twelve_months())

    page.get_by_label("Account", exact=True).select_option(label="Main checking (EUR)")
    page.get_by_label("Amount", exact=True).fill("12.34")
    page.get_by_label("Payee", exact=True).fill("Browser test bakery")
    page.get_by_label("Category", exact=True).select_option(label="Food / Groceries (expense)")
    page.get_by_role("button", name="Add record").click()

    page.get_by_text("Added −12.34 EUR").wait_for()
    page.get_by_text(f"1–25 of {before + 1:,}").wait_for()
    wait_for_column(page, PAYEE_COLUMN, lambda payees: "Browser test bakery" in payees)
    page.wait_for_function(
        "expected => Array.from(document.querySelectorAll('marimo-stat'))"
        ".some(card => card.dataset.value === JSON.stringify(expected))",
        arg=expected_cards(client, last_twelve_months())["Expense · EUR"],
    )
    assert shown_cards(page) == expected_cards(client, last_twelve_months())
    assert_no_error_cells(page)


def test_a_new_user_without_records_sees_empty_states_and_no_errors(
    page: Any, demo_server: DemoServer
) -> None:
    sign_in_as(page, demo_server.dashboard_url, new_user(demo_server.server.url, "new"))

    page.get_by_text("No income or expenses in this period.").wait_for()
    assert page.get_by_text("You have no accounts yet").is_visible()
    page.get_by_text("no records").wait_for()
    assert page.locator("marimo-stat").count() == 0
    assert_no_error_cells(page)


def test_a_wrong_password_keeps_the_form_with_a_message(page: Any, demo_server: DemoServer) -> None:
    fill_sign_in(page, demo_server.dashboard_url, demo_server.email, "not the password")
    page.get_by_role("button", name="Sign in").click()

    page.get_by_text("Could not sign in.").wait_for()
    assert page.get_by_role("button", name="Sign in").is_visible()
    assert page.locator("marimo-stat").count() == 0


def test_on_a_phone_cards_and_charts_stack_and_nothing_overflows(phone: Any, demo_server: DemoServer) -> None:
    sign_in(phone, demo_server)

    columns = phone.evaluate(
        "[...document.querySelectorAll('.fintrack-pair')]"
        ".map(grid => getComputedStyle(grid).gridTemplateColumns.split(' ').length)"
    )
    assert columns == [1]
    # the cards give way to one compact row per currency (tests/browser/test_dashboard_app_view.py)
    assert not phone.locator(".fintrack-cards").is_visible()
    assert phone.evaluate("document.getElementById('App').scrollWidth <= window.innerWidth")
    assert_no_error_cells(phone)
