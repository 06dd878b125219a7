"""GraphQL IDs: the integer primary keys as strings, parsed in one place."""

from __future__ import annotations

from api.errors import InvalidInput

# Largest key the id columns hold: they are INTEGER, 32 bits on PostgreSQL, which fails on a bigger
# number (an internal error) where SQLite finds nothing; no key can be bigger, so it is bad input.
MAX_ID = 2**31 - 1


def parse_id(value: str, field: str) -> int:
    """The integer key an ID stands for; anything but a plain positive number is bad input."""
    text = str(value)
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_ID:
        raise InvalidInput(field, f"{text[:40]!r} is not a valid id")
    return int(text)
