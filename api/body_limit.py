"""Refuses request bodies over a size limit with 413, before they are read whole.

A pure ASGI middleware: a declared Content-Length over the limit is refused before the app runs;
a body without one (chunked) is counted as it streams in, and refused the moment it passes the
limit. The app then sees the client as gone (`http.disconnect`) and whatever it answers is dropped.
Limits are per path, so a future uploads route can take more than the GraphQL endpoint.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.graphql.view import error_response

PAYLOAD_TOO_LARGE_CODE = "PAYLOAD_TOO_LARGE"


def _declared_length(scope: Scope) -> int | None:
    """The Content-Length header as a number; None when absent or not a number."""
    value = Headers(scope=scope).get("content-length", "")
    return int(value) if value.isdigit() else None


def _is_multipart(scope: Scope) -> bool:
    """Whether the body is multipart/form-data: how files are uploaded."""
    return Headers(scope=scope).get("content-type", "").lower().startswith("multipart/form-data")


class BodySizeLimitMiddleware:
    """413 for bodies longer than the limit of their path (`path_limits`, else `max_body_bytes`).

    Multipart bodies (file uploads) to a path in `upload_limits` get that limit instead.
    """

    def __init__(
        self, app: ASGIApp, max_body_bytes: int, path_limits: Mapping[str, int] | None = None,
        upload_limits: Mapping[str, int] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.path_limits = dict(path_limits or {})
        self.upload_limits = dict(upload_limits or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.path_limits.get(scope["path"], self.max_body_bytes)
        if scope["path"] in self.upload_limits and _is_multipart(scope):
            limit = self.upload_limits[scope["path"]]  # file uploads (GraphQL multipart requests)
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await _send_payload_too_large(scope, receive, send, limit)
            return
        channel = _CountingChannel(scope, receive, send, limit)
        await self.app(scope, channel.counting_receive, channel.guarded_send)


async def _send_payload_too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = error_response(
        f"The request body is larger than {limit} bytes", PAYLOAD_TOO_LARGE_CODE, 413, maxBytes=limit
    )
    response.headers["Connection"] = "close"  # the rest of the body is never read
    await response(scope, receive, send)


class _CountingChannel:
    """The receive and send of one request: counts body bytes, answers 413 once they pass the limit."""

    def __init__(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        self.scope = scope
        self.receive = receive
        self.send = send
        self.limit = limit
        self.received = 0
        self.response_started = False
        self.refused = False
        self.answered = False

    async def counting_receive(self) -> Message:
        """The client's messages, until the body passes the limit; then a disconnect."""
        if self.refused:
            return {"type": "http.disconnect"}
        message = await self.receive()
        if message["type"] != "http.request":
            return message
        self.received += len(message.get("body", b""))
        if self.received <= self.limit:
            return message
        self.refused = True
        if not self.response_started:
            self.answered = True
            await _send_payload_too_large(self.scope, self.receive, self.send, self.limit)
        return {"type": "http.disconnect"}

    async def guarded_send(self, message: Message) -> None:
        """The app's messages, unless the 413 went out instead."""
        if self.answered:
            return  # the app's own answer comes too late
        if message["type"] == "http.response.start":
            self.response_started = True
        await self.send(message)
