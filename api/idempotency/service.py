"""Remembering writes by a client-chosen key, so that a retry after a lost response repeats nothing.

The key is remembered in the same transaction as the write it names: either both are committed or
neither. A second request with the same key answers the first one's result; with the same key but
different content it is refused (a client bug that would otherwise silently drop a write). Two
requests racing with one key: the second's insert of the key fails, its whole transaction (the
write included) is rolled back, and it answers IDEMPOTENCY_KEY_IN_USE; retried, it gets the result.
"""

from __future__ import annotations

from hashlib import sha256

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import DomainError, InvalidInput
from api.idempotency.models import IdempotencyKey

MAX_KEY_LENGTH = 200


class KeyInUse(DomainError):
    """Another request with the same key finished first: retry to get its result."""

    code = "IDEMPOTENCY_KEY_IN_USE"


def request_hash(*parts: object) -> str:
    """A digest of what a request asks for, to tell a retry from a different request under one key."""
    return sha256("\x1f".join(repr(part) for part in parts).encode()).hexdigest()


def checked_key(key: str, field: str = "idempotencyKey") -> str:
    """The key, trimmed; empty or longer than MAX_KEY_LENGTH characters is bad input."""
    trimmed = key.strip()
    if not 0 < len(trimmed) <= MAX_KEY_LENGTH:
        raise InvalidInput(field, f"must have 1 to {MAX_KEY_LENGTH} characters")
    return trimmed


async def recall(
    session: AsyncSession, user_id: int, operation: str, key: str, digest: str, field: str = "idempotencyKey"
) -> dict[str, object] | None:
    """The result remembered under the key, or None; the same key for another request is bad input."""
    stored = await session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.user_id == user_id,
            IdempotencyKey.operation == operation,
            IdempotencyKey.key == key,
        )
    )
    if stored is None:
        return None
    if stored.request_hash != digest:
        raise InvalidInput(field, "this key was used for a different request; choose a new key")
    return stored.result


async def remember(
    session: AsyncSession, user_id: int, operation: str, key: str, digest: str, result: dict[str, object]
) -> None:
    """Remember the result under the key, in the caller's transaction."""
    try:
        async with session.begin_nested():
            session.add(IdempotencyKey(user_id=user_id, operation=operation, key=key, request_hash=digest,
                                       result=result))
    except IntegrityError:
        raise KeyInUse(
            f"a request with idempotency key {key!r} finished first; retry to get its result"
        ) from None
