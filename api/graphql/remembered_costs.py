"""What the query cost check remembers between requests: each user's counts, and the estimates it made.

A summary or a budget report is estimated from the user's counts (accounts, currencies...), one
statement of its own on every such request, and its estimate walks the whole document again
though the same dashboard sends the same few documents over and over. Both are remembered here,
per app (the counts are of its database):

- The counts of each user for `max_age_seconds`. What changes them is a mutation: every mutation
  of a user forgets that user's counts in this process; another worker's (or the command line's)
  is seen when the remembered counts expire. A check that began before a forget remembers nothing,
  so counts read while a mutation was committing are not kept.
- The estimate of each (document, operation, variables, counts, budget), which is a pure function
  of them: a query sent again with the same variables by a user with the same counts costs what
  it cost before. Only small variables are kept in the key (an import's thousands of inputs are
  not), in a bounded, least-recently-used table.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from typing import Any, Generic, TypeVar

from api.state import AppState

Counts = TypeVar("Counts", bound=Hashable)

NEEDS_COUNTS = -1
"""The estimate of an operation whose walk reached a field that multiplies by the user's counts."""
LARGEST_REMEMBERED_VARIABLES = 2048
"""Characters of JSON: larger variables (lists of inputs) make the operation's estimate unremembered."""

EstimateKey = tuple[str, str | None, str]


class RememberedCosts(Generic[Counts]):
    """One app's remembered counts per user and estimates per operation (see the module's docstring)."""

    def __init__(
        self, max_age_seconds: float = 30.0, max_users: int = 10_000, max_estimates: int = 512
    ) -> None:
        self.max_age_seconds = max_age_seconds
        self.max_users = max_users
        self.max_estimates = max_estimates
        self._counts: OrderedDict[int, tuple[Counts, float]] = OrderedDict()
        self._estimates: OrderedDict[tuple[EstimateKey, Counts | None, int], int] = OrderedDict()
        self.forgotten = 0
        """How many times a user's counts were forgotten: a check that saw one begin remembers nothing."""

    @classmethod
    def of(cls, state: AppState) -> RememberedCosts[Any]:
        """The app's remembered costs, made on first use (they are the cost check's own)."""
        try:
            return state.provided(RememberedCosts)
        except KeyError:
            remembered: RememberedCosts[Any] = cls()
            state.provide(remembered)
            return remembered

    def counts_of(self, user_id: int) -> Counts | None:
        """The user's counts if remembered recently enough, else None."""
        remembered = self._counts.get(user_id)
        if remembered is None:
            return None
        counts, at = remembered
        if time.monotonic() - at >= self.max_age_seconds:
            del self._counts[user_id]
            return None
        return counts

    def remember_counts(self, user_id: int, counts: Counts, forgotten_before: int) -> None:
        """Keep counts read by a check that began when `forgotten` was `forgotten_before`."""
        if self.forgotten != forgotten_before:
            return
        self._counts[user_id] = (counts, time.monotonic())
        self._counts.move_to_end(user_id)
        while len(self._counts) > self.max_users:
            self._counts.popitem(last=False)

    def forget(self, user_id: int | None) -> None:
        """Something of the user's may have changed (a mutation ran): read their counts again.

        None (a mutation of nobody signed in) still counts as a forget for the checks under way.
        """
        if user_id is not None:
            self._counts.pop(user_id, None)
        self.forgotten += 1

    def estimate(self, key: EstimateKey | None, counts: Counts | None, budget: int) -> int | None:
        """The remembered estimate (NEEDS_COUNTS for a walk that needed counts), or None."""
        if key is None:
            return None
        cost = self._estimates.get((key, counts, budget))
        if cost is not None:
            self._estimates.move_to_end((key, counts, budget))
        return cost

    def remember_estimate(
        self, key: EstimateKey | None, counts: Counts | None, budget: int, cost: int
    ) -> None:
        """Keep an estimate (or NEEDS_COUNTS) of an operation that has a key."""
        if key is None:
            return
        self._estimates[(key, counts, budget)] = cost
        self._estimates.move_to_end((key, counts, budget))
        while len(self._estimates) > self.max_estimates:
            self._estimates.popitem(last=False)


def estimate_key(query: str | None, operation_name: str | None,
                 variables: Mapping[str, Any] | None) -> EstimateKey | None:
    """What an estimate depends on besides counts and budget: the document's text, the operation and
    its variables as JSON; None when the variables are large or not JSON (uploads)."""
    if query is None:
        return None
    try:
        encoded = json.dumps(variables or {}, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):
        return None
    if len(encoded) > LARGEST_REMEMBERED_VARIABLES:
        return None
    return (query, operation_name, encoded)
