"""GraphQL operation names as metric labels, with a fixed set of values.

Clients choose operation names, so a label per name would let any client add series without limit.
A name keeps its own label only when the server knows it: the schema's root fields (`summary`, or
`Summary` as clients usually name an operation after its field) and the configured names
(METRICS_OPERATION_NAMES). Every other name is "other"; an unnamed operation is "anonymous". The
set is fixed when the app starts, so every worker process labels the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graphql import GraphQLSchema
from starlette_exporter.labels import ResponseHeaderLabel

OPERATION_HEADER = "X-GraphQL-Operation"
ANONYMOUS_OPERATION = "anonymous"
OTHER_OPERATION = "other"
MAX_OPERATION_NAME_LENGTH = 64

_GRAPHQL_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")


def operation_header_value(operation_name: object) -> str:
    """What the operation header says: the name, "anonymous", or "other" for anything but a GraphQL name."""
    if operation_name is None or operation_name == "":
        return ANONYMOUS_OPERATION
    if (
        not isinstance(operation_name, str)
        or len(operation_name) > MAX_OPERATION_NAME_LENGTH
        or not _GRAPHQL_NAME.fullmatch(operation_name)
    ):
        return OTHER_OPERATION
    return operation_name


def known_operation_names(schema: GraphQLSchema, configured: Iterable[str] = ()) -> frozenset[str]:
    """The names that keep a label of their own: root fields as written and capitalised, and `configured`."""
    root_types = (schema.query_type, schema.mutation_type, schema.subscription_type)
    fields = [name for root in root_types if root is not None for name in root.fields]
    names = {*fields, *(name[:1].upper() + name[1:] for name in fields), *configured}
    return frozenset(name for name in names if operation_header_value(name) == name)


class OperationLabel(ResponseHeaderLabel):
    """Labels a request by the operation header: a known name, "anonymous" or "other"."""

    def __init__(self, known_names: frozenset[str]) -> None:
        super().__init__(OPERATION_HEADER, default="")
        self.known_names = known_names

    def __call__(self, headers: dict[str, str]) -> str:
        value = headers.get(self.key)
        if value is None:
            return self.default  # not a GraphQL request
        if value == ANONYMOUS_OPERATION or value in self.known_names:
            return value
        return OTHER_OPERATION
