"""Category breakdown: roll-up into parents, shares per currency, uncategorized records."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.categories import category_breakdown, top_level_category_ids
from analytics.frames import CATEGORY_SCHEMA
from tests.analytics.factories import money, record, records

FOOD = {"category_id": 1, "category": "Food", "color": "#f28e2b"}
GROCERIES = {
    "category_id": 2, "category": "Groceries", "parent_category_id": 1, "parent_category": "Food",
    "color": "#f28e2b",
}
RENT = {"category_id": 3, "category": "Rent", "color": "#4e79a7"}
SALARY = {"category_id": 9, "category": "Salary", "color": "#2f8f5b"}


def test_empty_records_give_an_empty_breakdown_with_the_schema():
    breakdown = category_breakdown(records())
    assert breakdown.is_empty() and breakdown.schema == CATEGORY_SCHEMA


def test_one_record_is_the_whole_share():
    breakdown = category_breakdown(records(record("2024-01-01", "expense", "9.99", **RENT)))
    assert breakdown.rows() == [(3, "Rent", "#4e79a7", "expense", "EUR", *money("9.99"), 1.0)]


def test_sub_categories_roll_up_into_their_parent_and_shares_are_of_the_currency_total():
    breakdown = category_breakdown(records(
        record("2024-01-01", "expense", "30.00", **FOOD),
        record("2024-01-02", "expense", "10.50", **GROCERIES),
        record("2024-01-03", "expense", "59.50", **RENT),
        record("2024-01-04", "income", "1000", **SALARY),
    ))
    assert breakdown.select("category_id", "category", "amount", "share").rows() == [
        (3, "Rent", *money("59.50"), 0.595),
        (1, "Food", *money("40.50"), 0.405),
    ]


def test_shares_are_per_currency():
    breakdown = category_breakdown(records(
        record("2024-01-01", "expense", "75", **FOOD),
        record("2024-01-01", "expense", "25", **RENT),
        record("2024-01-01", "expense", "3", currency="USD", account_id=2, **RENT),
    ))
    assert breakdown.select("currency", "category", "share").rows() == [
        ("EUR", "Food", 0.75),
        ("EUR", "Rent", 0.25),
        ("USD", "Rent", 1.0),
    ]


def test_uncategorized_records_form_their_own_grey_row():
    breakdown = category_breakdown(records(
        record("2024-01-01", "expense", "1"),
        record("2024-01-01", "expense", "3", **RENT),
    ))
    assert breakdown.select("category_id", "category", "color", "share").rows() == [
        (3, "Rent", "#4e79a7", 0.75),
        (None, "Uncategorized", "#8c8c8c", 0.25),
    ]


def test_income_breakdown_ignores_expenses_and_transfers():
    breakdown = category_breakdown(records(
        record("2024-01-01", "income", "2500", **SALARY),
        record("2024-01-01", "expense", "3", **RENT),
        record("2024-01-01", "transfer", "100", counterpart_account_id=2, counterpart_amount="100"),
    ), kind="income")
    assert breakdown.select("category", "kind", "amount").rows() == [("Salary", "income", *money("2500"))]


def test_transfers_are_not_a_kind_of_spending():
    with pytest.raises(ValueError):
        category_breakdown(records(), kind="transfer")


def test_every_category_maps_to_its_top_level_ancestor():
    categories = pl.DataFrame(
        {"category_id": [1, 2, 3, 4], "parent_category_id": [None, 1, 2, None]},
        schema={"category_id": pl.Int64, "parent_category_id": pl.Int64},
    )
    assert top_level_category_ids(categories) == {1: 1, 2: 1, 3: 1, 4: 4}
