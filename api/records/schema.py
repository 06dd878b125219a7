"""Record queries and mutations: thin resolvers over `api.records.service`."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from api.categories.tree import load_category_tree
from api.graphql.context import Info
from api.graphql.ids import parse_id
from api.graphql.permissions import IsAuthenticated
from api.idempotency.service import checked_key, recall, remember, request_hash
from api.records import service
from api.records.counting import count_records
from api.records.cursors import decode_cursor
from api.records.filters import RecordCriteria
from api.records.inputs import RecordFilter, RecordInput, UpdateRecordInput
from api.records.types import (
    RecordConnection, RecordId, RecordNode, record_connection, record_nodes, selects_only_id,
)

DEFAULT_PAGE_SIZE = 50
CREATE_RECORDS_OPERATION = "createRecords"


@strawberry.type
class RecordQuery:
    """Queries of the records domain."""

    @strawberry.field(
        permission_classes=[IsAuthenticated], description="One of your records; NOT_FOUND otherwise."
    )
    async def record(self, info: Info, id: strawberry.ID) -> RecordNode | None:
        context = info.context
        record = await service.get_record(context.session, context.user.id, parse_id(id, "id"))
        (node,) = await record_nodes(context.session, context.user.id, [record])
        return node

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Your records, newest first (date, then id, descending); "
        f"`first` between 1 and {service.MAX_PAGE_SIZE}, `after` an endCursor from the previous page.",
    )
    async def records(
        self,
        info: Info,
        record_filter: Annotated[RecordFilter | None, strawberry.argument(name="filter")] = None,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
    ) -> RecordConnection:
        context = info.context
        session, user_id = context.session, context.user.id
        criteria = record_filter.to_criteria("filter") if record_filter is not None else RecordCriteria()
        cursor = decode_cursor(after, "after") if after is not None else None
        tree = await context.per_request(load_category_tree) if criteria.category_ids else None
        # In sequence on the request's session: the page, what its nodes show, then (when `totalCount`
        # is asked for) the count.
        page = await service.list_records(session, user_id, criteria, first, cursor, tree)
        nodes = await record_nodes(session, user_id, page.records, page.accounts, page.categories)
        return record_connection(page, nodes, lambda: count_records(session, user_id, criteria, tree))


@strawberry.type
class RecordMutation:
    """Mutations of the records domain."""

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Add a record.")
    async def create_record(self, info: Info, input: RecordInput) -> RecordNode:
        context = info.context
        record = await service.create_record(
            context.session, context.user.id, input.to_fields("input"), "input"
        )
        await context.session.commit()
        (node,) = await record_nodes(context.session, context.user.id, [record])
        return node

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Add several records at once: all of them, or none when any is refused. A retry "
        "with the same `idempotencyKey` (up to 200 characters) creates nothing and answers the first "
        "call's records.",
    )
    async def create_records(
        self, info: Info, inputs: list[RecordInput], idempotency_key: str | None = None
    ) -> list[RecordNode]:
        context = info.context
        fields = [record_input.to_fields(f"inputs[{index}]") for index, record_input in enumerate(inputs)]
        key = checked_key(idempotency_key) if idempotency_key is not None else None
        # Hashed only under a key: the repr of 500 inputs is a few milliseconds for nothing otherwise.
        digest = request_hash(*fields) if key is not None else ""
        if key is not None:
            previous = await recall(context.session, context.user.id, CREATE_RECORDS_OPERATION, key, digest)
            if previous is not None:
                record_ids = cast(list[int], previous["recordIds"])  # stored by this resolver, below
                records = await service.get_records(context.session, context.user.id, record_ids)
                return await record_nodes(context.session, context.user.id, records)
        created = await service.create_records(
            context.session, context.user.id, fields, context.state.settings.max_batch_records, "inputs"
        )
        if key is not None:
            await remember(context.session, context.user.id, CREATE_RECORDS_OPERATION, key, digest,
                           {"recordIds": [record.id for record in created]})
        await context.session.commit()
        if selects_only_id(info):  # an import script's usual question, 500 records at a time
            return cast(list[RecordNode], [RecordId(strawberry.ID(str(record.id))) for record in created])
        return await record_nodes(context.session, context.user.id, created)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Change some fields of a record.")
    async def update_record(self, info: Info, id: strawberry.ID, input: UpdateRecordInput) -> RecordNode:
        context = info.context
        record = await service.update_record(
            context.session, context.user.id, parse_id(id, "id"), input.to_changes("input"), "input"
        )
        await context.session.commit()
        (node,) = await record_nodes(context.session, context.user.id, [record])
        return node

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Delete a record; returns its id.")
    async def delete_record(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        context = info.context
        deleted = await service.delete_record(context.session, context.user.id, parse_id(id, "id"))
        await context.session.commit()
        return strawberry.ID(str(deleted))
