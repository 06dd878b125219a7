"""byCategory: top-level categories with sub-categories of any depth rolled up, per kind and currency."""

from __future__ import annotations

import pytest

from tests.summaries.books import account, add, category, expense, subcategory, summary

BY_CATEGORY = """
byCategory {
  categoryId name color kind currency amount share recordCount category { id name }
  children { categoryId name amount share recordCount children { name } }
}
"""


def by_category(user, date_from="2024-01-01", date_to="2024-03-31", **filters):
    return summary(user, BY_CATEGORY, date_from, date_to, record_filter=filters or None)["byCategory"]


def test_rows_per_top_level_category_kind_and_currency_biggest_first(alice, books):
    rows = by_category(alice)
    assert [(row["currency"], row["kind"], row["name"], row["amount"]) for row in rows] == [
        ("EUR", "EXPENSE", "Housing", "900.00"),
        ("EUR", "EXPENSE", "Food", "100.25"),
        ("EUR", "EXPENSE", "Uncategorized", "12.50"),
        ("EUR", "INCOME", "Salary", "3000.00"),
        ("JPY", "EXPENSE", "Food", "1500"),
        ("JPY", "INCOME", "Uncategorized", "2000"),
        ("USD", "EXPENSE", "Food", "40.00"),
    ]


def test_shares_are_of_the_currency_and_kind_total(alice, books):
    rows = by_category(alice)
    assert [row["share"] for row in rows] == [
        pytest.approx(900 / 1012.75), pytest.approx(100.25 / 1012.75), pytest.approx(12.5 / 1012.75),
        1.0, 1.0, 1.0, 1.0,
    ]


def test_sub_categories_of_any_depth_roll_up_with_the_parents_own_records_as_a_child(alice, books):
    food = by_category(alice)[1]
    assert (food["categoryId"], food["category"], food["recordCount"]) == (
        books.food, {"id": books.food, "name": "Food"}, 3
    )
    assert food["children"] == [
        # Organic (below Groceries) counts towards Groceries.
        {"categoryId": books.groceries, "name": "Groceries", "amount": "70.25",
         "share": pytest.approx(70.25 / 1012.75), "recordCount": 2, "children": []},
        {"categoryId": books.food, "name": "Food", "amount": "30.00",
         "share": pytest.approx(30 / 1012.75), "recordCount": 1, "children": []},
    ]


def test_a_category_with_only_its_own_records_has_no_children(alice, books):
    salary = by_category(alice)[3]
    assert salary["children"] == []


def test_a_category_with_only_sub_category_records_lists_just_those(alice, books):
    housing = by_category(alice)[0]
    assert [(child["name"], child["amount"]) for child in housing["children"]] == [("Rent", "900.00")]


def test_uncategorized_is_a_row_without_category(alice, books):
    row = by_category(alice)[2]
    assert row == {"categoryId": None, "name": "Uncategorized", "color": "#8c8c8c", "kind": "EXPENSE",
                   "currency": "EUR", "amount": "12.50", "share": pytest.approx(12.5 / 1012.75),
                   "recordCount": 1, "category": None, "children": []}


def test_rows_carry_the_top_level_category_colour(alice, books):
    colors = {row["name"]: row["color"] for row in by_category(alice) if row["currency"] == "EUR"}
    assert colors["Housing"] == "#4e79a7" and colors["Food"] == "#f28e2b"


def test_category_filter_keeps_the_sub_categories(alice, books):
    rows = by_category(alice, categoryIds=[books.groceries])
    assert [(row["currency"], row["name"], row["amount"]) for row in rows] == [("EUR", "Food", "70.25")]
    assert [(child["name"], child["amount"]) for child in rows[0]["children"]] == [("Groceries", "70.25")]


def test_deeper_levels_roll_up_into_the_child_of_the_top_level(alice):
    checking = account(alice, "Checking", "EUR")
    transport = category(alice, "Transport")
    car = category(alice, "Transport", "Car")
    parts = subcategory(alice, "Parts", car)
    tyres = subcategory(alice, "Tyres", parts)
    add(alice, expense(checking, "0.10", "2024-01-02", tyres), expense(checking, "0.20", "2024-01-03", parts),
        expense(checking, "0.30", "2024-01-04", transport))
    [row] = by_category(alice)
    assert (row["name"], row["amount"], row["recordCount"]) == ("Transport", "0.60", 3)
    assert [(child["name"], child["amount"]) for child in row["children"]] == [
        ("Car", "0.30"), ("Transport", "0.30"),
    ]


def test_no_records_no_rows(alice, books):
    assert by_category(alice, "2024-06-01", "2024-06-30") == []
