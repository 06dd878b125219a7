"""The net worth page's logic: period choices, balances at period ends from the API, net worth per currency
(never added across currencies), the text alternative, the current balances table and the chart."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from analytics import net_worth_page
from analytics.client import FinanceClient
from analytics.date_format import DateFormat
from notebooks.dashboard import quick_range
from tests.analytics.conftest import Ledger

TODAY = date(2026, 11, 30)


def test_the_picker_offers_the_last_12_months_every_year_with_records_and_all_time() -> None:
    assert net_worth_page.period_choices(date(2024, 3, 1), TODAY) == [
        "Last 12 months", "2026", "2025", "2024", "All time"
    ]
    assert net_worth_page.period_choices(None, TODAY) == ["Last 12 months", "2026", "All time"]


def test_the_last_12_months_are_the_dashboards() -> None:
    start, end, period = net_worth_page.period_range("Last 12 months", date(2020, 1, 1), TODAY)
    assert (start, end) == quick_range("Last 12 months", TODAY)
    assert (start, period) == (date(2025, 12, 1), "MONTH")


@pytest.mark.parametrize(
    ("choice", "first", "expected"),
    [
        ("2025", date(2024, 3, 1), (date(2025, 1, 1), date(2025, 12, 31), "MONTH")),
        ("2026", date(2024, 3, 1), (date(2026, 1, 1), TODAY, "MONTH")),
        ("All time", date(2024, 3, 15), (date(2024, 3, 1), TODAY, "MONTH")),
        ("All time", date(2023, 12, 1), (date(2023, 12, 1), TODAY, "MONTH")),  # 36 months
        ("All time", date(2023, 11, 1), (date(2023, 11, 1), TODAY, "QUARTER")),  # 37
        ("All time", date(2001, 1, 1), (date(2017, 1, 1), TODAY, "QUARTER")),  # the API's ten years
        ("All time", None, (date(2025, 12, 1), TODAY, "MONTH")),
    ],
)
def test_years_and_all_time_as_dates(
    choice: str, first: date | None, expected: tuple[date, date, str]
) -> None:
    assert net_worth_page.period_range(choice, first, TODAY) == expected


def test_the_first_month_with_records(finance: FinanceClient, ledger: Ledger) -> None:
    assert net_worth_page.first_activity(finance, date.today()) == date(2024, 1, 1)


def test_no_records_no_first_month(finance: FinanceClient) -> None:
    assert net_worth_page.first_activity(finance, date.today()) is None


def test_net_worth_at_each_month_end_per_currency(finance: FinanceClient, ledger: Ledger) -> None:
    balances = net_worth_page.account_balances(finance, date(2024, 1, 1), date(2024, 3, 31), "MONTH")

    totals = net_worth_page.net_worth_by_currency(balances, ["EUR", "USD", "GBP"])

    # Checking: 1,000.00 + 2,500.00 - 800.00 - 45.30 in January; - 54.70 - 100.00 (to Dollars) in February.
    assert totals["EUR"].select("date", "net_worth").rows() == [
        (date(2024, 1, 31), Decimal("2654.70")), (date(2024, 2, 29), Decimal("2500.00")),
        (date(2024, 3, 31), Decimal("2500.00")),
    ]
    # Dollars: 108.50 in from Checking, 8.50 spent; never added to the euros.
    assert totals["USD"]["net_worth"].to_list() == [Decimal("0.00"), Decimal("100.00"), Decimal("100.00")]
    assert totals["GBP"].is_empty()


def test_the_chart_as_text_and_the_change_over_the_period(finance: FinanceClient, ledger: Ledger) -> None:
    balances = net_worth_page.account_balances(finance, date(2024, 1, 1), date(2024, 3, 15), "MONTH")
    euros = net_worth_page.net_worth_by_currency(balances, ["EUR"])["EUR"]

    assert net_worth_page.net_worth_sentences(euros, DateFormat()) == [
        "January 2024: net worth 2,654.70 EUR",
        "February 2024: net worth 2,500.00 EUR",
        "15 Mar 2024: net worth 2,500.00 EUR",  # the range ends mid-month
    ]
    assert net_worth_page.change_sentence(euros, DateFormat()) == "−154.70 EUR since 31 Jan 2024"
    assert net_worth_page.change_sentence(euros.head(1), DateFormat()) == "one point in this period"


def test_days_are_written_as_the_browser_writes_them(finance: FinanceClient, ledger: Ledger) -> None:
    balances = net_worth_page.account_balances(finance, date(2024, 1, 1), date(2024, 3, 15), "MONTH")
    euros = net_worth_page.net_worth_by_currency(balances, ["EUR"])["EUR"]
    american = DateFormat("mdy", "/")

    assert net_worth_page.net_worth_sentences(euros, american)[-1] == "Mar 15, 2024: net worth 2,500.00 EUR"
    assert net_worth_page.change_sentence(euros, american) == "−154.70 EUR since Jan 31, 2024"
    spec = net_worth_page.net_worth_chart(balances.filter(balances["currency"] == "EUR"), euros, "MONTH",
                                          american).to_dict()
    assert spec["layer"][1]["encoding"]["tooltip"][0]["format"] == "%m/%d/%Y"


def test_current_balances_per_currency_with_their_total(finance: FinanceClient, ledger: Ledger) -> None:
    accounts = finance.accounts()
    assert net_worth_page.current_balances(accounts, "EUR").rows() == [
        ("Checking", "Checking", "2,500.00 EUR"), ("Total", "", "2,500.00 EUR"),
    ]
    dollars = net_worth_page.current_balances(accounts, "USD")
    assert dollars["Balance"].to_list() == ["100.00 USD", "100.00 USD"]


def test_the_chart_stacks_accounts_under_the_net_worth_line(finance: FinanceClient, ledger: Ledger) -> None:
    balances = net_worth_page.account_balances(finance, date(2024, 1, 1), date(2024, 3, 31), "MONTH")
    euros = balances.filter(balances["currency"] == "EUR")
    totals = net_worth_page.net_worth_by_currency(balances, ["EUR"])["EUR"]

    spec = net_worth_page.net_worth_chart(euros, totals, "MONTH", DateFormat()).to_dict()

    assert spec["usermeta"] == {"embedOptions": {"actions": False}}
    bars, line = spec["layer"]
    assert (bars["mark"]["type"], bars["encoding"]["y"]["stack"]) == ("bar", "zero")
    assert line["mark"]["type"] == "line"
    rows = spec["datasets"][bars["data"]["name"]]
    assert {(row["account"], row["balance_label"], row["net_worth_label"]) for row in rows} == {
        ("Checking", "2,654.70 EUR", "2,654.70 EUR"), ("Checking", "2,500.00 EUR", "2,500.00 EUR"),
    }
