"""The one-time codes and endpoints that put the dashboard's refresh token in its cookie."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from api.client_address import DASHBOARD_PROOF_HEADER
from api.dashboard_sign_in import CODE_SECONDS, COOKIE_NAME, RememberCodes, SignInMemory

TOKEN = "forwarding-token"


class MemoryEndpoint:
    """The endpoints below /dashboard, as DashboardApp routes to them."""

    def __init__(self, memory: SignInMemory) -> None:
        self.memory = memory

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.memory(scope["path"].removeprefix("/dashboard"), scope, receive, send)


def memory_app(memory: SignInMemory) -> Starlette:
    return Starlette(routes=[Route("/dashboard{rest:path}", MemoryEndpoint(memory))])


def test_a_code_works_once_and_not_after_it_expired() -> None:
    now = [0.0]
    codes = RememberCodes(clock=lambda: now[0])
    first, second = codes.register("refresh"), codes.register(None)
    assert codes.redeem(first) == (True, "refresh")
    assert codes.redeem(first) == (False, None)
    now[0] = CODE_SECONDS + 1
    assert codes.redeem(second) == (False, None)


def test_only_a_kernel_registers_and_the_image_sets_a_strict_http_only_cookie() -> None:
    client = TestClient(memory_app(SignInMemory(TOKEN, 30, "/dashboard")))
    assert client.post("/dashboard/remember-codes", json={"refreshToken": "r"}).status_code == 403
    code = client.post("/dashboard/remember-codes", json={"refreshToken": "r"},
                       headers={DASHBOARD_PROOF_HEADER: TOKEN}).json()["code"]

    response = client.get("/dashboard/remember", params={"code": code})

    assert response.status_code == 204
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=r;")
    assert {"HttpOnly", "Path=/dashboard", "SameSite=strict"} <= {part.strip() for part in cookie.split(";")}
    assert client.get("/dashboard/remember", params={"code": code}).status_code == 404


def test_signing_out_clears_the_cookie() -> None:
    client = TestClient(memory_app(SignInMemory(TOKEN, 30, "/dashboard")))
    code = client.post("/dashboard/remember-codes", json={"refreshToken": None},
                       headers={DASHBOARD_PROOF_HEADER: TOKEN}).json()["code"]
    cookie = client.get("/dashboard/remember", params={"code": code}).headers["set-cookie"]
    assert cookie.startswith(f'{COOKIE_NAME}="";') and "Max-Age=0" in cookie
