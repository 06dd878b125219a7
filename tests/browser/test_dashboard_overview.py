"""The Overview's charts in headless Chromium against the demo server: each chart as text, the lists that
make a chart's selections from the keyboard, a category opening into its sub-categories, and a dashboard
that asks nothing of any server but its own while signing in and opening every tab."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

import re

import polars as pl
import pytest

from analytics import chart_text
from analytics.client import RecordFilter
from analytics.date_format import DateFormat
from analytics.formatting import format_money
from analytics.periods import month_end, shift_months
from tests.browser.conftest import DemoServer, new_tab
from tests.browser.test_dashboard import (
    PAYEE_COLUMN,
    assert_no_error_cells,
    last_twelve_months,
    record_count,
    sign_in,
    wait_for_column,
)

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

TABS = ("Overview", "Accounts", "Import", "Income statement", "Net worth", "Budgets", "Recurring", "Goals")
LOCAL_HOST = "127.0.0.1"
DATE_COLUMN = PAYEE_COLUMN - 1


def open_text(page: Any, title: str) -> Any:
    """Open a chart's text alternative; its list."""
    details = page.locator("details.fintrack-chart-text").filter(
        has=page.locator("summary", has_text=f"{title} as text")).first
    details.locator("summary").click()
    return details.locator("li")


def test_every_chart_has_a_text_alternative_with_the_api_figures(page: Any, demo_server: DemoServer) -> None:
    sign_in(page, demo_server)
    period = last_twelve_months()
    assert period.date_from and period.date_to
    summary = demo_server.client().summary(period.date_from, period.date_to, payee_limit=8)
    month = shift_months(date.today().replace(day=1), -1)
    flow = summary.cash_flow.filter((pl.col("currency") == "EUR") & (pl.col("period_start") == month)).row(
        0, named=True)

    months = open_text(page, "Income and expense per month")
    expected = (f"{month:%B %Y}: income {format_money(flow['income'], 'EUR')}, "
                f"expense {format_money(flow['expense'], 'EUR')}, net {format_money(flow['net'], 'EUR')}")
    assert expected in months.all_inner_texts()
    spending = summary.categories.filter((pl.col("currency") == "EUR") & (pl.col("kind") == "expense"))
    categories = open_text(page, "Spending by category")
    assert categories.all_inner_texts() == chart_text.category_lines(spending)
    payees = open_text(page, "Top payees")
    eur_payees = summary.payees.filter(pl.col("currency") == "EUR")
    assert payees.all_inner_texts() == chart_text.payee_lines(eur_payees)
    balances = open_text(page, "Balance per account").all_inner_texts()
    eur_accounts = summary.balances.filter(pl.col("currency") == "EUR")["account"].unique().to_list()
    assert sorted(line.split(":")[0] for line in balances) == sorted(eur_accounts)
    assert_no_error_cells(page)


def test_the_keyboard_makes_the_charts_selections_and_a_category_opens_into_its_subcategories(
    page: Any, demo_server: DemoServer
) -> None:
    sign_in(page, demo_server)
    client = demo_server.client()
    food = client.categories().filter(category="Food")["category_id"][0]

    page.get_by_label("Show category").select_option(label="Food")

    page.get_by_text("Showing Food only").wait_for()
    page.get_by_role("heading", name="Income and expense per month · Food only").wait_for()
    in_food = RecordFilter(**vars(last_twelve_months()) | {"category_ids": (food,)})
    page.get_by_text(f"1–25 of {record_count(client, in_food):,}").wait_for()
    page.get_by_role("heading", name="Food by sub-category").wait_for()
    split = open_text(page, "Food by sub-category").all_inner_texts()
    assert {line.split(":")[0] for line in split} == {"Groceries", "Restaurants"}
    groceries = client.categories().filter(category="Groceries")["category_id"][0]
    page.get_by_label("Show sub-category").select_option(label="Groceries")
    page.get_by_text("Showing Food / Groceries only").wait_for()
    in_groceries = RecordFilter(**vars(in_food) | {"category_ids": (groceries,)})
    page.get_by_text(f"1–25 of {record_count(client, in_groceries):,}").wait_for()
    page.get_by_label("Show sub-category").select_option(index=0)  # none: all of Food again
    page.get_by_text("Showing Food only").wait_for()

    month = shift_months(date.today().replace(day=1), -1)
    page.get_by_label("Show month").select_option(label=f"{month:%B %Y}")
    page.get_by_text(f"Showing Food · {month:%B %Y} only").wait_for()
    in_month = RecordFilter(**vars(in_food) | {"date_from": month, "date_to": month_end(month)})
    page.get_by_text(f"of {record_count(client, in_month):,}", exact=False).wait_for()

    page.get_by_label("Show payee").select_option(label="Lidl")
    page.get_by_text(f"Showing Food · {month:%B %Y} · Lidl only").wait_for()
    wait_for_column(page, PAYEE_COLUMN, lambda payees: payees == {"Lidl"})
    # A click on a sub-category's bar narrows alike (the month and payee lists start afresh).
    page.locator("marimo-vega path[aria-label*='category: Restaurants;']").first.click()
    page.get_by_text("Showing Food / Restaurants only").wait_for()
    assert_no_error_cells(page)


def test_amount_axes_are_compact_from_a_thousand_on(page: Any, demo_server: DemoServer) -> None:
    sign_in(page, demo_server)

    labels = page.locator("marimo-vega g.role-axis-label text").all_text_contents()
    amounts = [label for label in labels if re.fullmatch(r"[−-]?[\d.,]+[kMB]?", label)]
    assert any(label.endswith("k") for label in amounts), labels
    assert not [label for label in amounts if re.search(r"\d,\d{3}", label)], labels


@pytest.mark.parametrize(("locale", "dates"), [
    ("en-US", DateFormat("mdy", "/")), ("de-DE", DateFormat("dmy", ".")), ("sv-SE", DateFormat("ymd", "-")),
])
def test_dates_follow_the_browsers_locale(browser: Any, demo_server: DemoServer, locale: str,
                                          dates: DateFormat) -> None:
    with new_tab(browser, locale=locale) as page:
        sign_in(page, demo_server)
        period = last_twelve_months()
        assert period.date_from and period.date_to
        newest = demo_server.client().records_page(period, first=1)["nodes"][0]["date"]

        page.get_by_role("heading", name=dates.range(period.date_from, period.date_to)).wait_for()
        wait_for_column(page, DATE_COLUMN, lambda days: dates.day(date.fromisoformat(newest)) in days)
        page.get_by_role("tab", name="Income statement").click()
        heading = f"Income statement · {dates.range(period.date_from, period.date_to)}"
        page.get_by_role("heading", name=heading).wait_for()
        assert_no_error_cells(page)


def test_the_dashboard_asks_only_its_own_server_while_signing_in_and_opening_every_tab(
    page: Any, demo_server: DemoServer
) -> None:
    asked: list[str] = []

    def only_local(route: Any) -> None:
        url = route.request.url
        asked.append(url)
        if urlsplit(url).hostname == LOCAL_HOST or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_local)
    page.on("websocket", lambda socket: asked.append(socket.url))  # not routed: noted, checked below
    sign_in(page, demo_server)
    for tab in TABS:
        page.get_by_role("tab", name=tab).click()
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1500)  # a page's cells fetch and draw after its tab shows
        assert_no_error_cells(page)

    elsewhere = sorted({url for url in asked if urlsplit(url).hostname != LOCAL_HOST})
    assert elsewhere == []
    assert len(asked) > 10


def test_income_statement_categories_open_into_their_sub_categories(
    page: Any, demo_server: DemoServer
) -> None:
    sign_in(page, demo_server)
    page.get_by_role("tab", name="Income statement").click()
    page.get_by_role("heading", name="EUR", exact=True).wait_for(timeout=30_000)
    assert page.get_by_text("↳ Groceries", exact=True).count() == 0

    page.get_by_label("Show the sub-categories of").click()
    page.get_by_role("option", name="Food", exact=True).click()
    page.keyboard.press("Escape")

    page.get_by_text("↳ Groceries", exact=True).first.wait_for()
    assert page.get_by_text("↳ Fuel", exact=True).count() == 0
    assert_no_error_cells(page)
