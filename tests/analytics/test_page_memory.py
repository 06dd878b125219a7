"""A page's memory: one per session and kind, each part of the page told its own outcome, writes that
remember what they did or say why not."""

from __future__ import annotations

from dataclasses import dataclass

from analytics.client import FinanceClient
from analytics.page_memory import PageMemory, page_memory


@dataclass
class PickingMemory(PageMemory):
    picked: int | None = None


class Refused(Exception):
    pass


def test_each_session_and_kind_of_memory_has_its_own() -> None:
    with FinanceClient("http://testserver") as one, FinanceClient("http://testserver") as other:
        page_memory(one, PickingMemory).picked = 7
        assert page_memory(one, PickingMemory).picked == 7
        assert page_memory(other, PickingMemory).picked is None
        page_memory(one, PickingMemory).tell("schedules", "Added: Gym")
        assert page_memory(one, PageMemory).outcome_of("schedules") is None  # another page's memory


def test_each_part_of_the_page_is_told_its_own_outcome() -> None:
    memory = PageMemory()
    memory.tell("schedules", "Added: Gym")
    assert memory.outcome_of("schedules") == ("Added: Gym", "success")
    assert memory.outcome_of("suggestions") is None
    memory.tell("suggestions", "That did not work", "danger")
    assert memory.outcome_of("schedules") is None
    assert memory.outcome_of("suggestions") == ("That did not work", "danger")


def test_an_outcome_taken_is_said_once() -> None:
    memory = PageMemory()
    memory.tell("budgets", "Saved.")
    assert memory.take_outcome("budgets") == ("Saved.", "success")
    assert memory.take_outcome("budgets") is None


def test_a_refused_write_is_said_in_words_and_refreshes_nothing() -> None:
    memory, refreshed = PageMemory(), []

    def refused() -> str:
        raise Refused("Enter an amount like 250 or 250.00")

    assert memory.write("budgets", refused, lambda: refreshed.append(1), Refused) == \
        "Enter an amount like 250 or 250.00"
    assert (memory.outcome_of("budgets"), refreshed) == (None, [])
    assert memory.write("budgets", lambda: "Saved.", lambda: refreshed.append(1), Refused) is None
    assert (memory.outcome_of("budgets"), refreshed) == (("Saved.", "success"), [1])


def test_an_undo_is_offered_until_the_next_outcome() -> None:
    memory = PageMemory()
    memory.tell("schedules", "Deleted: Gym", undo={"schedule": 7})
    assert memory.undo_of("schedules") == {"schedule": 7}
    assert memory.undo_of("suggestions") is None
    memory.tell("schedules", "Saved: Rent")
    assert memory.undo_of("schedules") is None
