"""Records: plain functions over a database session, always scoped to one user; the caller commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any, TypedDict, TypeVar

from sqlalchemy import Integer, Select, and_, bindparam, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.categories.models import Category

from api.categories.tree import CategoryTree, TreeCategory
from api.errors import InvalidInput, NotFound
from api.money import from_minor_units
from api.records.filters import RecordCriteria, record_conditions
from api.ledger import writer
from api.ledger.models import Record, RecordKind
from api.ledger.writer import WrittenRecord
from api.records.tag_lists import sorted_tags, tags_of
from api.records.validation import RecordFields, load_references, validate_record

MAX_PAGE_SIZE = 500

Related = TypeVar("Related", Account, TreeCategory)


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
    """One page of records, newest first, whether more follow, and the accounts and categories they name.

    The records are their stored values (`WrittenRecord`: what `Record` would load), the accounts
    detached objects and the categories what a tree keeps of them, all built from the page's own rows:
    nothing here is tracked by the session.
    """

    records: list[WrittenRecord]
    has_next_page: bool
    accounts: dict[int, Account]
    categories: dict[int, TreeCategory]


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
    # One statement read as plain rows: the page with the accounts and categories it names (joined by
    # primary key, the user's only) and its tags (`api.records.tag_lists`). Loading `Record`, `Account`
    # and `Category` objects (and the tags through the relationship) for 50 rows cost five times the
    # SQL, and each statement through aiosqlite is several thread round trips (bench/ target 3).
    # Through the session, not its connection: sibling root fields take turns on it
    # (`api.request_session`).
    rows = (await session.execute(
        _PAGE_ROWS.where(*conditions).limit(first + 1), {_PAGE_USER_ID.key: user_id}
    )).all()
    page = rows[:first]
    records = [_written_record(row) for row in page]
    accounts: dict[int, Account] = {}
    categories: dict[int, TreeCategory] = {}
    for row in page:
        # A page names a few accounts and categories, each on many rows: built once per id.
        if row[_ACCOUNT_ID] not in accounts:
            _add_related(accounts, Account, _ACCOUNT_FIELDS, row[_ACCOUNT_PART])
        if row[_COUNTERPART_ID] is not None and row[_COUNTERPART_ID] not in accounts:
            _add_related(accounts, Account, _ACCOUNT_FIELDS, row[_COUNTERPART_PART])
        if row[_CATEGORY_ID] is not None and row[_CATEGORY_ID] not in categories:
            _add_related(categories, TreeCategory, _CATEGORY_FIELDS, row[_CATEGORY_PART])
    return RecordPage(records=records, has_next_page=len(rows) > first, accounts=accounts,
                      categories=categories)


_RECORD_FIELDS = tuple(field.name for field in fields(WrittenRecord) if field.name != "tags")
_ACCOUNTS = Account.__table__
_COUNTERPARTS = _ACCOUNTS.alias("counterpart_accounts")
_CATEGORIES = Category.__table__
_ACCOUNT_FIELDS = tuple(_ACCOUNTS.columns.keys())
# What a category node shows: a `TreeCategory` costs a tenth of a detached `Category` to build.
_CATEGORY_FIELDS = tuple(field.name for field in fields(TreeCategory))
# Where each part sits in a row of `_PAGE_ROWS`.
_RECORD_PART = slice(0, len(_RECORD_FIELDS))
_ACCOUNT_PART = slice(_RECORD_PART.stop, _RECORD_PART.stop + len(_ACCOUNT_FIELDS))
_CATEGORY_PART = slice(_ACCOUNT_PART.stop, _ACCOUNT_PART.stop + len(_CATEGORY_FIELDS))
_COUNTERPART_PART = slice(_CATEGORY_PART.stop, _CATEGORY_PART.stop + len(_ACCOUNT_FIELDS))
_TAGS_COLUMN = _COUNTERPART_PART.stop
# Where each related object's id sits in a row of `_PAGE_ROWS` (None after an outer join found nothing).
_ACCOUNT_ID = _ACCOUNT_PART.start + _ACCOUNT_FIELDS.index("id")
_CATEGORY_ID = _CATEGORY_PART.start + _CATEGORY_FIELDS.index("id")
_COUNTERPART_ID = _COUNTERPART_PART.start + _ACCOUNT_FIELDS.index("id")


def _written_record(row: Sequence[Any]) -> WrittenRecord:
    """The record's stored values from a page row."""
    return WrittenRecord.from_fields(zip(_RECORD_FIELDS, row[_RECORD_PART]), sorted_tags(row[_TAGS_COLUMN]))


def _page_rows() -> Select[Any]:
    """Records newest first with the columns of their account, category and counterpart account (the
    user's only), built once: building it and its cache key for every page cost about 2 ms of the
    page's 8, and a statement derived from it (`where`, `limit`) reuses the cache key of its parts."""
    records = Record.__table__
    return select(
        *(records.columns[name] for name in _RECORD_FIELDS), *_ACCOUNTS.columns,
        *(_CATEGORIES.columns[name] for name in _CATEGORY_FIELDS), *_COUNTERPARTS.columns,
        tags_of(records.c.id),
    ).select_from(
        records.join(_ACCOUNTS, and_(_ACCOUNTS.c.id == records.c.account_id,
                                     _ACCOUNTS.c.user_id == _PAGE_USER_ID))
        .outerjoin(_CATEGORIES, and_(_CATEGORIES.c.id == records.c.category_id,
                                     _CATEGORIES.c.user_id == _PAGE_USER_ID))
        .outerjoin(_COUNTERPARTS, and_(_COUNTERPARTS.c.id == records.c.counterpart_account_id,
                                       _COUNTERPARTS.c.user_id == _PAGE_USER_ID))
    ).order_by(Record.occurred_on.desc(), Record.id.desc())


_PAGE_USER_ID = bindparam("page_user_id", type_=Integer)
_PAGE_ROWS = _page_rows()


def _add_related(loaded: dict[int, Related], build: type[Related], names: tuple[str, ...],
                 values: Sequence[Any]) -> None:
    """Add the object of these column values under its id."""
    columns = dict(zip(names, values))
    loaded[columns["id"]] = build(**columns)


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
