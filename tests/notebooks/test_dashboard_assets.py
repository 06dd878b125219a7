"""marimo's static files are gzipped once, kept in memory and served with the right headers."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette.types import ASGIApp, Receive, Scope, Send

import marimo
from api.dashboard import DashboardApp
from api.dashboard_assets import COMPRESS_LEVEL, IMMUTABLE, REVALIDATE, CompressedAssets, accepts_gzip

ASSETS_DIR = Path(marimo.__file__).parent / "_static" / "assets"
ASSET = next(path for path in sorted(ASSETS_DIR.glob("*.js")) if path.stat().st_size > 50_000)
ASSET_URL = f"/dashboard/assets/{ASSET.name}"


def dashboard_of(client: TestClient) -> DashboardApp:
    """The app's dashboard, to watch what reaches marimo."""
    app = client.app
    assert isinstance(app, Starlette)
    return next(route.app for route in app.routes if isinstance(getattr(route, "app", None), DashboardApp))


def test_hashed_asset_comes_gzipped_with_its_headers_then_from_memory(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = client.get(ASSET_URL, headers={"Accept-Encoding": "gzip"})

    async def compress_again(*arguments: object) -> None:
        raise AssertionError("asked marimo for the file again")

    monkeypatch.setattr(dashboard_of(client).assets, "_compress", compress_again)
    second = client.get(ASSET_URL, headers={"Accept-Encoding": "gzip"})
    third = client.get(ASSET_URL, headers={"Accept-Encoding": "gzip, deflate, br"})

    for response in (first, second, third):
        assert response.status_code == 200
        assert response.content == ASSET.read_bytes()  # httpx undid the gzip
        assert response.headers["content-encoding"] == "gzip"  # once: the GZip middleware left it alone
        assert "Accept-Encoding" in response.headers["vary"]
        assert response.headers["cache-control"] == IMMUTABLE
        assert "javascript" in response.headers["content-type"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "content-security-policy" not in response.headers  # a script, not a page
        assert response.headers["etag"] == first.headers["etag"]
    assert int(first.headers["content-length"]) < ASSET.stat().st_size / 2


def test_browser_holding_the_version_gets_not_modified(client: TestClient) -> None:
    etag = client.get(ASSET_URL).headers["etag"]

    response = client.get(ASSET_URL, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag


@pytest.mark.parametrize("accept_encoding", ["identity", ""])  # Starlette's GZip ignores gzip;q=0
def test_client_without_gzip_gets_the_plain_body(client: TestClient, accept_encoding: str) -> None:
    gzipped = client.get(ASSET_URL)

    response = client.get(ASSET_URL, headers={"Accept-Encoding": accept_encoding})

    assert response.status_code == 200
    assert "content-encoding" not in response.headers
    assert int(response.headers["content-length"]) == ASSET.stat().st_size
    assert response.content == ASSET.read_bytes()
    assert response.headers["cache-control"] == IMMUTABLE
    assert "Accept-Encoding" in response.headers["vary"]
    assert response.headers["etag"] != gzipped.headers["etag"]  # another representation


def test_dashboard_page_and_missing_assets_are_not_kept(client: TestClient) -> None:
    page = client.get("/dashboard/")
    missing = client.get("/dashboard/assets/nothing-AAAAAAAA.js")

    assert page.headers["cache-control"] == "private, no-cache"  # marimo's own, for a page with its config
    assert missing.status_code == 404
    assert dashboard_of(client).assets._assets == {}


def private_file(request: Request) -> Response:
    """A response for one user only, at an asset's path."""
    return PlainTextResponse("yours " * 400, headers={"Set-Cookie": "a=b", "Cache-Control": "private"})


def font_file(request: Request) -> Response:
    """A font: compressed already."""
    return Response(b"wOF2" * 600, media_type="font/woff2")


def plain_file(request: Request) -> Response:
    """A shareable file of 2,400 bytes."""
    return PlainTextResponse(request.path_params["name"] * 300)


def assets_app(assets: CompressedAssets) -> ASGIApp:
    """A small app whose /assets/ go through the cache, as the dashboard's do."""
    files = Starlette(routes=[Route("/assets/private-AAAAAAAA.js", private_file),
                              Route("/assets/font-AAAAAAAA.woff2", font_file),
                              Route("/assets/{name}", plain_file)])

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await assets(files, scope["path"], scope, receive, send)

    return app


def test_response_for_one_user_is_passed_on_and_never_kept() -> None:
    assets = CompressedAssets()
    response = TestClient(assets_app(assets)).get("/assets/private-AAAAAAAA.js")

    assert response.headers["set-cookie"] == "a=b"
    assert "content-encoding" not in response.headers
    assert assets._assets == {}


def test_font_is_passed_on_as_it_is_and_never_kept() -> None:
    assets = CompressedAssets()
    response = TestClient(assets_app(assets)).get("/assets/font-AAAAAAAA.woff2")

    assert response.content == b"wOF2" * 600
    assert "content-encoding" not in response.headers
    assert response.headers["cache-control"] == IMMUTABLE
    assert assets._assets == {}


def test_cache_keeps_the_most_recently_used_within_its_bound() -> None:
    one_file = len(gzip.compress(b"aaaaaaaa" * 300, COMPRESS_LEVEL, mtime=0))
    assets = CompressedAssets(max_bytes=2 * one_file)
    test_client = TestClient(assets_app(assets))  # no lifespan: the cache alone
    for name in ("aaaaaaaa", "bbbbbbbb", "aaaaaaaa", "cccccccc"):
        response = test_client.get(f"/assets/{name}")
        assert response.text == name * 300

    assert list(assets._assets) == ["/assets/aaaaaaaa", "/assets/cccccccc"]
    assert response.headers["cache-control"] == REVALIDATE  # no content hash in the name


@pytest.mark.parametrize(("header", "accepted"), [
    ("gzip", True), ("deflate, gzip;q=0.5", True), ("*", True), ("GZIP", True),
    ("gzip;q=0", False), ("identity", False), ("", False), ("gzip;q=x", False),
])
def test_gzip_is_accepted_as_the_header_says(header: str, accepted: bool) -> None:
    assert accepts_gzip(Headers({"accept-encoding": header})) is accepted


def test_a_response_cut_off_by_its_client_is_passed_on_and_never_kept() -> None:
    """A file response stops halfway when the browser goes (a reload while the page loads); kept, the
    truncated file broke the dashboard for every later tab."""
    assets, cut_off = CompressedAssets(), [True]

    async def files(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/javascript")]})
        await send({"type": "http.response.body", "body": b"export const t = 1;\n" * 50, "more_body": True})
        if not cut_off[0]:  # as Starlette's FileResponse does once the client has gone
            await send({"type": "http.response.body", "body": b"export const u = 2;\n", "more_body": False})

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await assets(files, scope["path"], scope, receive, send)

    client = TestClient(app)
    client.get("/assets/module-AAAAAAAA.js")
    assert assets._assets == {}

    cut_off[0] = False
    response = client.get("/assets/module-AAAAAAAA.js")
    assert response.text == "export const t = 1;\n" * 50 + "export const u = 2;\n"
    assert list(assets._assets) == ["/assets/module-AAAAAAAA.js"]
    assert client.get("/assets/module-AAAAAAAA.js").text == response.text
