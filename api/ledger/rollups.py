"""Monthly roll-ups as the records define them: the reference for `ledger check` and `ledger rebuild`.

The writer keeps `monthly_rollups` and `monthly_payee_rollups` in step by deltas; this module
computes the same rows from scratch with one GROUP BY over the records per table, so the two can
be compared (and the tables rebuilt).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, func, insert, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from api.database import Base
from api.ledger.legs import record_legs
from api.ledger.models import MonthlyPayeeRollup, MonthlyRollup, Record, RollupKind
from api.ledger.payee_rollups import payee_rollups_from_records
from api.ledger.periods import Period, period_start_sql

RollupKey = tuple[int, date, int, RollupKind, int, str]
"""(user_id, month, account_id, kind, category_key, currency): the primary key of a roll-up row."""

ROLLUP_KEY_COLUMNS = ("user_id", "month", "account_id", "kind", "category_key", "currency")
PAYEE_ROLLUP_KEY_COLUMNS = ("user_id", "kind", "month", "account_id", "category_key", "payee", "currency")


@dataclass(frozen=True)
class RollupDifference:
    """One roll-up row that does not match the records: (amount, count) stored and expected.

    `table` is monthly_rollups or monthly_payee_rollups, `key` the row's primary key in that
    table's column order (a RollupKey or a PayeeRollupKey).
    """

    table: str
    key: tuple[Any, ...]
    stored: tuple[int, int]
    expected: tuple[int, int]

    def describe(self) -> str:
        """The row for a person: user, account, month, kind, category, payee if any, currency."""
        values = dict(zip(_TABLES[self.table].key_columns, self.key))
        payee = f"payee {values['payee']!r}, " if "payee" in values else ""
        return (f"user {values['user_id']}, account {values['account_id']}, {values['month']:%Y-%m}, "
                f"{values['kind'].value}, category {values['category_key']}, {payee}{values['currency']}")


@dataclass(frozen=True)
class _RollupTable:
    """A table the writer keeps in step, and the SELECT computing its rows from the records."""

    model: type[Base]
    key_columns: tuple[str, ...]
    reference: Callable[[str, int | None], Select[tuple[object, ...]]]


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
    """Every roll-up row (monthly, then per payee) whose stored (amount, count) differs from the records."""
    differences = []
    for name, table in _TABLES.items():
        differences += await _table_differences(session, name, table, user_id)
    return differences


async def _table_differences(
    session: AsyncSession, name: str, table: _RollupTable, user_id: int | None
) -> list[RollupDifference]:
    columns = table.model.__table__.c
    expected = {
        typed_key(row, table.key_columns): (int(row.amount_minor), int(row.record_count))
        for row in await session.execute(table.reference(session.get_bind().dialect.name, user_id))
    }
    key_columns = [columns[name] for name in table.key_columns]
    stored_query = select(*key_columns, columns.amount_minor, columns.record_count)
    if user_id is not None:
        stored_query = stored_query.where(columns.user_id == user_id)
    stored = {typed_key(row, table.key_columns): (row.amount_minor, row.record_count)
              for row in await session.execute(stored_query)}
    absent = (0, 0)
    return [
        RollupDifference(name, key, stored.get(key, absent), expected.get(key, absent))
        for key in sorted(stored.keys() | expected.keys(), key=rollup_sort_key)
        if stored.get(key, absent) != expected.get(key, absent)
    ]


async def rebuild_rollups(session: AsyncSession, user_id: int | None = None) -> int:
    """Replace both roll-up tables (of one user, or all) by the records' reference; the caller commits.

    Returns how many rows the two tables then hold.
    """
    row_count = 0
    for table in _TABLES.values():
        model_table = table.model.__table__
        deletion = delete(model_table)
        if user_id is not None:
            deletion = deletion.where(model_table.c.user_id == user_id)
        await session.execute(deletion)
        source = table.reference(session.get_bind().dialect.name, user_id)
        columns = [*table.key_columns, "amount_minor", "record_count"]
        await session.execute(insert(model_table).from_select(columns, source))
        # Counted rather than the INSERT's rowcount, which psycopg reports as -1 here.
        count = select(func.count()).select_from(model_table)
        if user_id is not None:
            count = count.where(model_table.c.user_id == user_id)
        row_count += await session.scalar(count) or 0
    return row_count


def typed_key(row: Any, key_columns: Sequence[str]) -> tuple[Any, ...]:
    """A row's primary key typed like the stored one (SQLite's date() returns ISO text)."""
    values = []
    for name in key_columns:
        value = getattr(row, name)
        if name == "month" and isinstance(value, str):
            value = date.fromisoformat(value)
        elif name == "kind":
            value = RollupKind(value)
        values.append(value)
    return tuple(values)


def computed_rollup_key(row: object) -> RollupKey:
    """The primary key of a row of `rollups_from_records`, typed like the stored one."""
    return typed_key(row, ROLLUP_KEY_COLUMNS)


def rollup_sort_key(key: tuple[Any, ...]) -> tuple[Any, ...]:
    """Keys of either table in primary-key order (kinds by their stored value).

    A list comprehension and `_value_` (the enum's own attribute, not the `value` property): the writer
    sorts every key a batch changes, and a generator with `isinstance` and `.value` cost 0.9 ms of a
    createRecords batch of 500 (about 620 keys).
    """
    return tuple([value._value_ if value.__class__ is RollupKind else value for value in key])


_TABLES = {
    "monthly_rollups": _RollupTable(MonthlyRollup, ROLLUP_KEY_COLUMNS, rollups_from_records),
    "monthly_payee_rollups": _RollupTable(
        MonthlyPayeeRollup, PAYEE_ROLLUP_KEY_COLUMNS, payee_rollups_from_records
    ),
}
