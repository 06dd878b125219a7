"""The dashboard's side of staying signed in across reloads (the server's side: api.dashboard_sign_in).

A remembered device's token (see api.auth.devices) lives in an HttpOnly cookie that the page's own
scripts cannot read. Each new session (a tab, a reload) resumes from it into a session of its own, so
tabs never spend each other's refresh tokens; those stay in the kernel's memory. A kernel cannot set a
cookie (it talks to the browser over a websocket): it registers the token with the server under a
one-time code and shows a zero-sized image whose address carries the code; the image's response sets
the cookie. A new session finds the token in the cookies of the request marimo hands it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

import httpx
import marimo as mo

COOKIE_NAME = "fintrack_device"  # set by api.dashboard_sign_in
CODES_PATH = "/dashboard/remember-codes"  # on the API's server, called by the kernel
SET_COOKIE_ADDRESS = "remember"  # relative to the page (/dashboard/): the image's address
TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class CookieChange:
    """What the cookie should hold from now on: a device token, or nothing (signed out)."""

    device_token: str | None


def kept_device_token(cookies: Mapping[str, str] | None) -> str | None:
    """The device token a new tab or a reload brings along, if any."""
    return (cookies or {}).get(COOKIE_NAME) or None


def cookie_image(base_url: str, headers: Mapping[str, str], change: CookieChange) -> mo.Html:
    """An invisible image whose loading sets (or clears) the cookie; nothing when the server refuses."""
    try:
        response = httpx.post(base_url.rstrip("/") + CODES_PATH, json={"deviceToken": change.device_token},
                              headers=dict(headers), timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        code = str(response.json()["code"])
    except (httpx.HTTPError, ValueError, KeyError):
        return mo.Html("")  # run outside the API's server, or refused: the sign-in lasts this tab
    return mo.Html(f'<img src="{SET_COOKIE_ADDRESS}?code={quote(code)}" alt="" width="1" height="1" '
                   'style="position: absolute; opacity: 0; pointer-events: none">')
