"""A sliding-window limit on password attempts, kept in memory.

The counts live in this process only: each worker of a multi-process deployment keeps its own,
so N workers allow up to N times the limit, and a restart forgets them. That is enough to slow
down online guessing from one client; a shared store would be needed for a global limit.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0


class PasswordAttemptLimiter:
    """Allows `limit` password attempts per key in any sliding window of `window_seconds`.

    An attempt is counted when it starts (so concurrent guesses cannot slip past the limit while
    a hash is being checked) and a successful one clears its key: what is limited are the
    attempts since the last success. Everything runs on the event loop, without awaiting, so no
    lock is needed.
    """

    def __init__(
        self, limit: int, window_seconds: float = WINDOW_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_seconds = window_seconds
        self._clock = clock
        self._attempts: dict[tuple[str, str], deque[float]] = {}
        self._last_sweep = clock()

    def start_attempt(self, key: tuple[str, str]) -> int | None:
        """Count an attempt and return None, or return the seconds to wait when the key is at its limit."""
        now = self._clock()
        self._sweep(now)
        attempts = self._attempts.setdefault(key, deque())
        self._forget_expired(attempts, now)
        if len(attempts) >= self.limit:
            return max(1, math.ceil(attempts[0] + self.window_seconds - now))
        attempts.append(now)
        return None

    def succeeded(self, key: tuple[str, str]) -> None:
        """Forget the key's attempts after a correct password."""
        self._attempts.pop(key, None)

    def tracked_keys(self) -> int:
        """How many keys hold attempts (memory stays bounded by the sweep)."""
        return len(self._attempts)

    def _forget_expired(self, attempts: deque[float], now: float) -> None:
        while attempts and attempts[0] <= now - self.window_seconds:
            attempts.popleft()

    def _sweep(self, now: float) -> None:
        """Drop keys with no recent attempts, at most once per window, so memory stays bounded."""
        if now - self._last_sweep < self.window_seconds:
            return
        self._last_sweep = now
        for key in list(self._attempts):
            self._forget_expired(self._attempts[key], now)
            if not self._attempts[key]:
                del self._attempts[key]
