"""Limits on password attempts (per email and address, per email, per address, and overall) and on
registrations (per address and overall).

Each limit is a pure rule over the times of a key's recent attempts; where those times are kept is
the store's business. The server keeps them in the database (`api.auth.attempts`), so that every
worker and every server on the same database counts the same attempts, and a restart forgets none.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

MINUTE = 60.0
HOUR = 3600.0


class AttemptRule(Protocol):
    """How long the next attempt under a key must wait, given the key's recent attempt times."""

    @property
    def memory_seconds(self) -> float:
        """How long an attempt matters to this rule; older ones can be forgotten."""
        ...

    def wait(self, times: Sequence[float], now: float) -> float:
        """Seconds until the next attempt is allowed (0 or less: now)."""
        ...


@dataclass(frozen=True)
class SlidingWindow:
    """At most `limit` attempts in any `seconds`."""

    limit: int
    seconds: float = MINUTE

    @property
    def memory_seconds(self) -> float:
        return self.seconds

    def wait(self, times: Sequence[float], now: float) -> float:
        recent = [moment for moment in times if moment > now - self.seconds]
        if len(recent) < self.limit:
            return 0.0
        return recent[-self.limit] + self.seconds - now


@dataclass(frozen=True)
class Backoff:
    """`free` attempts within `memory_seconds`, then a wait after the last one that doubles each time.

    The first wait is `first_delay` seconds, capped at `longest_delay`: guessing slows to a crawl,
    while the owner, whom anyone can keep at the limit, waits at most `longest_delay`.
    """

    free: int
    longest_delay: float
    first_delay: float = 1.0
    memory_seconds: float = HOUR

    def wait(self, times: Sequence[float], now: float) -> float:
        recent = [moment for moment in times if moment > now - self.memory_seconds]
        if len(recent) < self.free:
            return 0.0
        delay = min(self.longest_delay, self.first_delay * 2.0 ** min(len(recent) - self.free, 62))
        return recent[-1] + delay - now


@dataclass(frozen=True)
class LimitedKey:
    """A key under a rule; a success clears it when `cleared_by_success` (the attempts were the owner's)."""

    key: str
    rule: AttemptRule
    cleared_by_success: bool


class AttemptStore(Protocol):
    """Where attempt times are kept. Each method must be atomic: check and record are one step."""

    async def start_attempt(self, keys: Sequence[LimitedKey], now: float) -> float:
        """The longest wait the keys' rules ask for; when none, record the attempt under every key."""
        ...

    async def clear(self, keys: Sequence[str]) -> None:
        """Forget these keys' attempts."""
        ...


@dataclass(frozen=True)
class LoginLimits:
    """The limits, from the LOGIN_* settings."""

    per_email_and_address_per_minute: int
    per_email_before_backoff: int
    backoff_max_seconds: float
    per_address_per_minute: int
    global_per_minute: int


class PasswordAttemptLimiter:
    """Counts every password check under four keys and refuses it while any of them is at its limit.

    - (email, address): a few guesses per minute from one client; cleared by a success.
    - email, from any address: a higher threshold, then an exponential wait; cleared by a success,
      so spreading guesses over many addresses gains little.
    - address, for any email: spraying one password over many accounts; never cleared (a success
      with one's own account must not reset it).
    - everyone: a generous cap on password hashing, never cleared.

    An attempt is counted when it starts, so concurrent guesses cannot slip past while a hash is
    being checked; a refused attempt is not counted, so waiting out the limit is enough.
    """

    def __init__(
        self,
        limits: LoginLimits,
        store: AttemptStore,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.limits = limits
        self._pair_rule = SlidingWindow(limits.per_email_and_address_per_minute)
        self._email_rule = Backoff(limits.per_email_before_backoff, limits.backoff_max_seconds)
        self._address_rule = SlidingWindow(limits.per_address_per_minute)
        self._global_rule = SlidingWindow(limits.global_per_minute)
        self.store = store
        # Wall-clock time, not monotonic: the times are compared across processes and restarts.
        self._clock = clock

    async def start_attempt(self, email: str, address: str) -> int | None:
        """Count an attempt and return None, or return the whole seconds to wait when a limit is hit."""
        return await start_limited_attempt(self.store, self._limited_keys(email, address), self._clock())

    async def succeeded(self, email: str, address: str) -> None:
        """Forget the email's failed attempts after a correct password."""
        await self.store.clear([limited.key for limited in self._limited_keys(email, address)
                                if limited.cleared_by_success])

    def _limited_keys(self, email: str, address: str) -> list[LimitedKey]:
        return [
            LimitedKey(attempt_key("email and address", email, address), self._pair_rule,
                       cleared_by_success=True),
            LimitedKey(attempt_key("email", email), self._email_rule, cleared_by_success=True),
            LimitedKey(attempt_key("address", address), self._address_rule, cleared_by_success=False),
            LimitedKey(attempt_key("everyone"), self._global_rule, cleared_by_success=False),
        ]


@dataclass(frozen=True)
class RegistrationLimits:
    """The limits, from the REGISTRATIONS_* settings."""

    per_address_per_hour: int
    global_per_hour: int


class RegistrationLimiter:
    """Counts every registration under its client address and everyone's, refusing it at either limit.

    Each registration hashes a password (and answers whether its email is taken), so the limits cap
    the CPU anyone can spend and how fast emails can be probed. A registration is counted when it
    starts, before its password is hashed, and never cleared: a success costs the same hash. The
    windows are an hour, no longer than the sign-in rules remember, so the shared store's pruning
    (by the longest memory of the keys at hand) never forgets a registration too early.
    """

    def __init__(
        self,
        limits: RegistrationLimits,
        store: AttemptStore,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.limits = limits
        self._address_rule = SlidingWindow(limits.per_address_per_hour, HOUR)
        self._global_rule = SlidingWindow(limits.global_per_hour, HOUR)
        self.store = store
        self._clock = clock

    async def start_registration(self, address: str) -> int | None:
        """Count a registration and return None, or return the whole seconds to wait at a limit."""
        keys = [
            LimitedKey(attempt_key("registration from address", address), self._address_rule,
                       cleared_by_success=False),
            LimitedKey(attempt_key("registration by everyone"), self._global_rule, cleared_by_success=False),
        ]
        return await start_limited_attempt(self.store, keys, self._clock())


async def start_limited_attempt(store: AttemptStore, keys: Sequence[LimitedKey], now: float) -> int | None:
    """Count an attempt under the keys and return None, or the whole seconds (1 or more) to wait."""
    wait = await store.start_attempt(keys, now)
    return max(1, math.ceil(wait)) if wait > 0 else None


def attempt_key(*parts: str) -> str:
    """One text per key, unambiguous whatever the parts contain (an email may hold any character)."""
    return json.dumps(parts, ensure_ascii=False)
