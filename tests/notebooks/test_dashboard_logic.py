"""The dashboard's logic (analytics.kpis, periods, records_table, views): KPIs against the previous period,
the category cross-filter, the records table; the ones that query run against the real app in-process (the
`finance` and `ledger` fixtures)."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from analytics import kpis, periods, records_table, views
from analytics.balances import currencies_by_use
from analytics.client import FinanceClient, RecordFilter
from tests.analytics.conftest import Ledger


def stat_fields(card: object) -> dict[str, str]:
    """The data attributes of a rendered mo.stat card (value, label, caption, direction)."""
    attributes = re.findall(r"data-(\w+)='([^']*)'", card.text)  # type: ignore[attr-defined]
    return {name: json.loads(html.unescape(value)) for name, value in attributes}


def test_kpis_compare_each_currency_with_the_previous_period(finance: FinanceClient, ledger: Ledger) -> None:
    february = finance.summary(date(2024, 2, 1), date(2024, 2, 29), parts=("totals",)).totals
    january = finance.summary(*periods.previous_period(date(2024, 2, 1), date(2024, 2, 29)),
                              parts=("totals",)).totals

    euro, dollar = kpis.kpi_values(february, january)

    assert (euro["income"], euro["income_previous"]) == (Decimal("0"), Decimal("2500.00"))
    assert (euro["expense"], euro["expense_previous"]) == (Decimal("54.70"), Decimal("845.30"))
    assert (euro["savings_rate"], euro["savings_rate_previous"]) == (None, pytest.approx(0.66188))
    assert dollar["currency"] == "USD" and dollar["expense_previous"] is None
    cards = [stat_fields(card) for card in views.kpi_cards(euro)]
    assert [(card["label"], card["value"]) for card in cards] == [
        ("Income · EUR", "0.00 EUR"), ("Expense · EUR", "54.70 EUR"),
        ("Net · EUR", "-54.70 EUR"), ("Savings rate · EUR", "–"),
    ]
    assert cards[1]["caption"] == "-93.5% · was 845.30 EUR"
    assert (cards[1]["direction"], cards[1]["target_direction"]) == ("decrease", "decrease")
    assert cards[3]["caption"] == "no income in this period"


def test_money_captions_say_what_it_was_when_a_percentage_means_nothing() -> None:
    assert kpis.money_change_caption(Decimal("5"), None, "EUR") == "none in the previous period"
    assert kpis.money_change_caption(Decimal("5"), Decimal("0"), "EUR") == "was 0.00 EUR"
    assert kpis.money_change_caption(Decimal("1500"), Decimal("1000"), "JPY") == "+50.0% · was 1,000 JPY"
    assert kpis.money_change_caption(Decimal("-50"), Decimal("-100"), "EUR") == (
        "+50.0% · was -100.00 EUR")


def test_savings_rate_caption_is_in_percentage_points() -> None:
    assert kpis.savings_rate_caption(0.25, 0.2) == "+5.0 points · was 20.0%"
    assert kpis.savings_rate_caption(0.25, None) == "no income in the previous period"


def test_trend_is_none_without_a_change() -> None:
    assert kpis.trend(Decimal("2"), Decimal("1")) == "increase"
    assert kpis.trend(Decimal("1"), Decimal("2")) == "decrease"
    assert kpis.trend(Decimal("1"), Decimal("1")) is None
    assert kpis.trend(None, 0.5) is None


def test_clicking_a_category_narrows_to_it_and_keeps_chosen_subcategories(
    finance: FinanceClient, ledger: Ledger
) -> None:
    categories = finance.categories()
    food, groceries, housing = (ledger.category_ids[name] for name in ("Food", "Groceries", "Housing"))
    base = RecordFilter(account_ids=(ledger.checking,))

    assert records_table.focus_filter(base, [], categories) == base
    assert records_table.focus_filter(base, [food], categories).category_ids == (food,)
    assert records_table.focus_filter(base, [None], categories) == RecordFilter(
        account_ids=(ledger.checking,), uncategorized=True)
    chosen = RecordFilter(category_ids=(groceries, housing))
    assert records_table.focus_filter(chosen, [food], categories).category_ids == (groceries,)


def test_records_pages_follow_each_other_and_show_signed_amounts(
    finance: FinanceClient, ledger: Ledger
) -> None:
    newest = finance.records_page(RecordFilter(), None, first=4)
    oldest = finance.records_page(RecordFilter(), newest["pageInfo"]["endCursor"], first=4)

    assert newest["totalCount"] == 6 and newest["pageInfo"]["hasNextPage"]
    assert not oldest["pageInfo"]["hasNextPage"]
    rows = pl.concat([records_table.records_table_frame(page["nodes"]) for page in (newest, oldest)])
    assert rows.select("Date", "Payee", "Category", "Account", "Amount").rows() == [
        (date(2024, 2, 20), "Diner", "Uncategorized", "Dollars", "−8.50 USD"),
        (date(2024, 2, 15), "", "→ Dollars", "Checking", "100.00 EUR"),
        (date(2024, 2, 3), "Grocer", "Food", "Checking", "−54.70 EUR"),
        (date(2024, 1, 12), "Grocer", "Food / Groceries", "Checking", "−45.30 EUR"),
        (date(2024, 1, 10), "Landlord", "Housing / Rent", "Checking", "−800.00 EUR"),
        (date(2024, 1, 5), "Employer", "Salary", "Checking", "+2,500.00 EUR"),
    ]


def test_an_empty_page_is_an_empty_table_with_the_columns() -> None:
    assert records_table.records_table_frame([]).columns == [
        "Date", "Payee", "Category", "Account", "Kind", "Amount", "Description", "Tags", "id"]


def test_charts_start_with_the_currency_most_accounts_use(finance: FinanceClient, ledger: Ledger) -> None:
    accounts = finance.accounts()

    assert currencies_by_use(accounts) == ["EUR", "USD"]  # the chart picker starts at the first
    assert records_table.account_options(accounts) == {
        "Checking (EUR)": ledger.checking, "Dollars (USD)": ledger.dollars}
    assert records_table.in_currency(accounts, "USD")["account"].to_list() == ["Dollars"]


def test_a_clicked_month_and_payee_narrow_the_records_within_the_period() -> None:
    period = RecordFilter(date_from=date(2025, 12, 1), date_to=date(2026, 11, 25), search="coffee")

    narrowed = records_table.drill_down(period, [date(2026, 3, 1)], ["Lidl"])
    last = records_table.drill_down(period, [date(2026, 11, 1)], [])

    assert (narrowed.date_from, narrowed.date_to) == (date(2026, 3, 1), date(2026, 3, 31))
    assert (narrowed.payees, narrowed.search) == (("Lidl",), "coffee")  # exactly Lidl, and still searched
    assert (last.date_from, last.date_to, last.payees) == (date(2026, 11, 1), date(2026, 11, 25), None)
    assert records_table.drill_down(period, [], []) == period


def test_the_note_says_what_the_clicks_narrow_to() -> None:
    assert records_table.drill_down_note([], [], []) == ""
    assert records_table.drill_down_note(["Food"], [date(2026, 3, 1)], ["Lidl"]) == (
        "Showing **Food** · **March 2026** · **Lidl** only: click the bar again to show everything.")
