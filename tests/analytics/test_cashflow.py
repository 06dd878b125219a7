"""Monthly cash flow, rolling averages, savings rate and month-over-month change."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from analytics.cashflow import month_over_month, monthly_cash_flow, rolling_average, savings_rate
from analytics.frames import CASH_FLOW_SCHEMA, MONEY
from tests.analytics.factories import money, record, records


def test_empty_records_give_an_empty_cash_flow_with_the_schema():
    cash_flow = monthly_cash_flow(records())
    assert cash_flow.is_empty()
    assert cash_flow.schema == CASH_FLOW_SCHEMA


def test_one_record_gives_one_month():
    cash_flow = monthly_cash_flow(records(record("2024-03-17", "expense", "12.34")))
    assert cash_flow.rows() == [(date(2024, 3, 1), "EUR", *money("0", "12.34", "-12.34"))]


def test_income_and_expense_are_summed_exactly_per_month_and_transfers_are_left_out():
    cash_flow = monthly_cash_flow(records(
        record("2024-01-05", "income", "0.10"),
        record("2024-01-06", "income", "0.20"),
        record("2024-01-31", "expense", "0.05"),
        record("2024-01-20", "transfer", "500", counterpart_account_id=2, counterpart_amount="500"),
        record("2024-02-01", "expense", "1000.01"),
    ))
    assert cash_flow.rows() == [
        (date(2024, 1, 1), "EUR", *money("0.30", "0.05", "0.25")),
        (date(2024, 2, 1), "EUR", *money("0", "1000.01", "-1000.01")),
    ]
    assert cash_flow.schema["net"] == MONEY


def test_currencies_are_never_added_together():
    cash_flow = monthly_cash_flow(records(
        record("2024-01-05", "income", "100"),
        record("2024-01-05", "income", "7", currency="USD", account_id=2),
        record("2024-01-09", "expense", "3", currency="USD", account_id=2),
    ))
    assert cash_flow.rows() == [
        (date(2024, 1, 1), "EUR", *money("100", "0", "100")),
        (date(2024, 1, 1), "USD", *money("7", "3", "4")),
    ]


def test_months_without_records_inside_a_currencys_range_are_zero_rows():
    cash_flow = monthly_cash_flow(records(
        record("2024-01-05", "expense", "10"),
        record("2024-04-05", "expense", "40"),
        record("2024-02-05", "expense", "1", currency="USD"),
    ))
    assert cash_flow.select("period_start", "currency", "expense").rows() == [
        (date(2024, 1, 1), "EUR", *money("10")),
        (date(2024, 2, 1), "EUR", *money("0")),
        (date(2024, 2, 1), "USD", *money("1")),
        (date(2024, 3, 1), "EUR", *money("0")),
        (date(2024, 4, 1), "EUR", *money("40")),
    ]


def _cash_flow(*rows: tuple[str, str, str, str]) -> pl.DataFrame:
    """A cash-flow frame from (month, currency, income, expense) rows; net is derived."""
    return monthly_cash_flow(records(*(
        row
        for month, currency, income, expense in rows
        for row in (
            record(f"{month}-01", "income", income, currency=currency),
            record(f"{month}-02", "expense", expense, currency=currency),
        )
    )))


def test_rolling_average_is_exact_per_currency_and_null_until_the_window_is_full():
    cash_flow = _cash_flow(
        ("2024-01", "EUR", "1", "10.00"),
        ("2024-02", "EUR", "1", "20.01"),
        ("2024-03", "EUR", "1", "30.00"),
        ("2024-04", "EUR", "1", "0.02"),
        ("2024-02", "USD", "1", "99"),
    )
    averaged = rolling_average(cash_flow, "expense", 3)
    eur = averaged.filter(pl.col("currency") == "EUR")["expense_rolling_average"].to_list()
    # (10 + 20.01 + 30) / 3 = 20.003333…; (20.01 + 30 + 0.02) / 3 = 16.676666…
    assert eur == money(None, None, "20.003", "16.677")
    assert averaged.filter(pl.col("currency") == "USD")["expense_rolling_average"].to_list() == [None]
    assert averaged.schema["expense_rolling_average"] == MONEY


def test_rolling_average_over_one_row_is_the_value_itself():
    cash_flow = _cash_flow(("2024-01", "EUR", "5", "2.50"))
    assert rolling_average(cash_flow, "net", 1)["net_rolling_average"].to_list() == money("2.50")


def test_rolling_average_of_nothing_is_an_empty_column():
    averaged = rolling_average(monthly_cash_flow(records()), "net", 3)
    assert averaged.is_empty() and averaged.schema["net_rolling_average"] == MONEY


def test_rolling_average_refuses_an_empty_window():
    with pytest.raises(ValueError):
        rolling_average(monthly_cash_flow(records()), "net", 0)


def test_savings_rate_is_net_over_income_and_null_without_income():
    cash_flow = _cash_flow(("2024-01", "EUR", "2000", "1500"), ("2024-02", "EUR", "0", "30"))
    rates = savings_rate(cash_flow)["savings_rate"].to_list()
    assert rates == [0.25, None]


def test_savings_rate_can_be_negative():
    cash_flow = _cash_flow(("2024-01", "EUR", "100", "150"))
    assert savings_rate(cash_flow)["savings_rate"].to_list() == [-0.5]


def test_month_over_month_compares_with_the_previous_calendar_month_of_the_same_currency():
    cash_flow = _cash_flow(
        ("2024-01", "EUR", "1000", "400"),
        ("2024-02", "EUR", "1000", "500"),
        ("2024-01", "USD", "10", "1"),
    )
    changes = month_over_month(cash_flow).sort("currency", "period_start")
    assert changes.select("expense_change", "net_change").rows() == [
        (None, None),
        tuple(money("100", "-100")),
        (None, None),
    ]
    assert changes["expense_change_ratio"].to_list() == [None, 0.25, None]
    assert changes["net_change_ratio"].to_list()[1] == pytest.approx(-100 / 600)


def test_month_over_month_ratio_is_null_when_the_previous_month_was_zero():
    cash_flow = monthly_cash_flow(records(
        record("2024-01-05", "expense", "10"),
        record("2024-02-05", "income", "10"),
    ))
    changes = month_over_month(cash_flow)
    assert changes["income_change"].to_list() == money(None, "10")
    assert changes["income_change_ratio"].to_list() == [None, None]


def test_month_over_month_of_nothing_is_empty():
    assert month_over_month(monthly_cash_flow(records())).is_empty()
