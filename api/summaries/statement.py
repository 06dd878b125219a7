"""The income statement: income and expenses per category and period, per currency, in one answer.

Rows are the top-level categories with the branches right below them (as in `byCategory`),
columns are every period of the summary's range, periods without records included, so a
dashboard draws a months × categories table from a single request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from api.categories.models import CategoryKind
from api.ledger.periods import period_starts
from api.summaries.categories import CategoryKey, CategorySums, ColumnSums, category_sums_per_period
from api.summaries.service import SummarySource, timed_part


@dataclass(frozen=True)
class StatementRow:
    """One category's amount per period in minor units; `category_id` None means uncategorized."""

    category_id: int | None
    name: str
    color: str
    kind: CategoryKind
    amounts: tuple[int, ...]
    total: int
    record_count: int
    children: tuple[StatementRow, ...] = ()


@dataclass(frozen=True)
class IncomeStatement:
    """One currency's statement in its minor units; every list of amounts lines up with `periods`."""

    currency: str
    periods: tuple[date, ...]
    income: tuple[StatementRow, ...]
    expense: tuple[StatementRow, ...]
    total_income: tuple[int, ...]
    total_expense: tuple[int, ...]
    net: tuple[int, ...]


@timed_part("income_statement")
async def income_statement(source: SummarySource) -> list[IncomeStatement]:
    """One statement per currency with income or expenses, by currency code."""
    scope = source.scope
    periods = tuple(period_starts(scope.date_from, scope.date_to, scope.period))
    sums = await category_sums_per_period(source)
    currencies = sorted({currency for _, _, currency in sums.tops})
    return [_statement(sums, currency, periods) for currency in currencies]


def _statement(sums: CategorySums, currency: str, periods: tuple[date, ...]) -> IncomeStatement:
    """The statement of one currency."""
    income = _rows(sums, currency, CategoryKind.INCOME)
    expense = _rows(sums, currency, CategoryKind.EXPENSE)
    total_income = _column_totals(sums, currency, CategoryKind.INCOME)
    total_expense = _column_totals(sums, currency, CategoryKind.EXPENSE)
    return IncomeStatement(
        currency=currency,
        periods=periods,
        income=income,
        expense=expense,
        total_income=tuple(total_income),
        total_expense=tuple(total_expense),
        net=tuple(earned - spent for earned, spent in zip(total_income, total_expense)),
    )


def _rows(sums: CategorySums, currency: str, kind: CategoryKind) -> tuple[StatementRow, ...]:
    """Top-level rows of one kind with their children, biggest total first."""
    rows = []
    for key, top in sums.tops.items():
        if key[1:] == (kind, currency):
            branches = sums.children(key).items()
            children = _biggest_first([_row(sums, key, branch_id, branch) for branch_id, branch in branches])
            rows.append(_row(sums, key, key[0], top, children))
    return _biggest_first(rows)


def _row(sums: CategorySums, key: CategoryKey, category_id: int | None, totals: ColumnSums,
         children: tuple[StatementRow, ...] = ()) -> StatementRow:
    name, color = sums.name_and_color(category_id)
    return StatementRow(
        category_id=category_id, name=name, color=color, kind=key[1],
        amounts=tuple(totals.amounts), total=totals.total,
        record_count=totals.record_count, children=children,
    )


def _column_totals(sums: CategorySums, currency: str, kind: CategoryKind) -> list[int]:
    """Per period, the sum of the top-level rows of one kind."""
    totals = [0] * sums.columns
    for key, top in sums.tops.items():
        if key[1:] == (kind, currency):
            totals = [total + amount for total, amount in zip(totals, top.amounts)]
    return totals


def _biggest_first(rows: Sequence[StatementRow]) -> tuple[StatementRow, ...]:
    return tuple(sorted(rows, key=lambda row: (-row.total, row.name)))
