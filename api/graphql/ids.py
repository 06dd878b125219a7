"""GraphQL IDs are the integer primary keys as strings; one parser for every domain."""

from __future__ import annotations

from api.errors import InvalidInput

# Primary keys are signed 64-bit integers at most; anything larger cannot exist.
MAX_ID = 2**63 - 1


def parse_id(value: str, field: str) -> int:
    """The integer primary key in `value`, or InvalidInput naming the field the client sent."""
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_ID:
        raise InvalidInput(field, f"{value!r} is not a valid id")
    return int(text)
