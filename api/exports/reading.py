"""The user's records read in chunks, oldest first, by keyset: memory stays bounded however many match.

Rows are read as plain column tuples (never ORM objects, which the session's identity map would
keep until it closes) and each chunk's tags with one more query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Row, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.categories.tree import CategoryTree, load_category_tree
from api.ledger.models import Record, RecordKind, RecordTag

CHUNK_SIZE = 2000
"""Records per query: a few megabytes of rows at most, and few round trips for big exports."""


@dataclass(frozen=True)
class StoredRecord:
    """A record's stored columns and tags, detached from any session."""

    id: int
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
    tags: tuple[str, ...]

    @property
    def signed_amount_minor(self) -> int:
        """The amount as it changes its own account's balance: income adds, expenses and transfers take."""
        return self.amount_minor if self.kind is RecordKind.INCOME else -self.amount_minor


_COLUMNS = (
    Record.id, Record.account_id, Record.kind, Record.amount_minor, Record.currency, Record.occurred_on,
    Record.payee, Record.description, Record.notes, Record.category_id, Record.counterpart_account_id,
    Record.counterpart_amount_minor,
)
# SQLAlchemy types the first ten columns of a select; the row type names all of them.
_StoredColumns = Row[
    int, int, RecordKind, int, str, date, str, str, str, int | None, int | None, int | None
]


@dataclass(frozen=True)
class UserBooks:
    """What every export needs besides the records: the user's accounts and category tree."""

    accounts: dict[int, Account]
    categories: CategoryTree

    def account_name(self, account_id: int | None) -> str:
        """The account's name; empty for none."""
        return self.accounts[account_id].name if account_id is not None else ""


async def load_user_books(session: AsyncSession, user_id: int) -> UserBooks:
    """The user's accounts by id and category tree (two small queries)."""
    accounts = await session.scalars(select(Account).where(Account.user_id == user_id).order_by(Account.id))
    by_id = {account.id: account for account in accounts}
    return UserBooks(by_id, await load_category_tree(session, user_id))


async def record_chunks(
    session: AsyncSession, conditions: Sequence[ColumnElement[bool]], chunk_size: int = CHUNK_SIZE
) -> AsyncIterator[list[StoredRecord]]:
    """The records matching `conditions` (which must name the user), oldest first, a chunk at a time."""
    after: tuple[date, int] | None = None
    while True:
        keyset = [] if after is None else [tuple_(Record.occurred_on, Record.id) > tuple_(*after)]
        rows: Sequence[_StoredColumns] = (await session.execute(
            select(*_COLUMNS)
            .where(*conditions, *keyset)
            .order_by(Record.occurred_on, Record.id)
            .limit(chunk_size)
        )).all()
        if not rows:
            return
        tags = await _tags_of(session, [row.id for row in rows])
        yield [StoredRecord(*row, tags=tuple(tags[row.id])) for row in rows]
        if len(rows) < chunk_size:
            return
        after = (rows[-1].occurred_on, rows[-1].id)


async def _tags_of(session: AsyncSession, record_ids: list[int]) -> dict[int, list[str]]:
    """The tags of these records, each record's sorted."""
    tags: dict[int, list[str]] = defaultdict(list)
    rows = await session.execute(
        select(RecordTag.record_id, RecordTag.tag)
        .where(RecordTag.record_id.in_(record_ids))
        .order_by(RecordTag.record_id, RecordTag.tag)
    )
    for record_id, tag in rows:
        tags[record_id].append(tag)
    return tags
