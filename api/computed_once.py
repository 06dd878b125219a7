"""Async results computed at most once per key and shared by every caller, concurrent ones included.

GraphQL resolves sibling fields concurrently: the parts of one summary, or several fields that
need the same category tree, would each run the same query. Keyed here, the first caller starts
the computation and the others await the same result.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

V = TypeVar("V")


class ComputedOnce:
    """A cache of in-flight or finished computations, meant to live as long as one request."""

    def __init__(self) -> None:
        self._results: dict[Hashable, asyncio.Future[Any]] = {}

    async def get(self, key: Hashable, compute: Callable[[], Awaitable[V]]) -> V:
        """The result of `compute()` for `key`, computed on the first call only."""
        result = self._results.get(key)
        if result is None:
            result = self._results[key] = asyncio.ensure_future(compute())
        return await result
