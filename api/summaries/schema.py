"""Summary queries (GraphQL layer of the summaries domain)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from api.categories.tree import load_category_tree
from api.graphql.context import Info
from api.graphql.permissions import IsAuthenticated
from api.records.filters import RecordCriteria
from api.records.inputs import RecordFilter
from api.ledger.periods import Period
from api.summaries.service import MAX_RANGE_YEARS, SummaryScope, SummarySource
from api.summaries.types import PeriodEnum, SummaryNode, announced_reads


@strawberry.type
class SummaryQuery:
    """Queries of the summaries domain."""

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description=f"Your records from `from` to `to` (both included, at most {MAX_RANGE_YEARS} years) "
        "that match the filter, summed per currency.",
    )
    async def summary(
        self,
        info: Info,
        date_from: Annotated[date, strawberry.argument(name="from")],
        to: date,
        record_filter: Annotated[RecordFilter | None, strawberry.argument(name="filter")] = None,
        period: PeriodEnum = Period.MONTH,
    ) -> SummaryNode:
        criteria = record_filter.to_criteria("filter") if record_filter is not None else RecordCriteria()
        scope = SummaryScope(date_from, to, criteria, period)
        context = info.context
        reads = announced_reads(info)
        # A filter reads the category tree too (it may name categories).
        needs_tree = reads.categories or criteria != RecordCriteria()
        source = SummarySource(
            context.session, context.user.id, scope, lambda: context.per_request(load_category_tree),
            grains=reads.grains, balances=reads.balances, accounts_and_tree=reads.accounts and needs_tree,
        )
        return SummaryNode.for_source(source)
