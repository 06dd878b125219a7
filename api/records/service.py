"""Records: plain functions over a database session, always scoped to one user; the caller commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TypedDict

from sqlalchemy import and_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.accounts.models import Account
from api.categories.models import Category

from api.categories.tree import CategoryTree
from api.errors import InvalidInput, NotFound
from api.money import from_minor_units
from api.records.filters import RecordCriteria, record_conditions
from api.ledger import writer
from api.ledger.models import Record, RecordKind
from api.ledger.writer import WrittenRecord
from api.records.validation import RecordFields, load_references, validate_record

MAX_PAGE_SIZE = 500


class RecordChanges(TypedDict, total=False):
    """The fields an update names; fields left out keep their stored values."""

    account_id: int
    kind: RecordKind
    amount: Decimal
    date: date
    payee: str
    description: str
    notes: str
    category_id: int | None
    tags: Sequence[str]
    counterpart_account_id: int | None
    counterpart_amount: Decimal | None


@dataclass(frozen=True)
class RecordPage:
    """One page of records, newest first, whether more follow, and the accounts and categories they name."""

    records: list[Record]
    has_next_page: bool
    accounts: dict[int, Account]
    categories: dict[int, Category]


async def get_record(session: AsyncSession, user_id: int, record_id: int) -> Record:
    """The user's record with this id; another user's id is NotFound like a missing one."""
    record = await session.scalar(select(Record).where(Record.id == record_id, Record.user_id == user_id))
    if record is None:
        raise NotFound("Record", record_id)
    return record


async def get_records(session: AsyncSession, user_id: int, record_ids: Sequence[int]) -> list[Record]:
    """The user's records with these ids, in the order given; ids deleted since are left out."""
    rows = await session.scalars(select(Record).where(Record.id.in_(record_ids), Record.user_id == user_id))
    by_id = {record.id: record for record in rows}
    return [by_id[record_id] for record_id in record_ids if record_id in by_id]


async def create_record(
    session: AsyncSession, user_id: int, fields: RecordFields, path: str
) -> WrittenRecord:
    """Validate and add one record; errors name its fields under `path`."""
    (record,) = await _add_records(session, user_id, [(fields, path)])
    return record


async def create_records(
    session: AsyncSession, user_id: int, records: Sequence[RecordFields], max_count: int, path: str = "inputs"
) -> list[WrittenRecord]:
    """Validate every record before adding any, so one bad record adds nothing."""
    if len(records) > max_count:
        raise InvalidInput(path, f"at most {max_count} records at once")
    return await _add_records(
        session, user_id, [(fields, f"{path}[{index}]") for index, fields in enumerate(records)]
    )


async def _add_records(
    session: AsyncSession, user_id: int, records: Sequence[tuple[RecordFields, str]]
) -> list[WrittenRecord]:
    """Validate all (with their input paths), then insert all in bulk through the ledger writer."""
    references = await load_references(session, user_id, [fields for fields, _ in records])
    values = [validate_record(fields, references, path) for fields, path in records]
    return await writer.insert_records(session, user_id, values)


async def update_record(
    session: AsyncSession, user_id: int, record_id: int, changes: RecordChanges, path: str
) -> Record:
    """Apply the named changes; the whole record must still satisfy every rule afterwards."""
    record = await get_record(session, user_id, record_id)
    fields = _merged_fields(record, changes)
    references = await load_references(session, user_id, [fields])
    values = validate_record(fields, references, path, previous=record)
    return await writer.update_record(session, record, values)


async def delete_record(session: AsyncSession, user_id: int, record_id: int) -> int:
    """Delete the user's record and its tags; returns the id."""
    await get_record(session, user_id, record_id)
    await writer.delete_records(session, user_id, Record.id == record_id)
    return record_id


async def list_records(
    session: AsyncSession,
    user_id: int,
    criteria: RecordCriteria,
    first: int,
    after: tuple[date, int] | None = None,
    category_tree: CategoryTree | None = None,
) -> RecordPage:
    """Newest first (date, then id, descending), continuing strictly after the (date, id) given."""
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise InvalidInput("first", f"must be between 1 and {MAX_PAGE_SIZE}")
    conditions = await record_conditions(session, user_id, criteria, category_tree)
    if after is not None:
        # A row value, not `date < d OR (date = d AND id < i)`: both SQLite and PostgreSQL seek
        # ix_records_user_date (user_id, occurred_on, id) straight to the cursor only for this form.
        conditions.append(tuple_(Record.occurred_on, Record.id) < tuple_(*after))
    # The accounts and categories the page shows come with it (joined by primary key, the user's only):
    # one statement instead of three.
    counterpart = aliased(Account)
    rows = (await session.execute(
        select(Record, Account, Category, counterpart)
        .join(Account, and_(Account.id == Record.account_id, Account.user_id == user_id))
        .outerjoin(Category, and_(Category.id == Record.category_id, Category.user_id == user_id))
        .outerjoin(counterpart, and_(counterpart.id == Record.counterpart_account_id,
                                     counterpart.user_id == user_id))
        .where(*conditions)
        .order_by(Record.occurred_on.desc(), Record.id.desc())
        .limit(first + 1)
    )).all()
    page = rows[:first]
    accounts = {account.id: account for row in page for account in (row[1], row[3]) if account is not None}
    categories = {row[2].id: row[2] for row in page if row[2] is not None}
    return RecordPage(records=[row[0] for row in page], has_next_page=len(rows) > first,
                      accounts=accounts, categories=categories)


def _merged_fields(record: Record, changes: RecordChanges) -> RecordFields:
    """The record as stored with the changes applied; fields that cannot fit a new kind are dropped."""
    stored = RecordFields(
        account_id=record.account_id,
        kind=record.kind,
        amount=from_minor_units(record.amount_minor, record.currency),
        date=record.occurred_on,
        payee=record.payee,
        description=record.description,
        notes=record.notes,
        category_id=record.category_id,
        tags=record.tag_names,
        counterpart_account_id=record.counterpart_account_id,
        # Left out: validation keeps the stored arrival amount when the transfer route is unchanged.
        counterpart_amount=None,
    )
    merged = replace(stored, **changes)
    if "kind" not in changes:
        return merged
    if merged.kind is not RecordKind.TRANSFER and "counterpart_account_id" not in changes:
        merged = replace(merged, counterpart_account_id=None)
    if merged.kind is RecordKind.TRANSFER and "category_id" not in changes:
        merged = replace(merged, category_id=None)
    return merged
