"""Caps on the dashboard's sessions, overall and per client address.

Every connection to marimo's session endpoints (/dashboard/ws, or /dashboard/sse) with a session id
it does not know starts a kernel: a thread of about 8 MB in this process, before anyone signs in, kept
for the linger after the tab closes. So a connection that would start one more session than the caps
allow is refused before marimo sees it. A reconnect to a session that is still alive is let through:
it starts nothing.

The linger is for a connection that dropped (a network blip, a laptop waking up). A browser that
closes the tab or leaves the page says so (close code 1001, "going away"), and a reload starts a new
session anyway: such a session has nothing to wait for, and is ended at once (see `DepartureWatch`).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs

from starlette.responses import PlainTextResponse
from starlette.types import Message, Receive, Scope, Send

logger = logging.getLogger("api.dashboard")

SESSION_ENDPOINTS = ("/ws", "/sse")  # below the dashboard's path; both make marimo start a session
SESSION_ID_PARAMETER = "session_id"  # marimo's query parameter (ws_connection_validator.py)
# RFC 6455 "Try Again Later": the server is overloaded for now. marimo's page keeps reconnecting, and
# succeeds once a session ends.
TRY_AGAIN_LATER = 1013
# RFC 6455 "Going Away": what a browser sends when its tab closes or leaves the page. A dropped
# connection has no close frame (1006), and a client's own close is 1000.
GOING_AWAY = 1001


@dataclass(frozen=True)
class SessionLimits:
    """How many dashboard sessions may be alive at once, and how long one outlives its closed tab."""

    total: int
    per_address: int
    linger_seconds: int


class SessionAdmission:
    """Which address started each live dashboard session; refuses the sessions over the caps.

    A session counts from its first connection until marimo has closed it (its tab closed and the
    linger over) and none of its connections is open. Only marimo knows when that is, so the caller
    passes `is_alive` (marimo's session manager) to each check.
    """

    def __init__(self, limits: SessionLimits) -> None:
        self.limits = limits
        self._addresses: dict[str, str] = {}  # session id -> client address that started it
        self._open_connections: Counter[str] = Counter()

    def refusal(self, session_id: str, address: str, is_alive: Callable[[str], bool]) -> str | None:
        """Why a connection for this session may not start it, or None (it is then counted)."""
        self._forget_ended(is_alive)
        if session_id in self._addresses or is_alive(session_id):
            return None
        if len(self._addresses) >= self.limits.total:
            reason = (f"The dashboard is at its limit of {self.limits.total} open sessions; "
                      "try again in a minute")
        elif sum(owner == address for owner in self._addresses.values()) >= self.limits.per_address:
            reason = (f"Too many dashboard tabs from your address (at most {self.limits.per_address}); "
                      "close one or try again in a minute")
        else:
            self._addresses[session_id] = address
            return None
        logger.info("Dashboard session refused for %s: %s", address, reason)
        return reason

    def opened(self, session_id: str) -> None:
        """A connection of the session was let through."""
        self._open_connections[session_id] += 1

    def closed(self, session_id: str) -> None:
        """A connection of the session ended."""
        self._open_connections[session_id] -= 1
        if self._open_connections[session_id] <= 0:
            del self._open_connections[session_id]

    def is_connected(self, session_id: str) -> bool:
        """Whether a connection of the session is still open."""
        return session_id in self._open_connections

    def _forget_ended(self, is_alive: Callable[[str], bool]) -> None:
        for session_id in list(self._addresses):
            if session_id not in self._open_connections and not is_alive(session_id):
                del self._addresses[session_id]


class DepartureWatch:
    """A websocket's `receive`, passed through, that notes whether the browser left the page (1001)."""

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self.browser_left = False

    async def __call__(self) -> Message:
        message = await self._receive()
        if message["type"] == "websocket.disconnect" and message.get("code") == GOING_AWAY:
            self.browser_left = True
        return message


def session_id_of(scope: Scope, dashboard_path: str) -> str | None:
    """The session id of a connection to one of marimo's session endpoints, or None for other requests.

    A connection to those endpoints without an id is refused by marimo itself without starting anything.
    """
    endpoint = scope["path"].removeprefix(scope.get("root_path", "")).removeprefix(dashboard_path)
    if endpoint not in SESSION_ENDPOINTS:
        return None
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get(SESSION_ID_PARAMETER)
    return values[0] if values else None


async def refuse(scope: Scope, receive: Receive, send: Send, reason: str) -> None:
    """Refuse a session connection: a websocket is closed with 1013 and the reason, HTTP gets a 429."""
    if scope["type"] == "websocket":
        await receive()  # websocket.connect
        # Accepted first, so that the browser sees the close code and reason (a refused handshake
        # shows it neither); accepting starts nothing.
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.close", "code": TRY_AGAIN_LATER, "reason": reason})
        return
    await PlainTextResponse(reason, status_code=429, headers={"Retry-After": "60"})(scope, receive, send)
