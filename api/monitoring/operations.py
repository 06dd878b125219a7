"""GraphQL operation names as metric labels, with a bounded set of values.

Clients choose operation names, so the set of label values must not grow without limit: names
that are not GraphQL names share "other", and so does every name after the first
MAX_OPERATION_LABELS distinct ones an app has seen.
"""

from __future__ import annotations

import re
import threading

from starlette_exporter.labels import ResponseHeaderLabel

OPERATION_HEADER = "X-GraphQL-Operation"
ANONYMOUS_OPERATION = "anonymous"
OTHER_OPERATION = "other"
MAX_OPERATION_LABELS = 100
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


class OperationLabel(ResponseHeaderLabel):
    """Labels a request by the operation header, admitting at most `limit` distinct names."""

    def __init__(self, limit: int = MAX_OPERATION_LABELS) -> None:
        super().__init__(OPERATION_HEADER, default="")
        self.limit = limit
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, headers: dict[str, str]) -> str:
        value = headers.get(self.key)
        if value is None:
            return self.default  # not a GraphQL request
        name = operation_header_value(value)
        if name in (ANONYMOUS_OPERATION, OTHER_OPERATION):
            return name
        with self._lock:
            if name in self._seen:
                return name
            if len(self._seen) >= self.limit:
                return OTHER_OPERATION
            self._seen.add(name)
        return name
