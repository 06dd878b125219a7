"""marimo's static files (the dashboard's /assets/), gzipped once and kept in memory.

A fresh dashboard tab loads about 320 of them (7.3 MB, 3.0 MB gzipped). Starlette's GZip middleware
compressed them again for every tab, on the event loop (about 177 ms of CPU per tab). Here the first
request for a file takes marimo's own response, gzips it off the event loop and keeps it; later ones are
answered from memory, already encoded, so the GZip middleware passes them on untouched (it leaves a
response with a Content-Encoding alone). Only files of marimo's package are kept: nothing here depends on
who asks, and a response that sets a cookie or says it is private is never kept.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ASSETS_PREFIX = "/assets/"
# Vite names each built file after its content (`CellStatus-2Psjnl5F.css`): a new marimo renames them.
CONTENT_HASHED_NAME = re.compile(r"-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"  # a name without a hash may change content: the browser asks with its ETag
DEFAULT_MAX_BYTES = 32 * 1024 * 1024  # gzipped; all of marimo 0.25's assets take about 3 MB
# Level 9 took 2.9 s of CPU for marimo's 724 files and saved 2% over level 6.
COMPRESS_LEVEL = 6


@dataclass(frozen=True)
class CompressedAsset:
    """One file's gzipped body and the headers that describe it."""

    body: bytes
    content_type: str
    etag: str
    cache_control: str


def accepts_gzip(headers: Headers) -> bool:
    """Whether the request's Accept-Encoding allows gzip (`gzip;q=0` refuses it)."""
    for coding in headers.get("accept-encoding", "").split(","):
        name, _, parameters = coding.partition(";")
        if name.strip().lower() in ("gzip", "*"):
            quality = parameters.strip().removeprefix("q=").strip()
            return not quality or float_or_zero(quality) > 0
    return False


def float_or_zero(text: str) -> float:
    """A quality value, or 0 when the client sent something else."""
    try:
        return float(text)
    except ValueError:
        return 0.0


def cache_control_for(endpoint: str) -> str:
    """Long-lived only for names that change with their content."""
    return IMMUTABLE if CONTENT_HASHED_NAME.search(endpoint) else REVALIDATE


def is_public(headers: Headers) -> bool:
    """Whether a response may be stored and served to anyone who asks: no cookie, not private."""
    cache_control = headers.get("cache-control", "").lower()
    return "set-cookie" not in headers and "private" not in cache_control and "no-store" not in cache_control


def is_worth_compressing(status: int, headers: Headers) -> bool:
    """Whether to gzip and keep a response: public, not encoded yet, not a font or image that is already
    compressed (the types Starlette's GZip middleware leaves alone)."""
    content_type = headers.get("content-type", "").partition(";")[0].strip().lower()
    already_compressed = any(
        content_type == excluded or (excluded.endswith("/*") and content_type.startswith(excluded[:-1]))
        for excluded in DEFAULT_EXCLUDED_CONTENT_TYPES
    )
    encoded = "content-encoding" in headers
    return status == 200 and not encoded and not already_compressed and is_public(headers)


def is_complete(messages: list[Message]) -> bool:
    """Whether a response's messages end with its last body part.

    A file response stops halfway when its client goes (a reload while the page loads): kept, the
    truncated file broke the dashboard for every later tab until the server restarted.
    """
    last = messages[-1] if messages else None
    return last is not None and last["type"] == "http.response.body" and not last.get("more_body", False)


class CompressedAssets:
    """A bounded, least-recently-used cache of marimo's asset responses, gzipped."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._assets: OrderedDict[str, CompressedAsset] = OrderedDict()
        self._size = 0

    def handles(self, endpoint: str, scope: Scope) -> bool:
        """Whether the request (path below the dashboard's) is for one of marimo's static files."""
        return scope["type"] == "http" and scope["method"] == "GET" and endpoint.startswith(ASSETS_PREFIX)

    async def __call__(self, app: ASGIApp, endpoint: str, scope: Scope, receive: Receive, send: Send) -> None:
        request_headers = Headers(scope=scope)
        if not accepts_gzip(request_headers):
            await app(scope, receive, self._with_caching_headers(endpoint, send))
            return
        asset = self._assets.get(endpoint)
        if asset is None:
            asset = await self._compress(app, endpoint, scope, receive, send)
            if asset is None:  # marimo's response went out as it was
                return
        else:
            self._assets.move_to_end(endpoint)
        await self._respond(asset, request_headers, scope, receive, send)

    async def _compress(
        self, app: ASGIApp, endpoint: str, scope: Scope, receive: Receive, send: Send
    ) -> CompressedAsset | None:
        """marimo's response, gzipped and kept; or None once it was passed on as it was."""
        messages: list[Message] = []

        async def collect(message: Message) -> None:
            messages.append(message)

        # Without the pathsend extension, a file response sends its body as messages this can read.
        extensions = {name: value for name, value in scope.get("extensions", {}).items()
                      if name != "http.response.pathsend"}
        await app({**scope, "extensions": extensions}, receive, collect)
        start = messages[0] if messages and messages[0]["type"] == "http.response.start" else None
        headers = Headers(raw=start["headers"]) if start else Headers()
        if start is None or not is_complete(messages) or not is_worth_compressing(start["status"], headers):
            send_plain = self._with_caching_headers(endpoint, send)
            for message in messages:
                await send_plain(message)
            return None
        plain = b"".join(message.get("body", b"") for message in messages[1:])
        body = await run_in_threadpool(gzip.compress, plain, COMPRESS_LEVEL, mtime=0)
        asset = CompressedAsset(
            body=body,
            content_type=headers.get("content-type", "application/octet-stream"),
            etag=f'"{hashlib.sha256(body).hexdigest()[:32]}-gzip"',
            cache_control=cache_control_for(endpoint),
        )
        self._keep(endpoint, asset)
        return asset

    def _keep(self, endpoint: str, asset: CompressedAsset) -> None:
        """Store the asset, dropping the least recently used ones beyond the bound."""
        if len(asset.body) > self.max_bytes or endpoint in self._assets:
            return
        self._assets[endpoint] = asset
        self._size += len(asset.body)
        while self._size > self.max_bytes:
            _, dropped = self._assets.popitem(last=False)
            self._size -= len(dropped.body)

    async def _respond(
        self, asset: CompressedAsset, request_headers: Headers, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """The gzipped body, or 304 when the browser already holds this very version."""
        headers = {"ETag": asset.etag, "Cache-Control": asset.cache_control, "Vary": "Accept-Encoding"}
        if_none_match = request_headers.get("if-none-match", "")
        candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        if asset.etag in candidates or "*" in candidates:
            response = Response(status_code=304, headers=headers)
        else:
            encoded = {**headers, "Content-Encoding": "gzip", "Content-Type": asset.content_type}
            response = Response(asset.body, media_type=None, headers=encoded)
        await response(scope, receive, send)

    def _with_caching_headers(self, endpoint: str, send: Send) -> Send:
        """marimo's plain response, with the same Cache-Control and Vary as the gzipped one."""

        async def send_with_headers(message: Message) -> None:
            headers = MutableHeaders(scope=message) if message["type"] == "http.response.start" else None
            if headers is not None and message["status"] in (200, 304) and is_public(headers):
                headers["Cache-Control"] = cache_control_for(endpoint)
                headers.add_vary_header("Accept-Encoding")
            await send(message)

        return send_with_headers
