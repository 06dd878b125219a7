"""Records as a table for spreadsheets and data tools: one row per record, names instead of ids.

The amount is signed from its account's view (income positive; expenses and transfers out
negative; a refund, a negative expense, positive), so a column sum is the change of balance; the
kind column keeps what the record is. A transfer's counterpart amount is what arrived, positive,
in the counterpart account's currency. CSV and Parquet share these rows and column names.
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from api.exports.reading import CHUNK_SIZE, StoredRecord, UserBooks, load_user_books, record_chunks
from api.money import from_minor_units, minor_unit_exponent
from api.records.filters import RecordCriteria, record_conditions

COLUMNS = (
    "date", "account", "kind", "amount", "currency", "category", "payee", "description", "notes", "tags",
    "counterpart account", "counterpart amount", "counterpart currency", "id",
)
TAG_SEPARATOR = ", "


@dataclass(frozen=True)
class RecordRow:
    """One exported record; the fields follow COLUMNS."""

    date: datetime.date
    account: str
    kind: str
    amount: Decimal
    currency: str
    category: str
    payee: str
    description: str
    notes: str
    tags: tuple[str, ...]
    counterpart_account: str
    counterpart_amount: Decimal | None
    counterpart_currency: str
    id: int


@dataclass(frozen=True)
class RecordTable:
    """The rows of an export, chunk by chunk, and the decimal places every amount fits in."""

    chunks: AsyncIterator[list[RecordRow]]
    amount_scale: int


async def record_table(
    session: AsyncSession, user_id: int, criteria: RecordCriteria, chunk_size: int = CHUNK_SIZE
) -> RecordTable:
    """The user's records matching the criteria as rows, oldest first, read `chunk_size` at a time."""
    books = await load_user_books(session, user_id)
    conditions = await record_conditions(session, user_id, criteria, books.categories)
    scale = max((minor_unit_exponent(account.currency) for account in books.accounts.values()), default=2)

    async def chunks() -> AsyncIterator[list[RecordRow]]:
        async for records in record_chunks(session, conditions, chunk_size):
            yield [_row(record, books) for record in records]

    return RecordTable(chunks(), scale)


def _row(record: StoredRecord, books: UserBooks) -> RecordRow:
    counterpart = books.accounts.get(record.counterpart_account_id or 0)
    return RecordRow(
        date=record.occurred_on,
        account=books.account_name(record.account_id),
        kind=record.kind.name,
        amount=from_minor_units(record.signed_amount_minor, record.currency),
        currency=record.currency,
        category=books.categories.full_name(record.category_id),
        payee=record.payee,
        description=record.description,
        notes=record.notes,
        tags=record.tags,
        counterpart_account=counterpart.name if counterpart else "",
        counterpart_amount=(
            from_minor_units(record.counterpart_amount_minor, counterpart.currency)
            if counterpart is not None and record.counterpart_amount_minor is not None else None
        ),
        counterpart_currency=counterpart.currency if counterpart else "",
        id=record.id,
    )
