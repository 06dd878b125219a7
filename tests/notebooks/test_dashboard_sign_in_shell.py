"""The sign-in form comes with marimo's page for a browser that must sign in (api.dashboard_sign_in_shell)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from api.dashboard_sign_in import COOKIE_NAME
from api.dashboard_sign_in_shell import MAX_PAGE_BYTES, SHELL_SCRIPT, SignInShell

SCRIPT = "<script>" + SHELL_SCRIPT.read_text(encoding="utf-8") + "</script>"


def test_the_page_carries_the_form_right_after_its_head_tag(client: TestClient) -> None:
    page = client.get("/dashboard/")

    assert page.status_code == 200
    assert page.text.startswith("<!DOCTYPE html>")
    assert "<head>" + SCRIPT in page.text
    assert page.text.count(SCRIPT) == 1
    assert "<title>Finance Tracker</title>" in page.text  # still marimo's app


def test_a_remembered_device_gets_marimos_page_as_it_is(client: TestClient) -> None:
    client.cookies.set(COOKIE_NAME, "a-device-token", path="/dashboard")

    page = client.get("/dashboard/")

    assert page.status_code == 200
    assert SCRIPT not in page.text
    assert "<title>Finance Tracker</title>" in page.text


def shell_around(endpoint: Response) -> TestClient:
    """A client of SignInShell wrapped around an app that answers every path with `endpoint`."""
    inner = Starlette(routes=[Route("/", lambda request: endpoint)])
    shell = SignInShell()

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await shell(inner, scope, receive, send)

    return TestClient(app)


def test_only_html_pages_are_changed() -> None:
    html = shell_around(HTMLResponse("<html><head><title>t</title></head></html>")).get("/")
    assert int(html.headers["content-length"]) == len(html.content)
    json = shell_around(JSONResponse({"head": "<head>"})).get("/")

    assert html.text == f"<html><head>{SCRIPT}<title>t</title></head></html>"
    assert json.json() == {"head": "<head>"}


def test_a_page_larger_than_marimos_passes_untouched_in_its_parts() -> None:
    parts = [b"<html><head>", b"x" * MAX_PAGE_BYTES, b"</head></html>"]

    async def stream() -> object:
        for part in parts:
            yield part

    page = shell_around(StreamingResponse(stream(), media_type="text/html")).get("/")

    assert page.content == b"".join(parts)


def request_shell(method: str, cookie: str | None = None) -> bool:
    """Whether SignInShell takes a request for the page."""
    headers = [(b"cookie", f"{COOKIE_NAME}={cookie}".encode())] if cookie else []
    return SignInShell.handles("/", {"type": "http", "method": method, "headers": headers})


def test_only_a_page_load_without_a_remembered_device_is_taken() -> None:
    assert request_shell("GET")
    assert not request_shell("GET", cookie="token")
    assert not request_shell("HEAD")
    assert not SignInShell.handles("/assets/index.js", {"type": "http", "method": "GET", "headers": []})
    assert not SignInShell.handles("/ws", {"type": "websocket", "headers": []})
