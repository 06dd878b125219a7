"""GraphQL IDs: the integer primary keys as strings, parsed in one place."""

from __future__ import annotations

from api.errors import InvalidInput

# Largest key a signed 64-bit column holds; bigger numbers would overflow the database driver.
MAX_ID = 2**63 - 1


def parse_id(value: str, field: str) -> int:
    """The integer key an ID stands for; anything but a plain positive number is bad input."""
    text = str(value)
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_ID:
        raise InvalidInput(field, f"{text[:40]!r} is not a valid id")
    return int(text)
