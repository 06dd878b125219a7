"""GraphQL types of the records domain; related accounts and categories come through DataLoaders."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

import strawberry

from api.accounts.service import load_accounts_by_id
from api.accounts.types import AccountNode
from api.categories.service import load_categories_by_id
from api.categories.types import CategoryNode
from api.graphql.context import Context, Info
from api.graphql.scalars import CurrencyCode, Money
from api.money import from_minor_units
from api.records.cursors import encode_cursor
from api.ledger.models import Record, RecordKind
from api.records.service import RecordPage

RecordKindEnum = strawberry.enum(
    RecordKind, name="RecordKind", description="Money in, money out, or moved between two accounts."
)


@strawberry.type(name="Record")
class RecordNode:
    """Income, an expense, or a transfer; `amount` is positive and in the account's currency."""

    id: strawberry.ID
    kind: RecordKindEnum
    amount: Money
    currency: CurrencyCode
    date: datetime.date
    payee: str
    description: str
    notes: str
    tags: list[str]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    account_id: strawberry.Private[int]
    category_id: strawberry.Private[int | None]
    counterpart_account_id: strawberry.Private[int | None]
    counterpart_amount_minor: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, record: Record) -> RecordNode:
        """Translate the ORM object; related objects are loaded only when asked for."""
        return cls(
            id=strawberry.ID(str(record.id)),
            kind=record.kind,
            amount=from_minor_units(record.amount_minor, record.currency),
            currency=record.currency,
            date=record.occurred_on,
            payee=record.payee,
            description=record.description,
            notes=record.notes,
            tags=record.tag_names,
            created_at=record.created_at,
            updated_at=record.updated_at,
            account_id=record.account_id,
            category_id=record.category_id,
            counterpart_account_id=record.counterpart_account_id,
            counterpart_amount_minor=record.counterpart_amount_minor,
        )

    @strawberry.field(description="The account the record belongs to (a transfer leaves it).")
    async def account(self, info: Info) -> AccountNode:
        return AccountNode.from_model(await info.context.loader(load_accounts_by_id).load(self.account_id))

    @strawberry.field(description="Null for transfers and uncategorized records.")
    async def category(self, info: Info) -> CategoryNode | None:
        if self.category_id is None:
            return None
        category = await info.context.loader(load_categories_by_id).load(self.category_id)
        return CategoryNode.from_model(category) if category is not None else None

    @strawberry.field(description="For transfers: the account the money went to.")
    async def counterpart_account(self, info: Info) -> AccountNode | None:
        if self.counterpart_account_id is None:
            return None
        return AccountNode.from_model(
            await info.context.loader(load_accounts_by_id).load(self.counterpart_account_id)
        )

    @strawberry.field(description="For transfers: what arrived, in the counterpart account's currency.")
    async def counterpart_amount(self, info: Info) -> Money | None:
        if self.counterpart_account_id is None or self.counterpart_amount_minor is None:
            return None
        counterpart = await info.context.loader(load_accounts_by_id).load(self.counterpart_account_id)
        return Decimal(from_minor_units(self.counterpart_amount_minor, counterpart.currency))


@strawberry.type
class PageInfo:
    """Where a page ends and whether another follows."""

    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class RecordEdge:
    """A record with the cursor to continue after it."""

    cursor: str
    node: RecordNode


@strawberry.type
class RecordConnection:
    """One page of records, newest first, with the total over all pages."""

    edges: list[RecordEdge]
    page_info: PageInfo
    total: strawberry.Private[int | None]

    @strawberry.field(description="The records of this page, without cursors.")
    def nodes(self) -> list[RecordNode]:
        return [edge.node for edge in self.edges]

    @strawberry.field(description="How many records match the filter, over all pages.")
    def total_count(self) -> int:
        return self.total or 0


async def record_nodes(context: Context, records: Sequence[Record]) -> list[RecordNode]:
    """Nodes whose accounts and categories are already in the request's DataLoaders.

    One database session cannot run two queries at once, while DataLoaders of different kinds
    dispatch concurrently; loading them here, one after the other, leaves the nested resolvers
    reading the loaders' caches.
    """
    account_ids = {record.account_id for record in records} | {
        record.counterpart_account_id for record in records if record.counterpart_account_id is not None
    }
    category_ids = {record.category_id for record in records if record.category_id is not None}
    if account_ids:
        await context.loader(load_accounts_by_id).load_many(sorted(account_ids))
    if category_ids:
        await context.loader(load_categories_by_id).load_many(sorted(category_ids))
    return [RecordNode.from_model(record) for record in records]


async def record_connection(context: Context, page: RecordPage, total: int | None) -> RecordConnection:
    """The connection of a page: edges with cursors encoding each record's (date, id)."""
    nodes = await record_nodes(context, page.records)
    edges = [
        RecordEdge(cursor=encode_cursor(record.occurred_on, record.id), node=node)
        for record, node in zip(page.records, nodes)
    ]
    end_cursor = edges[-1].cursor if edges else None
    return RecordConnection(
        edges=edges, page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=end_cursor), total=total
    )
