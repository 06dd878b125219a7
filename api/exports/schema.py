"""GraphQL export: the CSV of a bounded number of records, for clients that only speak GraphQL.

Downloads of any size go through the HTTP routes (`GET /export/records.csv`, …): a GraphQL string
is held whole in memory, twice (the result and its JSON), so this field refuses more than
MAX_GRAPHQL_CSV_ROWS records instead of cutting the export short.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.errors import InvalidInput
from api.exports.csv_format import csv_header, csv_rows
from api.exports.records_table import RecordRow, record_table
from api.graphql.context import Info
from api.graphql.permissions import IsAuthenticated
from api.records.filters import RecordCriteria
from api.records.inputs import RecordFilter

MAX_GRAPHQL_CSV_ROWS = 1000


@strawberry.type
class ExportQuery:
    """Queries of the exports domain."""

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description=f"Your records matching the filter as CSV text (oldest first, at most "
        f"{MAX_GRAPHQL_CSV_ROWS}; more is BAD_USER_INPUT: download GET /export/records.csv instead). "
        "Amounts are signed as they change their account; text a spreadsheet would run as a formula "
        "starts with an apostrophe.",
    )
    async def export_records_csv(
        self,
        info: Info,
        record_filter: Annotated[RecordFilter | None, strawberry.argument(name="filter")] = None,
    ) -> str:
        criteria = record_filter.to_criteria("filter") if record_filter is not None else RecordCriteria()
        table = await record_table(info.context.session, info.context.user.id, criteria,
                                   chunk_size=MAX_GRAPHQL_CSV_ROWS + 1)
        rows: list[RecordRow] = await anext(table.chunks, [])
        if len(rows) > MAX_GRAPHQL_CSV_ROWS:
            raise InvalidInput("filter", f"more than {MAX_GRAPHQL_CSV_ROWS} records match; narrow the "
                               "filter or download GET /export/records.csv")
        return csv_header(byte_order_mark=False) + csv_rows(rows)
