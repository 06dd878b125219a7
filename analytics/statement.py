"""The income statement as a table: categories (sub-categories indented under them) × months, with totals.

One `summary { incomeStatement }` request answers it; this module holds its document and turns each
currency's statement into a frame whose cells are exact amounts formatted for reading.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import polars as pl

from analytics.formatting import currency_decimal_places

ROW_FIELDS = "categoryId name amounts total"

INCOME_STATEMENT = f"""
query IncomeStatement($from: Date!, $to: Date!, $filter: RecordFilter, $period: Period!) {{
  summary(from: $from, to: $to, filter: $filter, period: $period) {{
    incomeStatement {{
      currency periods totalIncome totalExpense net
      income {{ {ROW_FIELDS} children {{ {ROW_FIELDS} }} }}
      expense {{ {ROW_FIELDS} children {{ {ROW_FIELDS} }} }}
    }}
  }}
}}
"""

CHILD_MARK = "↳ "
TOTAL_COLUMN = "Total"
CATEGORY_COLUMN = "Category"
LEVEL_COLUMN = "Level"
"""0: a heading line (Income, Expense, Net), 1: a category, 2: a sub-category; for indenting and bold."""


def amount_text(amount: Decimal | str, currency: str) -> str:
    """An amount in the currency's decimal places with grouped digits, without the code ("1,234.50")."""
    places = currency_decimal_places(currency)
    rounded = Decimal(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    return f"{rounded:,.{places}f}"


def period_label(period_start: date) -> str:
    """A column heading: "Jan 2026"."""
    return f"{period_start:%b %Y}"


def _line(name: str, amounts: Sequence[str], total: str, currency: str, level: int) -> list[object]:
    return [name, *(amount_text(amount, currency) for amount in amounts), amount_text(total, currency), level]


def sub_rows(row: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The rows to show under a top-level category: none when its only branch is itself."""
    children = list(row.get("children", ()))
    if len(children) == 1 and children[0]["categoryId"] == row["categoryId"]:
        return []
    return children


def child_name(parent: Mapping[str, Any], child: Mapping[str, Any]) -> str:
    """A branch's name; the parent's own records (booked on it, not on a sub-category) read "Food (other)"."""
    return f"{child['name']} (other)" if child["categoryId"] == parent["categoryId"] else child["name"]


def _section(
    title: str, rows: Sequence[Mapping[str, Any]], totals: Sequence[str], currency: str
) -> list[list[object]]:
    """A heading row with the section's totals, each category under it and its sub-categories indented."""
    lines = [_line(title, totals, str(sum((Decimal(amount) for amount in totals), Decimal(0))), currency, 0)]
    for row in rows:
        lines.append(_line(row["name"], row["amounts"], row["total"], currency, 1))
        lines.extend(
            _line(f"{CHILD_MARK}{child_name(row, child)}", child["amounts"], child["total"], currency, 2)
            for child in sub_rows(row)
        )
    return lines


def statement_table(statement: Mapping[str, Any]) -> pl.DataFrame:
    """One currency's statement: Income (its categories), Expense (likewise), Net; a column per month,
    and the Level of each line."""
    currency = statement["currency"]
    columns = [CATEGORY_COLUMN, *(period_label(date.fromisoformat(day)) for day in statement["periods"]),
               TOTAL_COLUMN]
    net = statement["net"]
    lines = [
        *_section("Income", statement["income"], statement["totalIncome"], currency),
        *_section("Expense", statement["expense"], statement["totalExpense"], currency),
        _line("Net", net, str(sum((Decimal(amount) for amount in net), Decimal(0))), currency, 0),
    ]
    schema = {**{name: pl.String for name in columns}, LEVEL_COLUMN: pl.Int64}
    return pl.DataFrame(lines, schema=schema, orient="row")


def statement_tables(statements: Sequence[Mapping[str, Any]]) -> dict[str, pl.DataFrame]:
    """Each currency's statement table, by currency code (amounts in different currencies never add up)."""
    return {statement["currency"]: statement_table(statement) for statement in statements}


def expandable_categories(table: pl.DataFrame) -> list[str]:
    """The categories of a statement table that open into sub-categories, in the table's order."""
    levels, names = table[LEVEL_COLUMN].to_list(), table[CATEGORY_COLUMN].to_list()
    return [name for index, (name, level) in enumerate(zip(names, levels))
            if level == 1 and index + 1 < len(levels) and levels[index + 1] == 2]


def with_open_categories(table: pl.DataFrame, opened: Collection[str]) -> pl.DataFrame:
    """The statement table with the sub-category rows of the `opened` categories only (the others closed:
    their rows still hold the sub-categories' amounts)."""
    keep, parent = [], None
    for name, level in zip(table[CATEGORY_COLUMN], table[LEVEL_COLUMN]):
        if level != 2:
            parent = name if level == 1 else None
        keep.append(level != 2 or parent in opened)
    return table.filter(pl.Series(keep, dtype=pl.Boolean))
