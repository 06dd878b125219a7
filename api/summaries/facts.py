"""The sums every summary part is built from: roll-ups for whole months, records for the rest.

The legs are shaped like `MonthlyRollup` rows: income and expenses on their account, a transfer
once as TRANSFER_OUT of its account and once as TRANSFER_IN of its counterpart. With an account
filter, only the legs of those accounts count. A fact sums them per bucket and grain, grouped in
SQL: by kind, category and currency for the parts about money in and out, by account and kind for
the parts about accounts. The months a range covers whole come from the roll-ups; the records are
read, in one query, only for the days of the partial months at its edges, or for the whole range
when the filter asks what roll-ups do not know (text, tags, amounts) or when the periods are days
or weeks, which months cannot be cut into.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger, ColumnElement, Date, Integer, Select, SQLColumnExpression, Table, and_, cast, func,
    String, literal_column, not_, null, or_, select, type_coerce, union_all,
)
from sqlalchemy.sql.base import ReadOnlyColumnCollection
from sqlalchemy.ext.asyncio import AsyncSession

from api.categories.tree import CategoryTree
from api.ledger.balances import legs_before_query
from api.ledger.legs import record_legs
from api.ledger.models import UNCATEGORIZED_KEY, MonthlyRollup, Record, RecordKind, RollupKind
from api.ledger.periods import Period, next_period_start, period_start, period_start_sql
from api.records.filters import RecordCriteria, record_conditions

MONTHLY_PERIODS = (Period.MONTH, Period.QUARTER, Period.YEAR)
"""Periods made of whole months, which roll-ups can fill."""

_ROLLUP_KINDS = {
    RecordKind.INCOME: (RollupKind.INCOME,),
    RecordKind.EXPENSE: (RollupKind.EXPENSE,),
    RecordKind.TRANSFER: (RollupKind.TRANSFER_OUT, RollupKind.TRANSFER_IN),
}


class CategoryFact(NamedTuple):
    """The legs of one (bucket, kind, category, currency) summed over every account in scope.

    `bucket` is a month's first day, or a day's or week's for those periods.
    """

    bucket: date
    kind: RollupKind
    category_key: int
    currency: str
    amount_minor: int
    record_count: int  # not `count`, which would shadow tuple.count


class AccountFact(NamedTuple):
    """The legs of one (bucket, account, kind) summed, in the account's currency."""

    bucket: date
    account_id: int
    kind: RollupKind
    amount_minor: int
    record_count: int  # not `count`, which would shadow tuple.count


class Grain(enum.Enum):
    """What facts are grouped by besides their bucket: the columns the parts built on them need.

    Grouping in SQL keeps what crosses into Python small: five years of roll-ups of every account
    and category are over ten thousand rows, by category alone a few thousand, by account a few
    hundred.
    """

    CATEGORY = ("kind", "category_key", "currency")
    ACCOUNT = ("account_id", "kind")


@dataclass(frozen=True)
class FactQuery:
    """Which facts to read: the legs of the records matching `criteria` from first_day to last_day."""

    criteria: RecordCriteria
    first_day: date
    last_day: date
    period: Period


@dataclass(frozen=True)
class ReadPlan:
    """Where the facts of a query come from: roll-ups for a run of whole months, records for days."""

    rollup_months: tuple[date, date] | None
    record_days: tuple[tuple[date, date], ...]
    record_bucket: Period


def plan_reads(query: FactQuery) -> ReadPlan:
    """Split the range into the whole months roll-ups answer and the days left to the records."""
    if query.first_day > query.last_day:
        return ReadPlan(None, (), Period.MONTH)
    if query.period not in MONTHLY_PERIODS or not query.criteria.rollups_answer():
        return ReadPlan(None, ((query.first_day, query.last_day),), _record_bucket(query.period))
    first_month = period_start(query.first_day, Period.MONTH)
    if first_month < query.first_day:
        first_month = next_period_start(first_month, Period.MONTH)
    after_last_month = period_start(query.last_day + timedelta(days=1), Period.MONTH)
    if first_month >= after_last_month:
        return ReadPlan(None, ((query.first_day, query.last_day),), Period.MONTH)
    last_month = period_start(after_last_month - timedelta(days=1), Period.MONTH)
    edges = ((query.first_day, first_month - timedelta(days=1)), (after_last_month, query.last_day))
    return ReadPlan((first_month, last_month), tuple((a, b) for a, b in edges if a <= b), Period.MONTH)


class FactSet(NamedTuple):
    """What one statement read for a query: its facts per grain, and the balances before it if asked."""

    facts: dict[Grain, list[Any]]
    balances_before: dict[int, int] | None
    """Per account (of the filter's accounts, else every one), its legs before the query's first day."""


# One statement answers every grain: each row is (part, bucket, account_id, kind, category_key,
# currency, amount, count), NULL where its part has no such column.
_SHARED_COLUMNS = ("account_id", "kind", "category_key", "currency")
_CATEGORY_PART, _ACCOUNT_PART, _BALANCES_BEFORE_PART = 0, 1, 2
_PART_OF_GRAIN = {Grain.CATEGORY: _CATEGORY_PART, Grain.ACCOUNT: _ACCOUNT_PART}
_PART_COLUMNS = {part: literal_column(str(part), Integer()) for part in (0, 1, 2)}
_ROLLUP_KIND_OF = {kind.value: kind for kind in RollupKind}


async def load_facts(
    session: AsyncSession,
    user_id: int,
    tree: CategoryTree,
    query: FactQuery,
    grains: Collection[Grain],
    with_balances_before: bool = False,
) -> FactSet:
    """The facts of the query grouped by bucket and each grain, roll-ups and records, in one statement.

    Facts are `CategoryFact` or `AccountFact` tuples, as their grain says. With balances before,
    the statement also sums every leg before the query's first day per account.
    """
    plan = plan_reads(query)
    legs = None
    if plan.record_days:
        conditions = await record_conditions(session, user_id, query.criteria, tree)
        days = or_(*(Record.occurred_on.between(first, last) for first, last in plan.record_days))
        legs = record_legs(and_(*conditions, days), query.criteria.account_ids)
    parts: list[Select[Any]] = []
    for grain in [grain for grain in Grain if grain in grains]:  # one statement text per set
        if plan.rollup_months is not None:
            parts.append(_from_rollups(user_id, tree, query.criteria, plan.rollup_months, grain))
        if legs is not None:
            bucket = period_start_sql(legs.c.occurred_on, plan.record_bucket, session.get_bind().dialect.name)
            parts.append(_shaped(grain, bucket, legs.c, bigint_sums(legs.c.amount_minor, func.count())))
    if with_balances_before:
        parts.append(_balances_before(user_id, query))
    facts: dict[Grain, list[Any]] = {grain: [] for grain in grains}
    before: dict[int, int] | None = defaultdict(int) if with_balances_before else None
    if not parts:
        return FactSet(facts, before)
    category_facts, account_facts = facts.get(Grain.CATEGORY, []), facts.get(Grain.ACCOUNT, [])
    # Roll-up months and record days never share a bucket, so the parts need no merging.
    rows = (await session.execute(parts[0] if len(parts) == 1 else union_all(*parts))).all()
    for part, bucket, account_id, kind_value, category_key, currency, amount, count in rows:
        if part == _CATEGORY_PART:
            kind = _ROLLUP_KIND_OF[kind_value]
            category_facts.append(CategoryFact(bucket, kind, category_key, currency, amount, count))
        elif part == _ACCOUNT_PART:
            account_facts.append(AccountFact(bucket, account_id, _ROLLUP_KIND_OF[kind_value], amount, count))
        elif before is not None:
            before[account_id] += int(amount)
    return FactSet(facts, before)


def _from_rollups(
    user_id: int, tree: CategoryTree, criteria: RecordCriteria, months: tuple[date, date], grain: Grain
) -> Select[Any]:
    """SELECT of the sums of the roll-up rows of the months that match the filter, by month and grain."""
    table = MonthlyRollup.__table__
    sums = bigint_sums(table.c.amount_minor, func.sum(table.c.record_count))
    return _shaped(grain, table.c.month, table.c, sums).where(
        table.c.user_id == user_id,
        table.c.month.between(*months),
        *rollup_conditions(table, tree, criteria),
    )


def _shaped(
    grain: Grain,
    bucket: ColumnElement[date],
    columns: ReadOnlyColumnCollection[str, Any],
    sums: tuple[ColumnElement[int], ColumnElement[int]],
) -> Select[Any]:
    """SELECT of a grain's sums per bucket in the shared row shape, grouped by bucket and grain."""
    shared = [_as_read(columns, name) if name in grain.value else _NULLS[name] for name in _SHARED_COLUMNS]
    return (
        select(_PART_COLUMNS[_PART_OF_GRAIN[grain]], bucket, *shared, *sums)
        .group_by(bucket, *(columns[name] for name in grain.value))
    )


def _as_read(columns: ReadOnlyColumnCollection[str, Any], name: str) -> ColumnElement[Any]:
    """A grain's column as it is read; the kind as its stored text, looked up in `_ROLLUP_KIND_OF`:
    SQLAlchemy's Enum type would convert each of the two thousand rows of five years in two calls."""
    column = columns[name]
    return type_coerce(column, String()) if name == "kind" else column


def _balances_before(user_id: int, query: FactQuery) -> Select[Any]:
    """SELECT of the legs before the query's first day per account, in the shared row shape."""
    totals = legs_before_query(user_id, query.criteria.account_ids or None, query.first_day).subquery()
    account_id, total = totals.c
    nulls = [_NULLS[name] if name != "account_id" else account_id for name in _SHARED_COLUMNS]
    part = _PART_COLUMNS[_BALANCES_BEFORE_PART]
    return select(part, _NULL_DATE, *nulls, cast(total, BigInteger), _NULL_COUNT)


# Typed NULLs, so PostgreSQL matches the columns of every part of the union.
_NULLS = {name: cast(null(), MonthlyRollup.__table__.c[name].type) for name in _SHARED_COLUMNS}
_NULL_DATE, _NULL_COUNT = cast(null(), Date()), cast(null(), BigInteger())


def bigint_sums(
    amount_minor: SQLColumnExpression[int], count: ColumnElement[int]
) -> tuple[ColumnElement[int], ColumnElement[int]]:
    """The sum of the amounts and the count, as bigints: PostgreSQL would sum bigints as numeric."""
    return cast(func.sum(amount_minor), BigInteger), cast(count, BigInteger)


def rollup_conditions(
    table: Table, tree: CategoryTree, criteria: RecordCriteria
) -> list[ColumnElement[bool]]:
    """The filter on the rows of a roll-up table, as `record_conditions` puts it on records.

    `table` is monthly_rollups (legs of the accounts) or monthly_payee_rollups (income and
    expenses: their only leg is their account's); both have account_id, kind and category_key.
    """
    conditions: list[ColumnElement[bool]] = []
    if criteria.account_ids:
        conditions.append(table.c.account_id.in_(criteria.account_ids))
    if criteria.kinds:
        kinds = [rollup_kind for kind in criteria.kinds for rollup_kind in _ROLLUP_KINDS[kind]]
        conditions.append(table.c.kind.in_(kinds))
    in_categories = (
        table.c.category_key.in_(sorted(tree.with_descendants(criteria.category_ids)))
        if criteria.category_ids
        else None
    )
    uncategorized = and_(
        table.c.category_key == UNCATEGORIZED_KEY,
        table.c.kind.in_((RollupKind.INCOME, RollupKind.EXPENSE)),
    )
    if criteria.uncategorized:
        conditions.append(uncategorized if in_categories is None else or_(in_categories, uncategorized))
    elif criteria.uncategorized is False and in_categories is None:
        conditions.append(not_(uncategorized))
    elif in_categories is not None:
        conditions.append(in_categories)
    return conditions


def _record_bucket(period: Period) -> Period:
    """Records are summed per month for periods of months, else per period."""
    return Period.MONTH if period in MONTHLY_PERIODS else period
