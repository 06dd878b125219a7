"""A real `fintrack serve`: dashboard sessions (marimo kernels) are capped per client address and overall.

Each websocket to /dashboard/ws with a new `session_id` (what marimo's page sends) would start a kernel;
past a cap it is closed with 1013 and the reason, and a closed tab's slot is free after the linger, or
at once when the browser says it left the page (close code 1001).
"""

from __future__ import annotations

import contextlib
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.e2e.conftest import RunningServer, serving

pytestmark = pytest.mark.e2e

PER_ADDRESS = 2
TOTAL = 3
LINGER_SECONDS = 8  # long enough that the refusal right after a close is not late on a loaded machine
KERNEL_START_SECONDS = 60  # the first kernel parses the notebook
CLOSE_SECONDS = 1


@pytest.fixture
def capped_server(tmp_path: Path) -> Iterator[RunningServer]:
    """A server of its own per test: sessions another test closed would still linger in a shared one."""
    settings = {
        "DASHBOARD_MAX_SESSIONS": str(TOTAL),
        "DASHBOARD_MAX_SESSIONS_PER_ADDRESS": str(PER_ADDRESS),
        "DASHBOARD_SESSION_LINGER_SECONDS": str(LINGER_SECONDS),
    }
    with serving(tmp_path, settings=settings) as running:
        yield running


def open_session(server: RunningServer, source: str = "127.0.0.1") -> ClientConnection:
    """A websocket as marimo's page opens it (a fresh session id), from the given loopback address."""
    address = urlsplit(server.url)
    sock = socket.create_connection((address.hostname, address.port), timeout=30, source_address=(source, 0))
    url = f"ws://{address.netloc}/dashboard/ws?session_id=s_{uuid.uuid4().hex[:8]}"
    # The server sometimes leaves a client's close frame unanswered while marimo's handler ends (the
    # session lingers from the close it received); websockets then waits close_timeout (10 s by default),
    # longer than the linger the tests check right after a close.
    return connect(url, sock=sock, proxy=None, open_timeout=30, close_timeout=CLOSE_SECONDS)


def started(connection: ClientConnection) -> bool:
    """True once marimo sends the session's first message; False when the server closed it instead."""
    try:
        connection.recv(timeout=KERNEL_START_SECONDS)
    except ConnectionClosed:
        return False
    return True


def refusal(server: RunningServer, source: str = "127.0.0.1") -> tuple[int, str]:
    """The close code and reason of a new session the server must refuse."""
    with open_session(server, source) as connection, pytest.raises(ConnectionClosed) as closed:
        connection.recv(timeout=KERNEL_START_SECONDS)
    assert closed.value.rcvd is not None
    return closed.value.rcvd.code, closed.value.rcvd.reason


def test_sessions_past_the_per_address_cap_are_refused_until_a_closed_one_lingers_out(capped_server):
    with contextlib.ExitStack() as stack:
        first, second = (stack.enter_context(open_session(capped_server)) for _ in range(PER_ADDRESS))
        assert started(first) and started(second)

        code, reason = refusal(capped_server)
        assert code == 1013
        assert f"at most {PER_ADDRESS}" in reason

        first.close()
        code, _ = refusal(capped_server)  # its session lingers for a reconnect
        assert code == 1013

        deadline = time.monotonic() + LINGER_SECONDS + 20
        while True:
            later = stack.enter_context(open_session(capped_server))
            if started(later):
                break
            assert time.monotonic() < deadline, "the closed session's slot was never freed"
            time.sleep(0.5)


def test_a_session_whose_tab_went_away_frees_its_slot_without_lingering(capped_server):
    with contextlib.ExitStack() as stack:
        first, second = (stack.enter_context(open_session(capped_server)) for _ in range(PER_ADDRESS))
        assert started(first) and started(second)

        first.close(code=1001)  # what a browser sends when the tab closes
        closed_at = time.monotonic()
        while True:
            later = stack.enter_context(open_session(capped_server))
            opened_at = time.monotonic()  # the kernel's start is not the linger's business
            if started(later):
                break
            time.sleep(0.2)
        assert opened_at - closed_at < LINGER_SECONDS, "the slot was freed by the linger, not the departure"


def test_sessions_past_the_overall_cap_are_refused_from_any_address(capped_server):
    with contextlib.ExitStack() as stack:
        sources = ["127.0.0.1", "127.0.0.1", "127.0.0.2"]
        sessions = [stack.enter_context(open_session(capped_server, source)) for source in sources]
        assert all(started(session) for session in sessions)

        code, reason = refusal(capped_server, "127.0.0.3")
        assert code == 1013
        assert f"limit of {TOTAL}" in reason

        # marimo's other transport starts sessions too: refused the same way, as HTTP 429.
        response = httpx.get(f"{capped_server.url}/dashboard/sse?session_id=s_sse", timeout=30)
        assert response.status_code == 429
        assert f"limit of {TOTAL}" in response.text
