"""Signing in to the dashboard survives a reload: a remembered device's token kept in an HttpOnly cookie.

The cookie holds the device token (api.auth.devices), never a refresh token: each tab resumes from it
into a session of its own, so two tabs never rotate one refresh token. A notebook kernel talks to its
browser over a websocket and cannot set cookies. So after signing in it registers the device token
here under a one-time code (a POST that proves, with this process's forwarding token, that it comes
from a kernel), and puts a zero-sized image on the page whose address carries the code: the image's
response sets the cookie (HttpOnly, SameSite=Strict, Path=/dashboard, Secure over https). A new
session reads the cookie from the request marimo hands the notebook. Signing out registers a code that
clears it.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from api.client_address import DASHBOARD_PROOF_HEADER

COOKIE_NAME = "fintrack_device"  # analytics.sign_in_memory reads the same name
SET_COOKIE_ENDPOINT = "/remember"  # below the dashboard's path: GET ?code=, by the page's image
CODES_ENDPOINT = "/remember-codes"  # below the dashboard's path: POST, by the kernels
CODE_SECONDS = 120  # the page loads the image at once; a code not used by then is forgotten
MAX_CODES = 10_000  # only kernels register codes; a bound all the same
MAX_BODY_BYTES = 4096


class RememberCodes:
    """One-time codes, each standing for a device token to keep in the cookie (or None: clear it)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._codes: dict[str, tuple[float, str | None]] = {}  # code -> (expiry, device token)

    def register(self, device_token: str | None) -> str:
        """A new code for the token (None clears the cookie); it works once, within CODE_SECONDS."""
        now = self._clock()
        self._codes = {code: entry for code, entry in self._codes.items() if entry[0] > now}
        if len(self._codes) >= MAX_CODES:
            self._codes.pop(next(iter(self._codes)))
        code = secrets.token_urlsafe(24)
        self._codes[code] = (now + CODE_SECONDS, device_token)
        return code

    def redeem(self, code: str) -> tuple[bool, str | None]:
        """(True, token) for a live code, which is then spent; (False, None) for any other."""
        entry = self._codes.pop(code, None)
        if entry is None or entry[0] <= self._clock():
            return False, None
        return True, entry[1]


class SignInMemory:
    """The two endpoints: kernels register codes, the page's image redeems one for the cookie."""

    def __init__(self, forwarding_token: str, cookie_days: int, dashboard_path: str) -> None:
        self.codes = RememberCodes()
        self.forwarding_token = forwarding_token
        self.cookie_seconds = cookie_days * 24 * 3600
        self.cookie_path = dashboard_path

    def handles(self, endpoint: str) -> bool:
        """Whether the path below the dashboard's is one of these endpoints."""
        return endpoint in (SET_COOKIE_ENDPOINT, CODES_ENDPOINT)

    async def __call__(self, endpoint: str, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        if endpoint == CODES_ENDPOINT:
            response = await self._register(request)
        else:
            response = self._set_cookie(request)
        response.headers["Cache-Control"] = "no-store"
        await response(scope, receive, send)

    async def _register(self, request: Request) -> Response:
        proof = request.headers.get(DASHBOARD_PROOF_HEADER, "")
        proven = secrets.compare_digest(proof.encode(), self.forwarding_token.encode())
        if request.method != "POST" or not proven:
            return Response(status_code=403)
        body = await request.body()
        try:
            token = json.loads(body)["deviceToken"] if len(body) <= MAX_BODY_BYTES else 0
        except (ValueError, KeyError, TypeError):
            token = 0
        if token is not None and not isinstance(token, str):
            return Response(status_code=400)
        return JSONResponse({"code": self.codes.register(token)})

    def _set_cookie(self, request: Request) -> Response:
        if request.method != "GET":
            return Response(status_code=405)
        found, token = self.codes.redeem(request.query_params.get("code", ""))
        if not found:
            return Response(status_code=404)
        response = Response(status_code=204)
        secure = request.url.scheme == "https"
        if token is None:
            response.delete_cookie(COOKIE_NAME, path=self.cookie_path, secure=secure, httponly=True,
                                   samesite="strict")
        else:
            response.set_cookie(COOKIE_NAME, token, max_age=self.cookie_seconds, path=self.cookie_path,
                                secure=secure, httponly=True, samesite="strict")
        return response
