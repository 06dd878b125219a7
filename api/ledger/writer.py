"""The only code that inserts, updates or deletes records: roll-ups change with them, in one transaction.

Every write turns into roll-up deltas, summed per roll-up key for the whole batch, then applied
with one upsert per table, `monthly_rollups` and `monthly_payee_rollups` (`amount_minor =
amount_minor + delta`, the same for the count); rows whose count falls to zero are deleted.
Nothing here commits: the caller owns the transaction, so records and roll-ups are committed (or
rolled back) together.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field as dataclass_field
from datetime import date, datetime
from typing import Any, Protocol, cast

from sqlalchemy import ColumnElement, CursorResult, Select, Table, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import instance_dict

from api.accounts.models import Account
from api.database import utc_now
from api.ledger import bulk
from api.ledger.capacity import ensure_room_for
from api.ledger.models import (
    UNCATEGORIZED_KEY, MonthlyPayeeRollup, MonthlyRollup, Record, RecordKind, RecordTag, RollupKind,
)
from api.ledger.payee_rollups import PayeeRollupKey, payee_rollup_kind, payee_rollups_from_records
from api.ledger.periods import month_start
from api.ledger.rollups import (
    PAYEE_ROLLUP_KEY_COLUMNS, ROLLUP_KEY_COLUMNS, RollupKey, computed_rollup_key, rollup_sort_key,
    rollups_from_records, typed_key,
)
from api.monitoring.metrics import RECORDS_CREATED

_UPSERT_INSERTS: dict[str, Callable[..., sqlite.Insert | postgresql.Insert]] = {
    "sqlite": sqlite.insert, "postgresql": postgresql.insert,
}
# The records' columns as `insert_records_returning_ids` writes them (the id, allocated, goes first).
_RECORD_COLUMNS = (
    "user_id", "account_id", "kind", "amount_minor", "currency", "occurred_on", "payee", "description",
    "notes", "category_id", "counterpart_account_id", "counterpart_amount_minor", "created_at", "updated_at",
)
# Looked up, not built with RollupKind(kind.value) per record: an enum call costs more than the rest.
_OWN_ROLLUP_KIND = {
    RecordKind.INCOME: RollupKind.INCOME,
    RecordKind.EXPENSE: RollupKind.EXPENSE,
    RecordKind.TRANSFER: RollupKind.TRANSFER_OUT,
}


class Deltas:
    """What a batch adds to the roll-ups: per key of each table, [amount_minor, record_count]."""

    def __init__(self) -> None:
        self.rollups: dict[RollupKey, list[int]] = defaultdict(lambda: [0, 0])
        self.payees: dict[PayeeRollupKey, list[int]] = defaultdict(lambda: [0, 0])


@dataclass
class RecordValues:
    """Validated column values of a record, plus its normalised tags: what the writer stores."""

    account_id: int
    kind: RecordKind
    amount_minor: int
    currency: str
    occurred_on: date
    payee: str
    description: str
    notes: str
    category_id: int | None
    counterpart_account_id: int | None
    counterpart_amount_minor: int | None
    tags: list[str] = dataclass_field(default_factory=list)

    def columns(self) -> dict[str, object]:
        """Everything but the tags, ready to set on a Record."""
        values = dict(vars(self))
        del values["tags"]
        return values

    def column_values(self) -> tuple[object, ...]:
        """Everything but the tags, in field order (account_id first)."""
        return (self.account_id, self.kind, self.amount_minor, self.currency, self.occurred_on, self.payee,
                self.description, self.notes, self.category_id, self.counterpart_account_id,
                self.counterpart_amount_minor)


@dataclass(kw_only=True)
class WrittenRecord(RecordValues):
    """A record just inserted: its values as written, its id and timestamps (what `Record` would load)."""

    id: int
    user_id: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, values: RecordValues, record_id: int, user_id: int, now: datetime) -> WrittenRecord:
        """The record `values` became: their fields copied as they are."""
        record = cls.from_fields(vars(values).items(), list(values.tags))
        record.__dict__.update(id=record_id, user_id=user_id, created_at=now, updated_at=now)
        return record

    @classmethod
    def from_fields(cls, fields: Iterable[tuple[str, Any]], tags: list[str]) -> WrittenRecord:
        """A record of these (name, value) fields, without the dataclass's __init__: it cost 8 us a record
        (4 ms of a createRecords batch of 500 on a loaded machine, 19 keywords for each row of a page)."""
        record = cls.__new__(cls)
        record.__dict__.update(fields, tags=tags)
        return record

    @property
    def tag_names(self) -> list[str]:
        """The record's tags, as `Record.tag_names` names them."""
        return self.tags


class _Entry(Protocol):
    """What a roll-up needs of a record: a stored Record and new RecordValues both have it."""

    account_id: int
    kind: RecordKind
    amount_minor: int
    currency: str
    occurred_on: date
    category_id: int | None
    counterpart_account_id: int | None
    counterpart_amount_minor: int | None
    payee: str


async def insert_records(
    session: AsyncSession, user_id: int, values: Sequence[RecordValues]
) -> list[WrittenRecord]:
    """Insert validated records and their tags in bulk; returns them, as written, in the order given.

    Built from the values written, not read back, and not as ORM objects: constructing, detaching
    and loading the tags of 500 `Record`s cost more than inserting them.
    """
    now = utc_now()
    ids = await _insert_new_records(session, user_id, values, now)
    return [WrittenRecord.of(value, record_id, user_id, now) for record_id, value in zip(ids, values)]


async def update_record(session: AsyncSession, record: Record, values: RecordValues) -> Record:
    """Give a stored record new validated values (tags that stay keep their rows)."""
    deltas = Deltas()
    currencies = await _account_currencies(session, [record, values])
    _add_entries(deltas, record.user_id, [record], currencies, sign=-1)
    for column, value in values.columns().items():
        setattr(record, column, value)
    existing = {tag.tag: tag for tag in record.tags}
    record.tags = [existing.get(tag) or RecordTag(tag=tag) for tag in values.tags]
    record.updated_at = utc_now()
    _add_entries(deltas, record.user_id, [record], currencies, sign=1)
    await session.flush()
    await _apply_deltas(session, deltas)
    return record


async def delete_records(session: AsyncSession, user_id: int, condition: ColumnElement[bool]) -> int:
    """Delete the user's records matching `condition` (on Record's columns), tags too; returns how many."""
    deltas = Deltas()
    for key, amount_minor, record_count in await _rollups_of(session, user_id, condition):
        _add(deltas.rollups, key, -amount_minor, -record_count)
    for payee_key, amount_minor, record_count in await _payee_rollups_of(session, user_id, condition):
        _add(deltas.payees, payee_key, -amount_minor, -record_count)
    matching = select(Record.id).where(Record.user_id == user_id, condition)
    options = {"synchronize_session": _synchronization(session, Record, RecordTag)}
    await session.execute(delete(RecordTag).where(RecordTag.record_id.in_(matching)),
                          execution_options=options)
    result = await session.execute(delete(Record).where(Record.user_id == user_id, condition),
                                   execution_options=options)
    await _apply_deltas(session, deltas)
    return cast(CursorResult[Any], result).rowcount  # DML: a CursorResult


def _synchronization(session: AsyncSession, *classes: type) -> str | bool:
    """How a bulk DELETE keeps the session in step: not at all when it holds none of these objects.

    Otherwise the ORM's "auto" falls back to RETURNING every deleted row's key when it cannot evaluate
    the condition in Python (an IN subquery): undoing an import of 100,000 records fetched all their
    ids and tags, 22 MB of Python objects at the peak, to synchronize nothing.
    """
    loaded = any(key[0] in classes for key in session.sync_session.identity_map.keys())
    return "auto" if loaded else False


async def uncategorize_records(session: AsyncSession, user_id: int, category_ids: Select[int]) -> int:
    """Take the category off the user's records in `category_ids` (a SELECT of ids); returns how many."""
    condition = Record.category_id.in_(category_ids)
    deltas = Deltas()
    for key, amount_minor, record_count in await _rollups_of(session, user_id, condition):
        _add(deltas.rollups, key, -amount_minor, -record_count)
        _add(deltas.rollups, (*key[:4], UNCATEGORIZED_KEY, key[5]), amount_minor, record_count)
    for payee_key, amount_minor, record_count in await _payee_rollups_of(session, user_id, condition):
        _add(deltas.payees, payee_key, -amount_minor, -record_count)
        _add(deltas.payees, (*payee_key[:4], UNCATEGORIZED_KEY, *payee_key[5:]), amount_minor, record_count)
    result = await session.execute(
        update(Record)
        .where(Record.user_id == user_id, condition)
        .values(category_id=None, updated_at=utc_now())
    )
    await _apply_deltas(session, deltas)
    return cast(CursorResult[Any], result).rowcount  # DML: a CursorResult


async def _account_currencies(session: AsyncSession, entries: Iterable[_Entry]) -> dict[int, str]:
    """The currency of every account a transfer arrives in (an arrival counts in its account's currency).

    Read from the accounts the session holds loaded (validation loaded them), else with one query.
    """
    account_ids = sorted({entry.counterpart_account_id for entry in entries
                          if entry.counterpart_account_id is not None})
    currencies: dict[int, str] = {}
    for account_id in account_ids:
        held = session.identity_map.get(session.identity_key(Account, account_id))
        currency = instance_dict(held).get("currency") if held is not None else None  # never loads
        if currency is not None:
            currencies[account_id] = currency
    missing = [account_id for account_id in account_ids if account_id not in currencies]
    if missing:
        rows = await session.execute(select(Account.id, Account.currency).where(Account.id.in_(missing)))
        currencies.update({account_id: currency for account_id, currency in rows})
    return currencies


async def _rollups_of(
    session: AsyncSession, user_id: int, condition: ColumnElement[bool]
) -> list[tuple[RollupKey, int, int]]:
    """What the matching records contribute to the roll-ups, grouped in SQL (cheap for whole accounts)."""
    query = rollups_from_records(session.get_bind().dialect.name, user_id, condition)
    rows = await session.execute(query)
    return [(computed_rollup_key(row), int(row.amount_minor), int(row.record_count)) for row in rows]


async def _payee_rollups_of(
    session: AsyncSession, user_id: int, condition: ColumnElement[bool]
) -> list[tuple[PayeeRollupKey, int, int]]:
    """What the matching records contribute to the payee roll-ups, grouped in SQL."""
    query = payee_rollups_from_records(session.get_bind().dialect.name, user_id, condition)
    rows = await session.execute(query)
    return [(typed_key(row, PAYEE_ROLLUP_KEY_COLUMNS), int(row.amount_minor),
             int(row.record_count)) for row in rows]


def _add_entries(
    deltas: Deltas, user_id: int, entries: Iterable[_Entry], currencies: dict[int, str], sign: int
) -> None:
    """Add (sign 1) or take away (sign -1) the entries' contributions, as the two references have it.

    One loop, each date's month computed once: per entry, the calls this once made cost more than
    inserting the entry when an import writes 100,000 of them.
    """
    rollups, payees = deltas.rollups, deltas.payees
    months: dict[date, date] = {}
    for entry in entries:
        occurred_on = entry.occurred_on
        month = months.get(occurred_on)
        if month is None:
            month = months[occurred_on] = month_start(occurred_on)
        kind, amount_minor, account_id = entry.kind, sign * entry.amount_minor, entry.account_id
        category_key = entry.category_id if entry.category_id is not None else UNCATEGORIZED_KEY
        payee_kind = payee_rollup_kind(kind, entry.payee)
        if payee_kind is not None:
            _add(payees, (user_id, payee_kind, month, account_id, category_key, entry.payee, entry.currency),
                 amount_minor, sign)
        _add(rollups, (user_id, month, account_id, _OWN_ROLLUP_KIND[kind], category_key, entry.currency),
             amount_minor, sign)
        if kind is RecordKind.TRANSFER and entry.counterpart_account_id is not None:
            arrival_currency = currencies[entry.counterpart_account_id]
            _add(rollups,
                 (user_id, month, entry.counterpart_account_id, RollupKind.TRANSFER_IN, category_key,
                  arrival_currency),
                 sign * (entry.counterpart_amount_minor or 0), sign)  # SQL's SUM skips a NULL too


def _add(deltas: dict[Any, list[int]], key: tuple[Any, ...], amount_minor: int, record_count: int) -> None:
    delta = deltas[key]
    delta[0] += amount_minor
    delta[1] += record_count


async def _apply_deltas(session: AsyncSession, deltas: Deltas) -> None:
    """Apply the deltas of both tables, each with one upsert.

    Refused with InvalidInput first when the new legs would take a user past the capacity that
    keeps every sum within 64 bits (api.ledger.capacity).
    """
    changed = _changed(deltas.rollups)
    added: dict[int, int] = defaultdict(int)
    for key, (_, record_count) in changed:
        added[key[0]] += record_count
    for user_id, count in sorted(added.items()):
        await ensure_room_for(session, user_id, count)  # else the upsert's sums could overflow
    await _upsert(session, MonthlyRollup.__table__, ROLLUP_KEY_COLUMNS, changed)
    await _upsert(session, MonthlyPayeeRollup.__table__, PAYEE_ROLLUP_KEY_COLUMNS, _changed(deltas.payees))


def _changed(deltas: dict[Any, list[int]]) -> list[tuple[Any, list[int]]]:
    """The deltas that change something, sorted by key: concurrent writers lock rows alike."""
    return sorted(((key, delta) for key, delta in deltas.items() if delta != [0, 0]),
                  key=lambda item: rollup_sort_key(item[0]))


@functools.cache  # one per dialect and roll-up table; built once, so bulk.insert_rows compiles it once
def _adding_upsert(dialect_name: str, table: Table) -> sqlite.Insert | postgresql.Insert:
    """INSERT of roll-up rows that adds amount and count to the row already there."""
    upsert = _UPSERT_INSERTS[dialect_name](table)
    return upsert.on_conflict_do_update(
        index_elements=[column.name for column in table.primary_key.columns],
        set_={
            "amount_minor": table.c.amount_minor + upsert.excluded.amount_minor,
            "record_count": table.c.record_count + upsert.excluded.record_count,
        },
    )


async def _upsert(
    session: AsyncSession, table: Table, key_columns: Sequence[str], changed: list[tuple[Any, list[int]]]
) -> None:
    """One upsert adding every delta to its row, then drop the rows whose count fell to zero."""
    if not changed:
        return
    rows = [(*key, amount_minor, record_count) for key, (amount_minor, record_count) in changed]
    await bulk.insert_rows(session, table, [*key_columns, "amount_minor", "record_count"], rows,
                           _adding_upsert(session.get_bind().dialect.name, table))
    shrunk = [dict(zip(key_columns, key)) for key, (_, record_count) in changed if record_count < 0]
    if shrunk:
        await session.execute(
            delete(table).where(
                table.c.record_count == 0,
                table.c.user_id.in_(sorted({key["user_id"] for key in shrunk})),
                table.c.month.in_(sorted({key["month"] for key in shrunk})),
            )
        )


async def insert_records_returning_ids(
    session: AsyncSession, user_id: int, values: Sequence[RecordValues]
) -> list[int]:
    """`insert_records` for bulk imports: the same rows and roll-ups; only the ids come back, in order."""
    return await _insert_new_records(session, user_id, values, utc_now())


async def _insert_new_records(
    session: AsyncSession, user_id: int, values: Sequence[RecordValues], now: datetime
) -> list[int]:
    """The records and their tags, then what they add to the roll-ups; returns their ids, in order.

    Rows go through the driver's executemany with ids allocated first (`api.ledger.bulk`): per row
    this costs a third of Core's INSERT … RETURNING, which dominated createRecords and large imports.
    """
    if not values:
        return []
    rows = [(user_id, *value.column_values(), now, now) for value in values]
    ids = await bulk.insert_rows_with_new_ids(session, Record.__table__, _RECORD_COLUMNS, rows)
    tag_rows = [(record_id, tag) for record_id, value in zip(ids, values) for tag in value.tags]
    await bulk.insert_rows(session, RecordTag.__table__, ("record_id", "tag"), tag_rows)
    deltas = Deltas()
    _add_entries(deltas, user_id, values, await _account_currencies(session, values), sign=1)
    await _apply_deltas(session, deltas)
    RECORDS_CREATED.inc(len(ids))
    return ids


async def update_records(session: AsyncSession, updates: Sequence[tuple[Record, RecordValues]]) -> None:
    """Give many stored records new validated values: one flush and one roll-up upsert for them all.

    `update_record` for a batch (rules applied to existing records): per record it would flush and
    upsert roll-ups again, which dominates when thousands of records change.
    """
    if not updates:
        return
    deltas = Deltas()
    currencies = await _account_currencies(session, [entry for update in updates for entry in update])
    now = utc_now()
    for record, values in updates:
        _add_entries(deltas, record.user_id, [record], currencies, sign=-1)
        for column, value in values.columns().items():
            setattr(record, column, value)
        existing = {tag.tag: tag for tag in record.tags}
        record.tags = [existing.get(tag) or RecordTag(tag=tag) for tag in values.tags]
        record.updated_at = now
        _add_entries(deltas, record.user_id, [record], currencies, sign=1)
    await session.flush()
    await _apply_deltas(session, deltas)
