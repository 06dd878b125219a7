"""Password hashing with bcrypt (via libpass, the maintained passlib fork), off the event loop.

bcrypt only reads the first 72 bytes of a secret. Rather than silently truncating, passwords
longer than 72 bytes (UTF-8) are refused when set, and never match when signing in.
"""

from __future__ import annotations

from passlib.context import CryptContext
from starlette.concurrency import run_in_threadpool

from api.errors import InvalidInput

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_BYTES = 72


class PasswordHasher:
    """Hashes and verifies passwords with a fixed bcrypt cost."""

    def __init__(self, rounds: int) -> None:
        self._context = CryptContext(schemes=["bcrypt"], bcrypt__rounds=rounds)

    async def hash(self, password: str) -> str:
        """Hash a password that `validate_new_password` accepted."""
        return await run_in_threadpool(self._context.hash, password)

    async def verify(self, password: str, password_hash: str) -> bool:
        """True when the password matches; over-long passwords never match."""
        if len(password.encode()) > MAX_PASSWORD_BYTES:
            return False
        return await run_in_threadpool(self._context.verify, password, password_hash)


def validate_new_password(password: str, field: str = "password") -> None:
    """Refuse passwords that are too short or longer than bcrypt can use."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(field, f"must be at least {MIN_PASSWORD_LENGTH} characters")
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        raise InvalidInput(field, f"must be at most {MAX_PASSWORD_BYTES} bytes in UTF-8")
