"""GraphQL types of the records domain.

A record node carries its accounts and category as plain values, loaded once for all the nodes
(`record_nodes`), so its nested fields await nothing; why: `api.request_session`.
"""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types.nodes import SelectedField

from api.accounts.models import Account
from api.accounts.service import load_accounts_by_id
from api.accounts.types import AccountNode
from api.categories.models import Category
from api.categories.service import load_categories_by_id
from api.categories.tree import TreeCategory
from api.categories.types import CategoryNode
from api.graphql.context import Info
from api.graphql.scalars import CurrencyCode, MoneyText, money_text
from api.records.cursors import encode_cursor
from api.ledger.models import Record, RecordKind
from api.ledger.writer import WrittenRecord
from api.records.service import RecordPage

strawberry.enum(
    RecordKind, name="RecordKind", description="Money in, money out, or moved between two accounts."
)
RecordKindEnum = RecordKind  # the domain enum, decorated in place above


@strawberry.type(name="Record")
class RecordNode:
    """Income, an expense, or a transfer, in the account's currency; a negative expense is a refund."""

    id: strawberry.ID
    kind: RecordKindEnum
    amount: MoneyText
    currency: CurrencyCode
    date: datetime.date
    payee: str
    description: str
    notes: str
    tags: list[str]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    account: AccountNode = strawberry.field(
        description="The account the record belongs to (a transfer leaves it)."
    )
    category: CategoryNode | None = strawberry.field(
        description="Null for transfers and uncategorized records."
    )
    counterpart_account: AccountNode | None = strawberry.field(
        description="For transfers: the account the money went to."
    )
    counterpart_amount: MoneyText | None = strawberry.field(
        description="For transfers: what arrived, in the counterpart account's currency."
    )

    @classmethod
    def from_model(
        cls, record: Record | WrittenRecord, accounts: Mapping[int, AccountNode],
        categories: Mapping[int, CategoryNode],
    ) -> RecordNode:
        """Translate the ORM object (or a record just written), with related nodes loaded for the page."""
        counterpart = (
            accounts[record.counterpart_account_id] if record.counterpart_account_id is not None else None
        )
        return cls(
            id=strawberry.ID(str(record.id)),
            kind=record.kind,
            amount=money_text(record.amount_minor, record.currency),
            currency=CurrencyCode(record.currency),
            date=record.occurred_on,
            payee=record.payee,
            description=record.description,
            notes=record.notes,
            tags=record.tag_names,
            created_at=record.created_at,
            updated_at=record.updated_at,
            account=accounts[record.account_id],
            category=categories.get(record.category_id) if record.category_id is not None else None,
            counterpart_account=counterpart,
            counterpart_amount=(
                money_text(record.counterpart_amount_minor, counterpart.currency)
                if counterpart is not None and record.counterpart_amount_minor is not None
                else None
            ),
        )


@dataclass(frozen=True, slots=True)
class RecordId:
    """A record as a mutation answers a client that selects only its `id` (`selects_only_id`): what a
    `RecordNode` computes for each record (amounts, accounts, category) would go unread, and for
    createRecords' 500 records it cost about 2 ms a batch, a statement included."""

    id: strawberry.ID


def selects_only_id(info: Info) -> bool:
    """Whether the client asked for nothing of the field's records but `id` (and `__typename`), without
    fragments or directives."""
    (field,) = info.selected_fields
    return all(
        isinstance(selection, SelectedField) and selection.name in ("id", "__typename")
        and not selection.directives
        for selection in field.selections
    )


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
    count_all: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="The records of this page, without cursors.")
    def nodes(self) -> list[RecordNode]:
        return [edge.node for edge in self.edges]

    @strawberry.field(description="How many records match the filter, over all pages.")
    async def total_count(self) -> int:
        # Counted only when asked for, after the page (on the request's session, in turn).
        return await self.count_all()


async def record_nodes(
    session: AsyncSession, user_id: int, records: Sequence[Record | WrittenRecord],
    accounts: Mapping[int, Account] | None = None,
    categories: Mapping[int, Category | TreeCategory] | None = None,
) -> list[RecordNode]:
    """Nodes for the records, with their accounts and categories: those given (loaded with the
    records), else loaded in one query each."""
    if accounts is None:
        account_ids = {record.account_id for record in records} | {
            record.counterpart_account_id for record in records if record.counterpart_account_id is not None
        }
        loaded = await load_accounts_by_id(session, user_id, sorted(account_ids)) if account_ids else []
        accounts = {account.id: account for account in loaded if account is not None}
    if categories is None:
        category_ids = {record.category_id for record in records if record.category_id is not None}
        found = await load_categories_by_id(session, user_id, sorted(category_ids)) if category_ids else []
        categories = {category.id: category for category in found if category is not None}
    account_nodes = {account_id: AccountNode.from_model(account) for account_id, account in accounts.items()}
    category_nodes = {
        category_id: CategoryNode.from_model(category) for category_id, category in categories.items()
    }
    return [RecordNode.from_model(record, account_nodes, category_nodes) for record in records]


def record_connection(
    page: RecordPage, nodes: Sequence[RecordNode], count_all: Callable[[], Awaitable[int]]
) -> RecordConnection:
    """The connection of a page: edges with cursors encoding each record's (date, id), and how to count
    every record the filter matches."""
    edges = [
        RecordEdge(cursor=encode_cursor(record.occurred_on, record.id), node=node)
        for record, node in zip(page.records, nodes)
    ]
    end_cursor = edges[-1].cursor if edges else None
    return RecordConnection(
        edges=edges, page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=end_cursor),
        count_all=count_all,
    )
