"""analytics.statement: categories of the income statement open into their sub-categories on request."""

from __future__ import annotations

from typing import Any

from analytics import statement


def row(category_id: int, name: str, amount: str, children: list[dict[str, Any]] | None = None,
        ) -> dict[str, Any]:
    """A statement row of one month."""
    return {"categoryId": category_id, "name": name, "amounts": [amount], "total": amount,
            "children": children or []}


STATEMENT = {
    "currency": "EUR", "periods": ["2026-01-01"],
    "totalIncome": ["100"], "totalExpense": ["50"], "net": ["50"],
    "income": [row(28, "Salary", "100", [row(28, "Salary", "100")])],
    "expense": [
        row(5, "Food", "40", [row(6, "Groceries", "30"), row(5, "Food", "10")]),
        row(8, "Transport", "10", [row(9, "Fuel", "10")]),
    ],
}


def names(table: Any) -> list[str]:
    """The Category column."""
    return table[statement.CATEGORY_COLUMN].to_list()


def test_only_categories_with_sub_categories_open() -> None:
    table = statement.statement_table(STATEMENT)

    assert statement.expandable_categories(table) == ["Food", "Transport"]


def test_closed_categories_hide_their_sub_category_rows_and_keep_their_totals() -> None:
    table = statement.statement_table(STATEMENT)

    closed = statement.with_open_categories(table, [])
    food_open = statement.with_open_categories(table, ["Food"])

    assert names(closed) == ["Income", "Salary", "Expense", "Food", "Transport", "Net"]
    assert names(food_open) == ["Income", "Salary", "Expense", "Food", "↳ Groceries", "↳ Food (other)",
                                "Transport", "Net"]
    assert closed.filter(closed[statement.CATEGORY_COLUMN] == "Food")["Total"].to_list() == ["40.00"]
