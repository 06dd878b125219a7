"""Monthly roll-ups as the records define them: the reference for `ledger check` and `ledger rebuild`.

The writer keeps `monthly_rollups` in step by deltas; this module computes the same rows from
scratch with one GROUP BY over the records, so the two can be compared (and the table rebuilt).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, delete, func, insert, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from api.ledger.legs import record_legs
from api.ledger.models import MonthlyRollup, Record, RollupKind
from api.ledger.periods import Period, period_start_sql

RollupKey = tuple[int, date, int, RollupKind, int, str]
"""(user_id, month, account_id, kind, category_key, currency): the primary key of a roll-up row."""


@dataclass(frozen=True)
class RollupDifference:
    """One roll-up row that does not match the records: (amount, count) stored and expected."""

    key: RollupKey
    stored: tuple[int, int]
    expected: tuple[int, int]


def rollups_from_records(
    dialect_name: str, user_id: int | None = None, condition: ColumnElement[bool] | None = None
) -> Select[tuple[object, ...]]:
    """SELECT of every roll-up row (columns named like MonthlyRollup's) computed from the records.

    `condition` (on Record's columns) limits it to some records: what they contribute, which the
    writer takes away before deleting or changing them in bulk.
    """
    conditions = [condition] if condition is not None else []
    if user_id is not None:
        conditions.append(Record.user_id == user_id)
    legs = record_legs(and_(true(), *conditions))
    month = period_start_sql(legs.c.occurred_on, Period.MONTH, dialect_name).label("month")
    return select(
        legs.c.user_id,
        month,
        legs.c.account_id,
        legs.c.kind,
        legs.c.category_key,
        legs.c.currency,
        func.sum(legs.c.amount_minor).label("amount_minor"),
        func.count().label("record_count"),
    ).group_by(
        legs.c.user_id, month, legs.c.account_id, legs.c.kind, legs.c.category_key, legs.c.currency
    )


async def find_rollup_differences(
    session: AsyncSession, user_id: int | None = None
) -> list[RollupDifference]:
    """Every roll-up row whose stored (amount, count) differs from what the records give."""
    dialect_name = session.bind.dialect.name
    expected = {
        computed_rollup_key(row): (int(row.amount_minor), int(row.record_count))
        for row in await session.execute(rollups_from_records(dialect_name, user_id))
    }
    stored_query = select(MonthlyRollup)
    if user_id is not None:
        stored_query = stored_query.where(MonthlyRollup.user_id == user_id)
    stored = {rollup_key(rollup): (rollup.amount_minor, rollup.record_count)
              for rollup in await session.scalars(stored_query)}
    absent = (0, 0)
    return [
        RollupDifference(key, stored.get(key, absent), expected.get(key, absent))
        for key in sorted(stored.keys() | expected.keys(), key=rollup_sort_key)
        if stored.get(key, absent) != expected.get(key, absent)
    ]


async def rebuild_rollups(session: AsyncSession, user_id: int | None = None) -> int:
    """Replace the roll-ups (of one user, or all) by those computed from the records; the caller commits."""
    deletion = delete(MonthlyRollup)
    if user_id is not None:
        deletion = deletion.where(MonthlyRollup.user_id == user_id)
    await session.execute(deletion)
    source = rollups_from_records(session.bind.dialect.name, user_id)
    columns = ["user_id", "month", "account_id", "kind", "category_key", "currency", "amount_minor",
               "record_count"]
    await session.execute(insert(MonthlyRollup).from_select(columns, source))
    # Counted rather than the INSERT's rowcount, which psycopg reports as -1 here.
    count = select(func.count()).select_from(MonthlyRollup)
    if user_id is not None:
        count = count.where(MonthlyRollup.user_id == user_id)
    return await session.scalar(count) or 0


def rollup_key(rollup: MonthlyRollup) -> RollupKey:
    """The primary key of a stored roll-up row."""
    return (
        rollup.user_id, rollup.month, rollup.account_id, rollup.kind, rollup.category_key, rollup.currency
    )


def computed_rollup_key(row: object) -> RollupKey:
    """The primary key of a row of `rollups_from_records`, typed like the stored one."""
    month = row.month  # type: ignore[attr-defined]
    if isinstance(month, str):  # SQLite's date() returns ISO text
        month = date.fromisoformat(month)
    return (row.user_id, month, row.account_id, RollupKind(row.kind),  # type: ignore[attr-defined]
            row.category_key, row.currency)  # type: ignore[attr-defined]


def rollup_sort_key(key: RollupKey) -> tuple[object, ...]:
    """Keys in primary-key order (kinds by their stored value)."""
    user_id, month, account_id, kind, category_key, currency = key
    return (user_id, month, account_id, kind.value, category_key, currency)
