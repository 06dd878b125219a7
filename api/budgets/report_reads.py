"""What a budget report reads: the category tree with the budget rows in one statement, then the roll-ups.

The statements name the tables' columns, not the mapped attributes: a statement that names none of
the ORM's skips its loading machinery, about 0.1 ms of CPU a statement. Both are built once: building
them took longer than SQLite took to run them.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger, Boolean, CompoundSelect, Date, Integer, Select, String, bindparam, case, cast, func,
    literal_column, null, select, type_coerce, union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from api.budgets.models import Budget, Rollover
from api.categories.models import Category, CategoryKind
from api.categories.tree import CategoryTree, TreeCategory
from api.ledger.models import MonthlyRollup, RollupKind

SpentBuckets = dict[tuple[str, int], list[int]]
"""Expense roll-up sums: (currency, category key) -> minor units per bucket of months, latest first."""


class BudgetRow(NamedTuple):
    """A budget row's values, read without the ORM: a report reads every row of every chain."""

    id: int
    category_id: int
    currency: str
    month: date
    repeats: bool
    amount_minor: int
    rollover: Rollover


_BUDGETS = Budget.__table__.c
_CATEGORIES = Category.__table__.c
_ROLLUPS = MonthlyRollup.__table__.c
_CATEGORY_PART, _BUDGET_PART = 0, 1
_KIND_OF = {kind.value: kind for kind in CategoryKind}
_ROLLOVER_OF = {rollover.value: rollover for rollover in Rollover}


def _tree_and_budgets() -> CompoundSelect[Any]:
    """The user's categories and their budget rows up to a month, in one shape: (part, id, parent or
    category, name or currency, color or rollover, kind, month, repeats, amount); NULL where a part has
    no such column, typed so that PostgreSQL matches the columns of both parts."""
    user_id, month = bindparam("user_id", type_=Integer), bindparam("month", type_=Date)
    categories = select(
        literal_column(str(_CATEGORY_PART), Integer), _CATEGORIES.id, _CATEGORIES.parent_id,
        _CATEGORIES.name, _CATEGORIES.color, type_coerce(_CATEGORIES.kind, String),
        cast(null(), Date).label("month"), cast(null(), Boolean).label("repeats"),
        cast(null(), BigInteger).label("amount_minor"),
    ).where(_CATEGORIES.user_id == user_id)
    budgets = select(
        literal_column(str(_BUDGET_PART), Integer), _BUDGETS.id, _BUDGETS.category_id, _BUDGETS.currency,
        type_coerce(_BUDGETS.rollover, String), cast(null(), String), _BUDGETS.month, _BUDGETS.repeats,
        _BUDGETS.amount_minor,
    ).where(_BUDGETS.user_id == user_id, _BUDGETS.month <= month)
    return union_all(categories, budgets)


_TREE_AND_BUDGETS = _tree_and_budgets()


async def tree_and_budgets_until(
    session: AsyncSession, user_id: int, month: date
) -> tuple[CategoryTree, list[BudgetRow]]:
    """The user's category tree and their budget rows of months up to `month`, in one statement."""
    categories: list[TreeCategory] = []
    budgets: list[BudgetRow] = []
    rows = await session.execute(_TREE_AND_BUDGETS, {"user_id": user_id, "month": month})
    for part, row_id, parent, text, color_or_rollover, kind, row_month, repeats, amount_minor in rows:
        if part == _CATEGORY_PART:
            categories.append(TreeCategory(row_id, parent, text, color_or_rollover, _KIND_OF[kind]))
        else:
            budgets.append(BudgetRow(row_id, parent, text, row_month, bool(repeats), amount_minor,
                                     _ROLLOVER_OF[color_or_rollover]))
    return CategoryTree(categories), budgets


async def expense_buckets(
    session: AsyncSession, user_id: int, bucket_months: Sequence[date], last: date
) -> SpentBuckets:
    """Expense sums per currency and category in buckets of months, latest first, in one query.

    Bucket i runs from `bucket_months[i]` up to the start of bucket i - 1 (bucket 0 ends with `last`,
    after which nothing is read). Every expense category and currency is summed: the callers pick
    their subtrees.
    """
    parameters: dict[str, object] = {f"start_{index}": month for index, month in enumerate(bucket_months)}
    parameters.update(user_id=user_id, first=bucket_months[-1], last=last)
    rows = await session.execute(_bucket_sums(len(bucket_months)), parameters)
    spent: SpentBuckets = {}
    for currency, category_key, index, total in rows:
        sums = spent.get((currency, category_key))
        if sums is None:
            sums = spent[(currency, category_key)] = [0] * len(bucket_months)
        # PostgreSQL sums bigints as numeric; the values are whole numbers either way.
        sums[index] = int(total)
    return spent


@functools.lru_cache(maxsize=16)
def _bucket_sums(buckets: int) -> Select[str, int, int, int]:
    """The statement of `expense_buckets` for this many buckets."""
    month = _ROLLUPS.month
    bucket = case(*((month >= bindparam(f"start_{index}", type_=Date), index) for index in range(buckets)))
    in_buckets = (
        select(_ROLLUPS.currency, _ROLLUPS.category_key, _ROLLUPS.amount_minor, bucket.label("bucket"))
        .where(
            _ROLLUPS.user_id == bindparam("user_id"),
            _ROLLUPS.kind == RollupKind.EXPENSE,
            month >= bindparam("first", type_=Date),
            month <= bindparam("last", type_=Date),
        )
        .subquery()
    )
    # Grouped outside: PostgreSQL matches a GROUP BY expression holding parameters only by its name.
    return (
        select(in_buckets.c.currency, in_buckets.c.category_key, in_buckets.c.bucket,
               func.sum(in_buckets.c.amount_minor))
        .group_by(in_buckets.c.currency, in_buckets.c.category_key, in_buckets.c.bucket)
    )
