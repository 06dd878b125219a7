"""Limits on password attempts: per email and address, per email, per address, and overall.

Each limit is a pure rule over the times of a key's recent attempts; where those times are kept is
the store's business. The store here lives in memory, so each worker of a multi-process deployment
keeps its own counts and a restart forgets them; a shared store (a database table, read and written
in one transaction) can replace it behind the same two operations.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Hashable, Sequence
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

    key: Hashable
    rule: AttemptRule
    cleared_by_success: bool


class AttemptStore(Protocol):
    """Where attempt times are kept. Each method must be atomic: check and record are one step."""

    def start_attempt(self, keys: Sequence[LimitedKey], now: float) -> float:
        """The longest wait the keys' rules ask for; when none, record the attempt under every key."""
        ...

    def clear(self, keys: Sequence[Hashable]) -> None:
        """Forget these keys' attempts."""
        ...


class MemoryAttemptStore:
    """Attempt times in this process's memory. Runs on the event loop without awaiting: no lock needed."""

    def __init__(self, memory_seconds: float) -> None:
        self.memory_seconds = memory_seconds
        self._times: dict[Hashable, deque[float]] = {}
        self._last_sweep: float | None = None

    def start_attempt(self, keys: Sequence[LimitedKey], now: float) -> float:
        self._sweep(now)
        wait = max(limited.rule.wait(self._times.get(limited.key, ()), now) for limited in keys)
        if wait > 0:
            return wait
        for limited in keys:
            times = self._times.setdefault(limited.key, deque())
            times.append(now)
            _forget_before(times, now - limited.rule.memory_seconds)
        return 0.0

    def clear(self, keys: Sequence[Hashable]) -> None:
        for key in keys:
            self._times.pop(key, None)

    def tracked_keys(self) -> int:
        """How many keys hold attempts (memory stays bounded by the sweep)."""
        return len(self._times)

    def _sweep(self, now: float) -> None:
        """Drop attempts older than any rule remembers, at most once per minute, so memory stays bounded."""
        if self._last_sweep is not None and now - self._last_sweep < MINUTE:
            return
        self._last_sweep = now
        for key in list(self._times):
            times = self._times[key]
            _forget_before(times, now - self.memory_seconds)
            if not times:
                del self._times[key]


def _forget_before(times: deque[float], moment: float) -> None:
    while times and times[0] <= moment:
        times.popleft()


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
        store: AttemptStore | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = limits
        self._pair_rule = SlidingWindow(limits.per_email_and_address_per_minute)
        self._email_rule = Backoff(limits.per_email_before_backoff, limits.backoff_max_seconds)
        self._address_rule = SlidingWindow(limits.per_address_per_minute)
        self._global_rule = SlidingWindow(limits.global_per_minute)
        self.store = store if store is not None else MemoryAttemptStore(
            max(rule.memory_seconds for rule in self._rules())
        )
        self._clock = clock

    def start_attempt(self, email: str, address: str) -> int | None:
        """Count an attempt and return None, or return the whole seconds to wait when a limit is hit."""
        wait = self.store.start_attempt(self._limited_keys(email, address), self._clock())
        return max(1, math.ceil(wait)) if wait > 0 else None

    def succeeded(self, email: str, address: str) -> None:
        """Forget the email's failed attempts after a correct password."""
        self.store.clear([limited.key for limited in self._limited_keys(email, address)
                          if limited.cleared_by_success])

    def _rules(self) -> tuple[AttemptRule, ...]:
        return (self._pair_rule, self._email_rule, self._address_rule, self._global_rule)

    def _limited_keys(self, email: str, address: str) -> list[LimitedKey]:
        return [
            LimitedKey(("email and address", email, address), self._pair_rule, cleared_by_success=True),
            LimitedKey(("email", email), self._email_rule, cleared_by_success=True),
            LimitedKey(("address", address), self._address_rule, cleared_by_success=False),
            LimitedKey(("everyone",), self._global_rule, cleared_by_success=False),
        ]
