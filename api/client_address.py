"""Which address a request comes from: its peer, or the browser a dashboard kernel acts for.

The dashboard's kernel runs in this process and calls the API over HTTP, so its requests come from
the server itself. It may name the browser's address in a header, believed only together with a
token that exists in this process's memory alone: a header any client could send is never trusted.
"""

from __future__ import annotations

import secrets

from starlette.requests import Request

BROWSER_ADDRESS_HEADER = "x-fintrack-browser-address"
DASHBOARD_PROOF_HEADER = "x-fintrack-dashboard-proof"
UNKNOWN_ADDRESS = "unknown"


def new_forwarding_token() -> str:
    """A random token for this process's dashboard kernels to prove where their requests come from."""
    return secrets.token_urlsafe(32)


def forwarding_headers(token: str, address: str) -> dict[str, str]:
    """The headers a dashboard kernel sends so that its requests count for the browser's address."""
    return {BROWSER_ADDRESS_HEADER: address, DASHBOARD_PROOF_HEADER: token}


def client_address(request: Request, forwarding_token: str) -> str:
    """The browser's address for a dashboard kernel holding the token, else the peer's address.

    The peer is the connection's, or a configured proxy's X-Forwarded-For (FORWARDED_ALLOW_IPS).
    """
    forwarded = request.headers.get(BROWSER_ADDRESS_HEADER)
    token = request.headers.get(DASHBOARD_PROOF_HEADER)
    if forwarded and token and secrets.compare_digest(token.encode(), forwarding_token.encode()):
        return forwarded
    return request.client.host if request.client else UNKNOWN_ADDRESS
