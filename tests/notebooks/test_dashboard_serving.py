"""The dashboard is served by the API's own app at /dashboard/ and told the API's URL by the server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

import api.dashboard
from api.app import create_app
from api.config import Settings
from api.client_address import BROWSER_ADDRESS_HEADER, forwarding_headers
from api.dashboard import API_HEADERS_META_KEY, API_URL_META_KEY, server_base_url


def test_dashboard_without_slash_redirects_to_the_page(client: TestClient) -> None:
    response = client.get("/dashboard", follow_redirects=False)

    assert response.status_code in (301, 307)
    assert client.get("/dashboard").url.path == "/dashboard/"


def test_dashboard_page_is_the_marimo_app(client: TestClient) -> None:
    response = client.get("/dashboard/")

    assert response.status_code == 200
    assert "<title>Finance Tracker</title>" in response.text


def test_dashboard_can_be_switched_off(settings: Settings) -> None:
    with TestClient(create_app(settings.model_copy(update={"dashboard_enabled": False}))) as plain:
        assert plain.get("/dashboard/").status_code == 404


@pytest.mark.parametrize(("scope", "expected"), [
    ({"server": ("127.0.0.1", 8000), "scheme": "http"}, "http://127.0.0.1:8000"),
    ({"server": ("10.0.0.5", 443), "scheme": "wss", "root_path": "/money"}, "https://10.0.0.5:443/money"),
    ({"server": ("::1", 8000), "scheme": "ws"}, "http://[::1]:8000"),
    ({"server": None, "scheme": "http"}, None),  # a Unix socket: no address to call back
])
def test_base_url_comes_from_the_socket_that_took_the_connection(
    scope: dict[str, Any], expected: str | None
) -> None:
    assert server_base_url(scope) == expected


def test_notebook_is_told_this_servers_url_whatever_the_link_says(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dict[str, Any]] = []

    async def record(request: Request) -> JSONResponse:
        seen.append(request.scope["meta"])
        return JSONResponse({})

    def build(notebook: Path, show_tracebacks: bool, linger_seconds: int) -> Starlette:
        seen.append({"built": notebook.name})
        return Starlette(routes=[Route("/dashboard/", record)])

    monkeypatch.setattr(api.dashboard, "build_marimo_app", build)
    with TestClient(create_app(settings), base_url="http://127.0.0.1:8123") as test_client:
        test_client.get("/dashboard/?api_base_url=http://evil.example", headers={"Host": "evil.example"})
        test_client.get("/dashboard/")

    # Built once, on first use; the URL is the server's address, not the Host header or the query.
    urls = [meta.get(API_URL_META_KEY, meta.get("built")) for meta in seen]
    assert urls == ["dashboard.py", "http://127.0.0.1:8123", "http://127.0.0.1:8123"]


def test_notebook_is_given_headers_naming_the_browsers_address_with_the_servers_token(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dict[str, Any]] = []

    async def record(request: Request) -> JSONResponse:
        seen.append(request.scope["meta"][API_HEADERS_META_KEY])
        return JSONResponse({})

    def build(notebook: Path, show_tracebacks: bool, linger_seconds: int) -> Starlette:
        return Starlette(routes=[Route("/dashboard/", record)])

    monkeypatch.setattr(api.dashboard, "build_marimo_app", build)
    app = create_app(settings)
    with TestClient(app, client=("198.51.100.9", 40000)) as test_client:
        test_client.get("/dashboard/", headers={BROWSER_ADDRESS_HEADER: "203.0.113.1"})

    token = app.state.app_state.forwarding_token
    assert seen == [forwarding_headers(token, "198.51.100.9")]
