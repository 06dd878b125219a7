"""Spending per weekday and month."""

from __future__ import annotations

from datetime import date

from analytics.frames import HEATMAP_SCHEMA
from analytics.heatmap import spending_heatmap
from tests.analytics.factories import money, record, records


def test_no_records_give_an_empty_heatmap():
    heatmap = spending_heatmap(records())
    assert heatmap.is_empty() and heatmap.schema == HEATMAP_SCHEMA


def test_one_expense_is_one_cell():
    heatmap = spending_heatmap(records(record("2024-01-06", "expense", "2.50")))  # a Saturday
    assert heatmap.rows() == [("EUR", date(2024, 1, 1), 6, "Sat", *money("2.50"), 1)]


def test_expenses_are_summed_per_currency_month_and_weekday_and_other_kinds_ignored():
    heatmap = spending_heatmap(records(
        record("2024-01-01", "expense", "10"),  # Monday
        record("2024-01-08", "expense", "5.5"),  # Monday
        record("2024-01-07", "expense", "1"),  # Sunday
        record("2024-01-07", "income", "100"),
        record("2024-01-07", "transfer", "100", counterpart_account_id=2, counterpart_amount="100"),
        record("2024-02-05", "expense", "3"),  # Monday
        record("2024-01-01", "expense", "4", currency="USD", account_id=2),
    ))
    assert heatmap.select("currency", "month", "weekday_name", "amount", "record_count").rows() == [
        ("EUR", date(2024, 1, 1), "Mon", *money("15.5"), 2),
        ("EUR", date(2024, 1, 1), "Sun", *money("1"), 1),
        ("EUR", date(2024, 2, 1), "Mon", *money("3"), 1),
        ("USD", date(2024, 1, 1), "Mon", *money("4"), 1),
    ]
