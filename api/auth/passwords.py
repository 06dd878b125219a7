"""The password policy, and hashing with bcrypt (via libpass, the maintained passlib fork) off the event loop.

The policy follows OWASP ASVS: length is what counts (at least 12 characters, up to 128, any
characters) and the 10,000 most common passwords are refused; there are no composition rules.

bcrypt reads only the first 72 bytes of a secret, fewer than 128 characters (or 37 accented
ones). New hashes use passlib's bcrypt_sha256, which hashes the password with HMAC-SHA256 before
bcrypt, so every character counts. Hashes made with plain bcrypt before still verify, and are
replaced by a bcrypt_sha256 hash at the user's next sign-in (see `needs_rehash`).

Hashing runs in a pool of its own with a thread for every core but one: however many sign-ins
arrive, they queue there instead of filling the shared thread pool and every core, so reads keep a
core and threads to run on.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from importlib.resources import files
from typing import TypeVar

from passlib.context import CryptContext

from api.errors import InvalidInput

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
BCRYPT_MAX_BYTES = 72  # plain bcrypt (hashes made before bcrypt_sha256) reads no further
LEGACY_SCHEME = "bcrypt"

Result = TypeVar("Result")


def hashing_threads() -> int:
    """How many passwords are hashed at once: one per core this process may use, but one."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, cores - 1)


@cache  # one pool per process: the cores it guards are the machine's, whatever app or loop asks
def hashing_pool() -> ThreadPoolExecutor:
    """The threads that hash and verify passwords (started when first needed)."""
    return ThreadPoolExecutor(max_workers=hashing_threads(), thread_name_prefix="password-hashing")


async def in_hashing_pool(function: Callable[..., Result], *arguments: object) -> Result:
    """Run a hash or a check in the hashing pool; a queued one is dropped if the caller is cancelled."""
    return await asyncio.get_running_loop().run_in_executor(hashing_pool(), function, *arguments)


class PasswordHasher:
    """Hashes and verifies passwords with a fixed bcrypt cost."""

    def __init__(self, rounds: int) -> None:
        # The first scheme hashes; "auto" marks the others deprecated, so needs_update spots them.
        self._context = CryptContext(
            schemes=["bcrypt_sha256", LEGACY_SCHEME],
            deprecated="auto",
            bcrypt_sha256__rounds=rounds,
            bcrypt__rounds=rounds,
        )
        self._stand_in_hash: str | None = None

    async def hash(self, password: str) -> str:
        """Hash a password that `validate_new_password` accepted."""
        return await in_hashing_pool(self._context.hash, password)

    async def verify(self, password: str, password_hash: str | None) -> bool:
        """True when the password matches; a password that no hash could come from never matches.

        With no hash (an unknown email) a stand-in hash is checked and False returned, so the
        answer takes as long as for a real account and does not reveal which emails exist.
        """
        if unusable_reason(password) is not None:
            return False
        if password_hash is None:
            await in_hashing_pool(self._context.verify, password, await self._stand_in())
            return False
        legacy = self._context.identify(password_hash) == LEGACY_SCHEME
        if legacy and len(password.encode()) > BCRYPT_MAX_BYTES:
            return False  # plain bcrypt would refuse it (or, elsewhere, compare only its first 72 bytes)
        return await in_hashing_pool(self._context.verify, password, password_hash)

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with an older scheme, to be replaced once the password is known."""
        return self._context.needs_update(password_hash)

    async def _stand_in(self) -> str:
        if self._stand_in_hash is None:
            self._stand_in_hash = await self.hash(secrets.token_urlsafe(32))
        return self._stand_in_hash


@cache
def common_passwords() -> frozenset[str]:
    """The 10,000 most common passwords, lower-cased (shipped with the package; see its README)."""
    text = files("api.auth").joinpath("common_passwords", "passwords.txt").read_text(encoding="utf-8")
    return frozenset(text.splitlines())


def unusable_reason(password: str) -> str | None:
    """Why no password could be this text (not Unicode, NUL, longer than allowed), or None."""
    try:
        password.encode()
    except UnicodeEncodeError:  # lone surrogates arrive through JSON escapes
        return "must be valid Unicode text"
    if "\x00" in password:
        return "must not contain NUL characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"must be at most {MAX_PASSWORD_LENGTH} characters"
    return None


def validate_new_password(password: str, field: str = "password") -> None:
    """Refuse a new password that is too short, too long, unusable or one of the most common."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(field, f"must be at least {MIN_PASSWORD_LENGTH} characters")
    reason = unusable_reason(password)
    if reason is not None:
        raise InvalidInput(field, reason)
    if password.lower() in common_passwords():
        raise InvalidInput(field, "is one of the most common passwords; choose another")
