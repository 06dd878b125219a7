"""Due recurring records appear on first access: before a query reads records or balances, they are made.

Between two hourly sweeps a schedule can fall due (midnight in the user's time zone); a query
that reads what the record would change first creates the signed-in user's due records, in a
transaction of its own. When nothing is due that costs one indexed query on
(user_id, next_due_on). Mutations are left alone: they read what they change themselves.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from graphql import FieldNode, OperationType, get_operation_ast
from strawberry.extensions import SchemaExtension

from api.database import utc_now
from api.errors import DomainError
from api.recurring.materialize import materialize_on_access

logger = logging.getLogger("api.recurring")

READING_FIELDS = frozenset({
    "accounts", "account", "records", "record", "summary", "exportRecordsCsv", "budgetReport", "goals",
    "schedules", "upcoming",
})
"""Root query fields whose answers include records, or balances and sums of them."""


class DueRecordsExtension(SchemaExtension):
    """Creates the signed-in user's due records before a query that reads records runs."""

    async def on_execute(self) -> AsyncIterator[None]:
        if self._reads_records():
            await self._materialize()
        yield

    def _reads_records(self) -> bool:
        execution = self.execution_context
        if execution.graphql_document is None or execution.result is not None:
            return False
        operation = get_operation_ast(execution.graphql_document, execution.operation_name)
        if operation is None or operation.operation is not OperationType.QUERY:
            return False
        return any(isinstance(selection, FieldNode) and selection.name.value in READING_FIELDS
                   for selection in operation.selection_set.selections)

    async def _materialize(self) -> None:
        context = self.execution_context.context
        if not context.request.headers.get("authorization"):
            return
        try:
            user = await context.authenticate()
        except DomainError:  # not signed in: the fields' permission classes answer that
            return
        try:
            await materialize_on_access(context.state.session_factory, user, utc_now())
        except Exception:  # the read still answers; the next read or the hourly sweep tries again
            logger.exception("Creating due recurring records on access failed")
