"""Schema extensions for cross-cutting concerns: the per-request database session."""

from __future__ import annotations

from collections.abc import AsyncIterator

from strawberry.extensions import SchemaExtension


class DatabaseSessionExtension(SchemaExtension):
    """Closes the request's session after the operation; uncommitted work is rolled back."""

    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await self.execution_context.context.session.close()
