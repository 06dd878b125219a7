"""Schema extensions for cross-cutting concerns: the per-request database session, the operation name."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from strawberry.extensions import SchemaExtension

from api.monitoring.operations import OPERATION_HEADER, operation_header_value


class DatabaseSessionExtension(SchemaExtension):
    """Closes the request's session after the operation; uncommitted work is rolled back."""

    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await self.execution_context.context.session.close()


class OperationNameHeaderExtension(SchemaExtension):
    """Names the operation in a response header, which the HTTP metrics use as a label.

    The metrics middleware cannot read the request body, and the name is only known once the
    document is parsed, so the operation reports it on its way out.
    """

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        finally:
            response = self.execution_context.context.response
            if response is not None:
                name = self.execution_context.operation_name
                response.headers[OPERATION_HEADER] = operation_header_value(name)
