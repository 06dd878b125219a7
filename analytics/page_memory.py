"""What a dashboard page remembers for one signed-in session, across the runs of its cells.

The dashboard runs every cell of an embedded page again whenever it hands over new inputs (accounts,
categories, a new revision after a change), which resets the page's own `mo.state`. A page keeps the
outcome of its last change, and what was picked, here instead: one memory per signed-in client and
kind of memory, forgotten with the client. A page adds its own fields by subclassing:

    @dataclass
    class SetupMemory(PageMemory):
        account_id: int | None = None

    memory = page_memory(client, SetupMemory)
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast

import marimo as mo

from analytics.client import FinanceClient

OutcomeKind = Literal["success", "danger"]  # the callout it is shown in


@dataclass
class PageMemory:
    """The outcome of a page's last change and the part of the page it belongs to."""

    outcome: str = ""
    outcome_kind: OutcomeKind = "success"
    outcome_section: str = ""
    undo: Any = None  # what undoing the last change takes (the page knows its shape); None: no undo
    awaiting_refresh: bool = False  # the outcome waits for the page's fresh inputs (see `write`)

    def tell(self, section: str, outcome: str, kind: OutcomeKind = "success", undo: Any = None) -> None:
        """Remember what the last action did in a part of the page (kind: "success" or "danger"), and what
        would undo it: an undo is offered only until the next outcome."""
        self.outcome_section, self.outcome, self.outcome_kind, self.undo = section, outcome, kind, undo
        self.awaiting_refresh = False

    def refreshed(self) -> None:
        """The page got its inputs again after a write: the write's outcome may show now."""
        self.awaiting_refresh = False

    def undo_of(self, section: str) -> Any:
        """What would undo the last change, when it was in this part of the page and can be undone."""
        return self.undo if self.outcome_of(section) else None

    def outcome_of(self, section: str) -> tuple[str, OutcomeKind] | None:
        """(outcome, kind) when the last action was in this part of the page (it stays until the next)."""
        if self.awaiting_refresh or section != self.outcome_section or not self.outcome:
            return None
        return self.outcome, self.outcome_kind

    def take_outcome(self, section: str) -> tuple[str, OutcomeKind] | None:
        """`outcome_of`, then forgotten: for a page that says what a change did once, after it ran again."""
        outcome = self.outcome_of(section)
        self.outcome = ""
        return outcome

    def write(
        self, section: str, action: Callable[[], str], refresh: Callable[[], None], refusal: type[Exception],
        shown_once_refreshed: bool = False,
    ) -> str | None:
        """Run a write that returns what it did: remember that for the section and refresh the pages; or
        return a `refusal` in words (the page shows it where the write was asked for).

        `shown_once_refreshed`: the outcome shows only after the page calls `refreshed` with its fresh
        inputs, so that it appears with the page it describes. Shown at once, it came a moment before
        the refreshed page replaced the forms, and what someone typed after reading it was lost.
        """
        try:
            self.tell(section, action())
        except refusal as problem:
            return str(problem)
        self.awaiting_refresh = shown_once_refreshed
        refresh()
        return None


def outcome_view(memory: PageMemory, section: str) -> object:
    """What the last change in this part of the page did, or nothing."""
    outcome = memory.outcome_of(section)
    return mo.callout(mo.md(outcome[0]), kind=outcome[1]) if outcome else ""


Memory = TypeVar("Memory", bound=PageMemory)
_memories: weakref.WeakKeyDictionary[FinanceClient, dict[type, PageMemory]] = weakref.WeakKeyDictionary()


def page_memory(client: FinanceClient, kind: type[Memory]) -> Memory:
    """The memory of this kind for the session the client signed in for (made empty the first time)."""
    memories = _memories.setdefault(client, {})
    return cast(Memory, memories.setdefault(kind, kind()))  # keyed by its own type
