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
import functools
from collections import defaultdict
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger, ColumnElement, CompoundSelect, Date, Integer, Select, SQLColumnExpression, Table, and_,
    bindparam, case, cast, func, String, literal_column, not_, null, or_, select, type_coerce, union_all,
)
from sqlalchemy.sql.base import ReadOnlyColumnCollection
from sqlalchemy.ext.asyncio import AsyncSession

from api.categories.tree import CategoryTree
from api.ledger.balances import legs_before_month_query
from api.ledger.legs import record_legs
from api.ledger.models import UNCATEGORIZED_KEY, MonthlyRollup, Record, RecordKind, RollupKind
from api.ledger.periods import Period, month_start, next_period_start, period_start, period_start_sql
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


class DayRange(NamedTuple):
    """Days read from the records: added to the facts, or subtracted from their month's roll-up."""

    first: date
    last: date
    sign: int
    """1: the days are in the range and their month is not rolled up; -1: they are outside the range,
    and their month is (its roll-up less these days is what the range holds of it)."""


@dataclass(frozen=True)
class ReadPlan:
    """Where the facts of a query come from: roll-ups for a run of months, records for days."""

    rollup_months: tuple[date, date] | None
    record_days: tuple[DayRange, ...]
    record_bucket: Period


def plan_reads(query: FactQuery) -> ReadPlan:
    """Split the range into the months roll-ups answer and the days left to the records.

    A month the range covers only in part is read from the records for its days in the range, or,
    when fewer of its days lie outside the range, from its roll-up less the records of those days:
    five years from the 3rd of a month read two days of records at that edge, not twenty-nine
    (benchmark target 1), and a range ending today finds no records in the month's days after it.
    At most two ranges of days are read.
    """
    if query.first_day > query.last_day:
        return ReadPlan(None, (), Period.MONTH)
    if query.period not in MONTHLY_PERIODS or not query.criteria.rollups_answer():
        return ReadPlan(None, _days(query.first_day, query.last_day, 1), _record_bucket(query.period))
    first_month, last_month = month_start(query.first_day), month_start(query.last_day)
    before = _days(first_month, query.first_day - timedelta(days=1), -1)
    after = _days(query.last_day + timedelta(days=1), _month_end(last_month), -1)
    if first_month == last_month:
        inside = _days(query.first_day, query.last_day, 1)
        if _count(before + after) < _count(inside):
            return ReadPlan((first_month, first_month), before + after, Period.MONTH)
        return ReadPlan(None, inside, Period.MONTH)
    first_inside = _days(query.first_day, _month_end(first_month), 1)
    last_inside = _days(last_month, query.last_day, 1)
    first_rolled_up = _count(before) < _count(first_inside)
    last_rolled_up = _count(after) < _count(last_inside)
    rollup_first = first_month if first_rolled_up else next_period_start(first_month, Period.MONTH)
    rollup_last = last_month if last_rolled_up else month_start(last_month - timedelta(days=1))
    days = (before if first_rolled_up else first_inside) + (after if last_rolled_up else last_inside)
    return ReadPlan((rollup_first, rollup_last) if rollup_first <= rollup_last else None, days, Period.MONTH)


def _days(first: date, last: date, sign: int) -> tuple[DayRange, ...]:
    """The days from first to last as one range with its sign; none when last is before first."""
    return (DayRange(first, last, sign),) if first <= last else ()


def _count(ranges: tuple[DayRange, ...]) -> int:
    """How many days the ranges hold."""
    return sum((days.last - days.first).days + 1 for days in ranges)


def _month_end(month: date) -> date:
    return next_period_start(month, Period.MONTH) - timedelta(days=1)


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
NO_FILTER = RecordCriteria()

# The user and the dates are bound parameters, so the statement of a summary without a filter is
# built once per shape and reused: building it and its cache key cost SQLAlchemy more CPU than
# running it (1.5 ms of a one-month summary's 2.8, 3.7 ms of a five-year one's 10.5).
USER_ID = bindparam("user_id", type_=Integer())
ROLLUP_MONTHS = (bindparam("first_month", type_=Date()), bindparam("last_month", type_=Date()))
"""The first and last month a read plan's roll-ups cover, as bound parameters."""
RECORD_DAYS = tuple(
    (bindparam(f"days_{edge}_first", type_=Date()), bindparam(f"days_{edge}_last", type_=Date()))
    for edge in range(2)
)
"""The ranges of days a read plan reads from records (at most two: the edges), as bound parameters."""
_BEFORE_MONTH, _BEFORE_DAY = bindparam("before_month", type_=Date()), bindparam("before_day", type_=Date())


def range_values(user_id: int, rollup_months: tuple[date, date] | None,
                 record_days: tuple[DayRange, ...]) -> dict[str, Any]:
    """The values of USER_ID, ROLLUP_MONTHS and RECORD_DAYS for a statement reading these ranges."""
    values: dict[str, Any] = {USER_ID.key: user_id}
    if rollup_months is not None:
        values.update(zip((month.key for month in ROLLUP_MONTHS), rollup_months))
    for days, (first, last) in zip(record_days, RECORD_DAYS):
        values.update({first.key: days.first, last.key: days.last})
    return values


@dataclass(frozen=True)
class _Shape:
    """What a fact statement's text depends on besides the filter: its parts and date ranges."""

    grains: tuple[Grain, ...]
    rollups: bool
    record_signs: tuple[int, ...]
    """The sign of each range of days read from the records (`DayRange.sign`)."""
    record_bucket: Period
    balances_before: bool
    before_mid_month: bool
    dialect: str


async def load_facts(
    session: AsyncSession,
    user_id: int,
    load_tree: Callable[[], Awaitable[CategoryTree]],
    query: FactQuery,
    grains: Collection[Grain],
    with_balances_before: bool = False,
) -> FactSet:
    """The facts of the query grouped by bucket and each grain, roll-ups and records, in one statement.

    Facts are `CategoryFact` or `AccountFact` tuples, as their grain says. With balances before,
    the statement also sums every leg before the query's first day per account. The category tree
    is loaded only for a filter, which may name categories.
    """
    plan = plan_reads(query)
    before_month = period_start(query.first_day, Period.MONTH)
    shape = _Shape(
        grains=tuple(grain for grain in Grain if grain in grains),
        rollups=plan.rollup_months is not None,
        record_signs=tuple(days.sign for days in plan.record_days),
        record_bucket=plan.record_bucket,
        balances_before=with_balances_before,
        before_mid_month=query.first_day != before_month,
        dialect=session.get_bind().dialect.name,
    )
    facts: dict[Grain, list[Any]] = {grain: [] for grain in grains}
    before: dict[int, int] | None = defaultdict(int) if with_balances_before else None
    if not with_balances_before and not (shape.grains and (shape.rollups or shape.record_signs)):
        return FactSet(facts, before)
    if query.criteria == NO_FILTER:
        statement = _unfiltered_statement(shape)
    else:
        tree = await load_tree()
        records = await record_conditions(session, user_id, query.criteria, tree) if plan.record_days else []
        filters = _Filters(records, rollup_conditions(MonthlyRollup.__table__, tree, query.criteria),
                           query.criteria.account_ids)
        statement = _statement(shape, filters)
    values = range_values(user_id, plan.rollup_months, plan.record_days)
    values.update({_BEFORE_MONTH.key: before_month, _BEFORE_DAY.key: query.first_day})
    category_facts, account_facts = facts.get(Grain.CATEGORY, []), facts.get(Grain.ACCOUNT, [])
    rows = (await session.execute(statement, values)).all()
    for part, bucket, account_id, kind_value, category_key, currency, amount, count in rows:
        if part == _CATEGORY_PART:
            kind = _ROLLUP_KIND_OF[kind_value]
            category_facts.append(CategoryFact(bucket, kind, category_key, currency, amount, count))
        elif part == _ACCOUNT_PART:
            account_facts.append(AccountFact(bucket, account_id, _ROLLUP_KIND_OF[kind_value], amount, count))
        elif before is not None:
            before[account_id] += int(amount)
    return FactSet(facts, before)


class _Filters(NamedTuple):
    """A filter as conditions on records and on roll-ups, and the accounts whose legs count."""

    records: list[ColumnElement[bool]]
    rollups: list[ColumnElement[bool]]
    account_ids: tuple[int, ...]


@functools.lru_cache(maxsize=64)
def _unfiltered_statement(shape: _Shape) -> Select[Any] | CompoundSelect[Any]:
    """The statement of a shape for the user's every record, built once per process."""
    return _statement(shape, _Filters([Record.user_id == USER_ID], [], ()))


def _statement(shape: _Shape, filters: _Filters) -> Select[Any] | CompoundSelect[Any]:
    """The one statement of a shape: its grains from roll-ups and records, and the balances before."""
    legs = None
    if shape.record_signs:
        ranges = RECORD_DAYS[:len(shape.record_signs)]
        days = or_(*(Record.occurred_on.between(*edge) for edge in ranges))
        legs = record_legs(and_(*filters.records, days), filters.account_ids)
    parts: list[Select[Any]] = []
    for grain in shape.grains:
        grain_parts = [_from_rollups(filters.rollups, grain)] if shape.rollups else []
        if legs is not None:
            bucket = period_start_sql(legs.c.occurred_on, shape.record_bucket, shape.dialect)
            sums = _signed_sums(legs.c.occurred_on, legs.c.amount_minor, shape.record_signs)
            grain_parts.append(_shaped(grain, bucket, legs.c, sums))
        if -1 in shape.record_signs and len(grain_parts) > 1:
            # Days subtracted from their month's roll-up share its bucket: the rows are merged.
            grain_parts = [_merged(grain, grain_parts)]
        parts.extend(grain_parts)
    if shape.balances_before:
        parts.append(_balances_before(filters.account_ids, shape.before_mid_month))
    return parts[0] if len(parts) == 1 else union_all(*parts)


def _signed_sums(
    occurred_on: ColumnElement[date], amount_minor: SQLColumnExpression[int], signs: tuple[int, ...]
) -> tuple[ColumnElement[int], ColumnElement[int]]:
    """The sums of the amounts and the counts of records, the days of each range with its sign."""
    if all(sign == 1 for sign in signs):
        return bigint_sums(amount_minor, func.count())
    if len(set(signs)) == 1:
        return bigint_sums(-amount_minor, -func.count())
    first, second = (literal_column(str(sign), Integer()) for sign in signs)
    sign = case((occurred_on.between(*RECORD_DAYS[0]), first), else_=second)
    return bigint_sums(amount_minor * sign, func.sum(sign))


def _merged(grain: Grain, parts: list[Select[Any]]) -> Select[Any]:
    """The rows of several parts of one grain summed per bucket and grain, those of no record left out."""
    rows = union_all(*parts).subquery("merged")
    columns = list(rows.c)
    count = func.sum(columns[-1])
    return _shaped(grain, columns[1], rows.c, bigint_sums(columns[-2], count)).having(count != 0)


def _from_rollups(filter_conditions: list[ColumnElement[bool]], grain: Grain) -> Select[Any]:
    """SELECT of the sums of the roll-up rows of the months that match the filter, by month and grain."""
    table = MonthlyRollup.__table__
    sums = bigint_sums(table.c.amount_minor, func.sum(table.c.record_count))
    return _shaped(grain, table.c.month, table.c, sums).where(
        table.c.user_id == USER_ID, table.c.month.between(*ROLLUP_MONTHS), *filter_conditions,
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


def _balances_before(account_ids: tuple[int, ...], mid_month: bool) -> Select[Any]:
    """SELECT of the legs before the query's first day per account, in the shared row shape."""
    day = _BEFORE_DAY if mid_month else None
    totals = legs_before_month_query(USER_ID, account_ids or None, _BEFORE_MONTH, day).subquery()
    account_id, total = totals.c
    nulls = [_NULLS[name] if name != "account_id" else account_id for name in _SHARED_COLUMNS]
    part = _PART_COLUMNS[_BALANCES_BEFORE_PART]
    return select(part, _NULL_DATE, *nulls, cast(total, BigInteger), _NULL_COUNT)


# Typed NULLs, so PostgreSQL matches the columns of every part of the union; labelled, because the
# ORM looks a lone SELECT's columns up by name and an anonymous NULL's was not found (NoSuchColumnError).
_NULLS = {name: cast(null(), MonthlyRollup.__table__.c[name].type).label(name) for name in _SHARED_COLUMNS}
_NULL_DATE = cast(null(), Date()).label("bucket")
_NULL_COUNT = cast(null(), BigInteger()).label("record_count")


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
