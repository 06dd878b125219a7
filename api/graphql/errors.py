"""Turns every GraphQL error into one with a machine-readable `extensions.code`, in one place.

Where an error arose decides its code: a document that does not parse, one that does not validate
(a literal value the scalar refuses is bad input, with the field), variables that do not coerce
(bad input, naming the variable and the path inside it), and errors raised while resolving fields
(domain errors keep their message and code). Anything unexpected is masked to the client and
logged with the request id, which the client also gets to quote.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from graphql import (
    BREAK,
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    GraphQLSyntaxError,
    ListValueNode,
    Node,
    ObjectValueNode,
    ValueNode,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    visit,
)
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import PreExecutionError

from api.errors import DomainError, InvalidInput
from api.request_id import current_request_id

logger = logging.getLogger("api.graphql")

INTERNAL_ERROR_CODE = "INTERNAL_SERVER_ERROR"
PARSE_FAILED_CODE = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED_CODE = "GRAPHQL_VALIDATION_FAILED"

# graphql-core prints the path inside a variable before any client-supplied text, e.g.
# "Variable '$inputs' has invalid value at [3].date: ...": only names and indexes can appear there.
_PATH_IN_VARIABLE = re.compile(r" at ((?:\[\d+\]|\.[_A-Za-z][_0-9A-Za-z]*)+):")


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


def _root_cause(error: GraphQLError) -> Exception | None:
    """The exception that started it all, or None when graphql-core itself reported the problem."""
    cause: Exception | None = error.original_error
    while isinstance(cause, GraphQLError):
        cause = cause.original_error
    return cause


def _innermost_message(error: GraphQLError) -> str:
    """graphql-core wraps a scalar's complaint in context; the innermost GraphQL message is the plain one."""
    while isinstance(error.original_error, GraphQLError):
        error = error.original_error
    return error.message


def _bad_input(error: GraphQLError, field: str | None) -> GraphQLError:
    cause = _root_cause(error)
    reason = cause.reason if isinstance(cause, InvalidInput) else _innermost_message(error)
    extensions: dict[str, object] = {"code": InvalidInput.code, "reason": reason}
    if field is None:
        return _with_extensions(error, reason, extensions)
    return _with_extensions(error, f"{field}: {reason}", {**extensions, "field": field})


def _variable_field(error: GraphQLError) -> str | None:
    """The variable and the path inside it, as the client wrote them: "input.amount", "inputs[3].date"."""
    node = error.nodes[0] if error.nodes else None
    if not isinstance(node, VariableDefinitionNode):
        return None
    name = node.variable.name.value
    prefix = f"Variable '${name}' has invalid value"
    match = _PATH_IN_VARIABLE.match(error.message, len(prefix)) if error.message.startswith(prefix) else None
    return name + (match.group(1) if match else "")


def _path_within(value: ValueNode, target: Node, path: str) -> str | None:
    if value is target:
        return path
    if isinstance(value, ListValueNode):
        items = ((item, f"{path}[{index}]") for index, item in enumerate(value.values))
    elif isinstance(value, ObjectValueNode):
        items = ((field.value, f"{path}.{field.name.value}") for field in value.fields)
    else:
        return None
    for item, item_path in items:
        found = _path_within(item, target, item_path)
        if found:
            return found
    return None


class _LiteralPathFinder(Visitor):
    def __init__(self, target: Node) -> None:
        super().__init__()
        self.target = target
        self.path: str | None = None

    def enter_argument(self, node: ArgumentNode, *_: object) -> object:
        self.path = _path_within(node.value, self.target, node.name.value)
        return BREAK if self.path else None


def _literal_field(value: ValueNode, document: DocumentNode) -> str | None:
    """The argument path of a literal value written in the document, e.g. "input.amount"."""
    finder = _LiteralPathFinder(value)
    visit(document, finder)
    return finder.path


def _literal_value(error: GraphQLError) -> ValueNode | None:
    """The literal the error is about, when a value written in the document was refused."""
    node = error.nodes[0] if error.nodes else None
    return node if isinstance(node, ValueNode) and not isinstance(node, VariableNode) else None


def internal_error_message(request_id: str) -> str:
    """What the client sees instead of an unexpected error's details."""
    return f"Internal server error; quote request id {request_id} when reporting it"


def internal_error(error: GraphQLError, request_id: str) -> GraphQLError:
    """Log an unexpected error with its traceback; the client only learns the request id."""
    logger.error("Unexpected error in GraphQL request %s: %s", request_id, error.message,
                 exc_info=error.original_error or error)
    return _with_extensions(
        error,
        internal_error_message(request_id),
        {"code": INTERNAL_ERROR_CODE, "requestId": request_id},
    )


def _resolver_error(error: GraphQLError, request_id: str) -> GraphQLError:
    cause = _root_cause(error)
    if isinstance(cause, DomainError):
        return _with_extensions(error, cause.message, cause.extensions)
    if cause is None and (error.extensions or {}).get("code"):
        return error  # raised deliberately with a code, e.g. a permission class's error
    return internal_error(error, request_id)


def coded_error(
    error: GraphQLError, document: DocumentNode | None, validated: bool, request_id: str
) -> GraphQLError:
    """The client-facing version of one error of an operation on `document` (None: it did not parse)."""
    if document is None:
        return _with_extensions(error, error.message, {"code": PARSE_FAILED_CODE})
    if error.path is not None:
        return _resolver_error(error, request_id)
    if not validated:
        literal = _literal_value(error)
        if literal is not None:
            return _bad_input(error, _literal_field(literal, document))
        if _root_cause(error) is None:
            return _with_extensions(error, error.message, {"code": VALIDATION_FAILED_CODE})
        return internal_error(error, request_id)
    # After validation, the only errors without a path are the variables' (graphql-core coerces them
    # before executing anything), and the refusals extensions made with their own code.
    if error.original_error is None and (error.extensions or {}).get("code"):
        return error
    return _bad_input(error, _variable_field(error))


def ensure_coded(error: GraphQLError, request_id: str) -> GraphQLError:
    """Codes errors that bypassed the extension: raised in another extension's hook, e.g. ParserCache's."""
    if (error.extensions or {}).get("code"):
        return error
    if isinstance(error, GraphQLSyntaxError):
        return _with_extensions(error, error.message, {"code": PARSE_FAILED_CODE})
    return internal_error(error, request_id)


class ErrorCodesExtension(SchemaExtension):
    """Rewrites the result's errors after the operation ran."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not getattr(result, "errors", None):
            return
        document = self.execution_context.graphql_document
        validated = not isinstance(result, PreExecutionError)
        request_id = current_request_id()
        result.errors = [coded_error(error, document, validated, request_id) for error in result.errors or ()]
