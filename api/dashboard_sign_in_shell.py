"""The dashboard's sign-in form on screen at once, not after marimo's page and a notebook session load.

marimo's page fetches some 300 files and then starts a session before the notebook draws its sign-in
form: about 2 s on a quiet machine, more on a phone. A small script (`dashboard_sign_in_shell.js`)
draws a plain sign-in form first and hands what was typed (and a press of "Sign in") to the notebook's
own form when it shows, so signing in stays the notebook's.

The script is written into the page itself, right after `<head>`: as a file it would wait behind the
page's 200 module preloads for one of the browser's six connections. A browser that brings a
remembered device (the sign-in cookie, api.dashboard_sign_in) resumes its session without a form, and
gets the page as marimo wrote it: no form flashes before its charts.
"""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.dashboard_sign_in import COOKIE_NAME

SHELL_SCRIPT = Path(__file__).with_name("dashboard_sign_in_shell.js")
PAGE_ENDPOINTS = ("", "/")  # below the dashboard's path: marimo's page
HEAD_TAG = b"<head>"
MAX_PAGE_BYTES = 1 << 20  # marimo's page is about 30 kB; anything larger passes untouched


class SignInShell:
    """Writes the script into marimo's page for a browser without a remembered device."""

    def __init__(self) -> None:
        self._tag = b"<script>" + SHELL_SCRIPT.read_bytes() + b"</script>"

    @staticmethod
    def handles(endpoint: str, scope: Scope) -> bool:
        """Whether this is a request for the page by a browser that has to sign in."""
        return (endpoint in PAGE_ENDPOINTS and scope["type"] == "http" and scope["method"] == "GET"
                and not HTTPConnection(scope).cookies.get(COOKIE_NAME))

    async def __call__(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        """marimo's page with the script after `<head>`; any other answer (not HTML, too large) as it is."""
        held: list[Message] = []  # the answer's start and its body so far
        size = 0
        passing = False

        async def send_with_shell(message: Message) -> None:
            nonlocal size, passing
            if passing:
                await send(message)
                return
            held.append(message)
            if message["type"] == "http.response.start":
                passing = not MutableHeaders(scope=message).get("content-type", "").startswith("text/html")
            else:
                size += len(message.get("body", b""))
                passing = size > MAX_PAGE_BYTES
                if not passing and not message.get("more_body", False):
                    await self._send_page(held, send)
                    return
            if passing:
                for kept in held:
                    await send(kept)
                held.clear()

        await app(scope, receive, send_with_shell)

    async def _send_page(self, held: list[Message], send: Send) -> None:
        start, *parts = held
        page = b"".join(part.get("body", b"") for part in parts).replace(HEAD_TAG, HEAD_TAG + self._tag, 1)
        headers = MutableHeaders(scope=start)
        headers["content-length"] = str(len(page))  # marimo's page is never kept: "private, no-cache"
        await send(start)
        await send({"type": "http.response.body", "body": page})
