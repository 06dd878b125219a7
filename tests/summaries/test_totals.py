"""Summary totals per currency and per period: never mixing currencies, never counting transfers."""

from __future__ import annotations

import pytest

from tests.summaries.books import account, add, expense, income, summary, transfer

TOTALS = "totals { currency income expense net savingsRate transferCount recordCount }"
BY_PERIOD = "byPeriod { periodStart currency income expense net }"


def test_totals_are_per_currency_and_leave_transfers_out(alice, books):
    totals = summary(alice, TOTALS, "2024-01-01", "2024-03-31")["totals"]
    assert totals == [
        {"currency": "EUR", "income": "3000.00", "expense": "1012.75", "net": "1987.25",
         "savingsRate": pytest.approx(1987.25 / 3000), "transferCount": 2, "recordCount": 8},
        {"currency": "JPY", "income": "2000", "expense": "1500", "net": "500",
         "savingsRate": 0.25, "transferCount": 0, "recordCount": 2},
        {"currency": "USD", "income": "0.00", "expense": "40.00", "net": "-40.00",
         "savingsRate": None, "transferCount": 0, "recordCount": 1},
    ]


def test_by_period_has_a_row_per_month_and_currency_with_records(alice, books):
    rows = summary(alice, BY_PERIOD, "2024-01-01", "2024-03-31")["byPeriod"]
    assert rows == [
        {"periodStart": "2024-01-01", "currency": "EUR", "income": "3000.00", "expense": "100.25",
         "net": "2899.75"},
        {"periodStart": "2024-01-01", "currency": "JPY", "income": "0", "expense": "1500", "net": "-1500"},
        {"periodStart": "2024-02-01", "currency": "EUR", "income": "0.00", "expense": "912.50",
         "net": "-912.50"},
        {"periodStart": "2024-03-01", "currency": "JPY", "income": "2000", "expense": "0", "net": "2000"},
        {"periodStart": "2024-03-01", "currency": "USD", "income": "0.00", "expense": "40.00",
         "net": "-40.00"},
    ]


def test_a_period_with_only_transfers_has_no_row(alice):
    checking, savings = account(alice, "Checking", "EUR"), account(alice, "Savings", "EUR")
    add(alice, transfer(checking, savings, "10.00", "2024-05-05"))
    data = summary(alice, f"{TOTALS} {BY_PERIOD}", "2024-05-01", "2024-05-31")
    assert data["byPeriod"] == []
    assert data["totals"] == [{"currency": "EUR", "income": "0.00", "expense": "0.00", "net": "0.00",
                               "savingsRate": None, "transferCount": 1, "recordCount": 1}]


def test_an_empty_range_has_no_rows(alice, books):
    data = summary(alice, f"{TOTALS} {BY_PERIOD}", "2024-06-01", "2024-06-30")
    assert data == {"totals": [], "byPeriod": []}


def test_many_cents_add_up_exactly(alice):
    checking = account(alice, "Checking", "EUR")
    add(alice, *(expense(checking, amount, "2024-01-02") for amount in ["0.10", "0.20"] * 150))
    add(alice, *(income(checking, "0.10", "2024-01-03") for _ in range(3)))
    data = summary(alice, f"{TOTALS} {BY_PERIOD}", "2024-01-01", "2024-01-31", period="DAY")
    assert data["totals"][0]["expense"] == "45.00"
    assert data["totals"][0]["net"] == "-44.70"
    assert [(row["periodStart"], row["expense"], row["income"]) for row in data["byPeriod"]] == [
        ("2024-01-02", "45.00", "0.00"),
        ("2024-01-03", "0.00", "0.30"),
    ]


def test_savings_rate_is_a_ratio_and_may_be_negative(alice):
    checking = account(alice, "Checking", "EUR")
    add(alice, income(checking, "100.00", "2024-01-02"), expense(checking, "150.00", "2024-01-03"))
    totals = summary(alice, TOTALS, "2024-01-01", "2024-01-31")["totals"]
    assert totals[0]["savingsRate"] == -0.5


def test_summary_echoes_its_range_and_period(alice):
    data = summary(alice, "from to period", "2024-01-01", "2024-03-31", period="QUARTER")
    assert data == {"from": "2024-01-01", "to": "2024-03-31", "period": "QUARTER"}
