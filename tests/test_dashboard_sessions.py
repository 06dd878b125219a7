"""Which dashboard connections say that their browser left the page (api.dashboard_sessions)."""

from __future__ import annotations

import asyncio

import pytest
from starlette.types import Message

from api.dashboard_sessions import GOING_AWAY, DepartureWatch, SessionAdmission, SessionLimits


def watched(*messages: Message) -> tuple[DepartureWatch, list[Message]]:
    """A watch over a receive that yields these messages, and what the app behind it received."""
    pending = list(messages)

    async def receive() -> Message:
        return pending.pop(0)

    watch = DepartureWatch(receive)
    received = asyncio.run(_drain(watch, len(messages)))
    return watch, received


async def _drain(watch: DepartureWatch, count: int) -> list[Message]:
    return [await watch() for _ in range(count)]


def test_a_tab_that_went_away_is_noted_and_its_messages_passed_on() -> None:
    messages = ({"type": "websocket.connect"}, {"type": "websocket.disconnect", "code": GOING_AWAY})

    watch, received = watched(*messages)

    assert watch.browser_left
    assert received == list(messages)


@pytest.mark.parametrize("code", [1000, 1006])  # a client's own close; a dropped connection
def test_other_disconnects_keep_the_session_for_its_linger(code: int) -> None:
    watch, _ = watched({"type": "websocket.connect"}, {"type": "websocket.disconnect", "code": code})

    assert not watch.browser_left


def test_a_session_is_connected_until_its_last_connection_closes() -> None:
    admission = SessionAdmission(SessionLimits(total=2, per_address=2, linger_seconds=20))
    admission.opened("s_1")
    admission.opened("s_1")

    admission.closed("s_1")
    assert admission.is_connected("s_1")
    admission.closed("s_1")
    assert not admission.is_connected("s_1")
