"""Turns every GraphQL error into one with a machine-readable `extensions.code`, in one place.

Domain errors keep their message and code; unexpected errors are masked to the client and
logged with the request id, which the client also gets to quote.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from api.errors import DomainError

logger = logging.getLogger("api.graphql")

INTERNAL_ERROR_CODE = "INTERNAL_SERVER_ERROR"


def _with_extensions(error: GraphQLError, message: str, extensions: dict[str, object]) -> GraphQLError:
    return GraphQLError(
        message=message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


def _code_for_error_without_cause(error: GraphQLError) -> str:
    """Parse, validation and variable errors come from graphql-core itself, without a cause."""
    if error.message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if error.message.startswith("Variable '$"):
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


def coded_error(error: GraphQLError, request_id: str) -> GraphQLError:
    """The client-facing version of one error."""
    cause = error.original_error
    if isinstance(cause, DomainError):
        # graphql-core prefixes variable coercion errors with where the value was; keep that.
        message = error.message if error.path is None and error.message != cause.message else cause.message
        return _with_extensions(error, message, cause.extensions)
    if cause is None:
        if error.extensions and "code" in error.extensions:
            return error
        return _with_extensions(error, error.message, {"code": _code_for_error_without_cause(error)})
    logger.error("Unexpected error in GraphQL request %s", request_id, exc_info=cause)
    return _with_extensions(
        error,
        f"Internal server error; quote request id {request_id} when reporting it",
        {"code": INTERNAL_ERROR_CODE, "requestId": request_id},
    )


class ErrorCodesExtension(SchemaExtension):
    """Rewrites the result's errors after the operation ran."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not getattr(result, "errors", None):
            return
        request_id = getattr(self.execution_context.context.request.state, "request_id", "unknown")
        result.errors = [coded_error(error, request_id) for error in result.errors]
