"""Password hashing with bcrypt (via libpass, the maintained passlib fork), off the event loop.

bcrypt only reads the first 72 bytes of a secret and cannot take a NUL character. Rather than
silently truncating (or failing with a server error), such passwords are refused when set and
never match when signing in.
"""

from __future__ import annotations

import secrets

from passlib.context import CryptContext
from starlette.concurrency import run_in_threadpool

from api.errors import InvalidInput

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_BYTES = 72


class PasswordHasher:
    """Hashes and verifies passwords with a fixed bcrypt cost."""

    def __init__(self, rounds: int) -> None:
        self._context = CryptContext(schemes=["bcrypt"], bcrypt__rounds=rounds)
        self._stand_in_hash: str | None = None

    async def hash(self, password: str) -> str:
        """Hash a password that `validate_new_password` accepted."""
        return await run_in_threadpool(self._context.hash, password)

    async def verify(self, password: str, password_hash: str | None) -> bool:
        """True when the password matches; passwords bcrypt cannot take never match.

        With no hash (an unknown email) a stand-in hash is checked and False returned, so the
        answer takes as long as for a real account and does not reveal which emails exist.
        """
        if unusable_reason(password) is not None:
            return False
        if password_hash is None:
            await run_in_threadpool(self._context.verify, password, await self._stand_in())
            return False
        return await run_in_threadpool(self._context.verify, password, password_hash)

    async def _stand_in(self) -> str:
        if self._stand_in_hash is None:
            self._stand_in_hash = await self.hash(secrets.token_urlsafe(32))
        return self._stand_in_hash


def unusable_reason(password: str) -> str | None:
    """Why bcrypt cannot use the whole password (too long in UTF-8, NUL, not Unicode), or None."""
    try:
        size = len(password.encode())
    except UnicodeEncodeError:  # lone surrogates arrive through JSON escapes
        return "must be valid Unicode text"
    if size > MAX_PASSWORD_BYTES:
        return f"must be at most {MAX_PASSWORD_BYTES} bytes in UTF-8"
    if "\x00" in password:
        return "must not contain NUL characters"
    return None


def validate_new_password(password: str, field: str = "password") -> None:
    """Refuse passwords that are too short or that bcrypt cannot use whole."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(field, f"must be at least {MIN_PASSWORD_LENGTH} characters")
    reason = unusable_reason(password)
    if reason is not None:
        raise InvalidInput(field, reason)
