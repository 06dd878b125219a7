"""The one-time codes and endpoints that put the dashboard's device token in its cookie, and tabs that
resume from that token: each in a session of its own, all ended by signing out of one."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from analytics.client import FinanceClient
from analytics.errors import AuthenticationError
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
    first, second = codes.register("device"), codes.register(None)
    assert codes.redeem(first) == (True, "device")
    assert codes.redeem(first) == (False, None)
    now[0] = CODE_SECONDS + 1
    assert codes.redeem(second) == (False, None)


def test_only_a_kernel_registers_and_the_image_sets_a_strict_http_only_cookie() -> None:
    client = TestClient(memory_app(SignInMemory(TOKEN, 30, "/dashboard")))
    assert client.post("/dashboard/remember-codes", json={"deviceToken": "r"}).status_code == 403
    code = client.post("/dashboard/remember-codes", json={"deviceToken": "r"},
                       headers={DASHBOARD_PROOF_HEADER: TOKEN}).json()["code"]

    response = client.get("/dashboard/remember", params={"code": code})

    assert response.status_code == 204
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=r;")
    assert {"HttpOnly", "Path=/dashboard", "SameSite=strict"} <= {part.strip() for part in cookie.split(";")}
    assert client.get("/dashboard/remember", params={"code": code}).status_code == 404


def test_signing_out_clears_the_cookie() -> None:
    client = TestClient(memory_app(SignInMemory(TOKEN, 30, "/dashboard")))
    code = client.post("/dashboard/remember-codes", json={"deviceToken": None},
                       headers={DASHBOARD_PROOF_HEADER: TOKEN}).json()["code"]
    cookie = client.get("/dashboard/remember", params={"code": code}).headers["set-cookie"]
    assert cookie.startswith(f'{COOKIE_NAME}="";') and "Max-Age=0" in cookie


def test_tabs_resumed_from_the_device_token_refresh_on_their_own_until_one_signs_out(
    client: TestClient, make_user
) -> None:
    make_user("carol@example.com", "correct horse battery")
    cookie: list[str | None] = []  # what each tab's kernel asks the cookie to hold, in order
    tabs = [FinanceClient("http://testserver", http_client=client, on_device_token=cookie.append)
            for _ in range(3)]
    tabs[0].login("carol@example.com", "correct horse battery")
    device_token = cookie[-1]
    assert device_token
    for tab in tabs[1:]:  # a second tab, and a reload of it
        assert tab.resume(device_token)["email"] == "carol@example.com"

    for _ in range(2):
        for tab in tabs:
            tab._access_token = None  # as if it had expired: the next request refreshes this tab's session
            assert tab.categories().height > 0
    assert cookie == [device_token]  # refreshing never touches the cookie

    tabs[1].logout()

    assert cookie[-1] is None
    for tab in (tabs[0], tabs[2]):
        with pytest.raises(AuthenticationError):
            tab.categories()
    with pytest.raises(AuthenticationError):
        FinanceClient("http://testserver", http_client=client).resume(device_token)
