"""Names people give their accounts and categories: trimmed, bounded, unique where they are listed."""

from __future__ import annotations

from collections.abc import Iterable

from api.errors import InvalidInput

MAX_NAME_LENGTH = 100


def clean_name(value: str, field: str) -> str:
    """The name without surrounding spaces; refuses empty and over-long names."""
    name = value.strip()
    if not name:
        raise InvalidInput(field, "must not be empty")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(field, f"must be at most {MAX_NAME_LENGTH} characters")
    return name


def ensure_name_is_free(name: str, taken: Iterable[str], field: str, where: str) -> None:
    """Refuse a name that differs from a taken one only in case, so lists stay unambiguous."""
    wanted = name.casefold()
    if any(existing.casefold() == wanted for existing in taken):
        raise InvalidInput(field, f"{where} named {name!r} already exists")
