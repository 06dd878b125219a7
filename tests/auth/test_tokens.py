"""Access tokens: anything but an HS256 token with our key, issuer, audience and sane times is refused."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from jose import jwt

from tests.auth.operations import ME, error_code


@pytest.fixture
def genuine_claims(alice) -> dict[str, Any]:
    """The claims of a real access token for an open session."""
    return jwt.get_unverified_claims(alice.token)


@pytest.fixture
def forge(settings, genuine_claims):
    """Factory: a token with the genuine claims changed (None removes one), signed as asked."""

    def forge(key: str | None = None, algorithm: str = "HS256", **changes: Any) -> str:
        claims = {**genuine_claims, **changes}
        claims = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode(claims, key or settings.resolved_secret_key, algorithm=algorithm)

    return forge


def now_plus(**delta: float) -> int:
    return int((datetime.now(timezone.utc) + timedelta(**delta)).timestamp())


def test_token_forged_with_the_real_key_and_genuine_claims_is_accepted(forge, as_bearer):
    # The control for the tests below: the forging itself is sound, only the changed part fails.
    assert as_bearer(forge()).ok(ME)["me"]["email"] == "alice@example.com"


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"exp": now_plus(seconds=-1)}, id="expired"),
        pytest.param({"aud": "someone-else"}, id="wrong-audience"),
        pytest.param({"iss": "someone-else"}, id="wrong-issuer"),
        pytest.param({"iat": now_plus(hours=1)}, id="issued-in-the-future"),
        pytest.param({"exp": None}, id="missing-exp"),
        pytest.param({"iat": None}, id="missing-iat"),
        pytest.param({"aud": None}, id="missing-audience"),
        pytest.param({"iss": None}, id="missing-issuer"),
        pytest.param({"sub": None}, id="missing-subject"),
        pytest.param({"typ": "refresh"}, id="not-an-access-token"),
        pytest.param({"sub": "not-a-number"}, id="malformed-subject"),
        pytest.param({"sid": "00000000-0000-0000-0000-000000000000"}, id="unknown-session"),
        pytest.param({"key": "another-secret-key-of-sufficient-length"}, id="signed-with-another-key"),
        pytest.param({"algorithm": "HS512"}, id="HS512-with-the-same-key"),
    ],
)
def test_tampered_access_token_is_unauthenticated(forge, as_bearer, changes):
    assert error_code(as_bearer(forge(**changes)), ME) == "UNAUTHENTICATED"


def test_unsigned_alg_none_token_is_unauthenticated(genuine_claims, as_bearer):
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    token = f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(genuine_claims)}."
    assert error_code(as_bearer(token), ME) == "UNAUTHENTICATED"


def test_token_of_another_user_with_the_same_session_is_unauthenticated(forge, bob, as_bearer):
    bob_id = jwt.get_unverified_claims(bob.token)["sub"]
    assert error_code(as_bearer(forge(sub=bob_id)), ME) == "UNAUTHENTICATED"


def test_refresh_token_is_not_an_access_token(make_user, sign_in, as_bearer):
    make_user("carol@example.com")
    refresh_token = sign_in("carol@example.com")["refreshToken"]
    assert error_code(as_bearer(refresh_token), ME) == "UNAUTHENTICATED"


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer ", "Basic abc", "Token abc"])
def test_missing_or_malformed_authorization_header_is_unauthenticated(client, header):
    response = client.post("/graphql", json={"query": ME}, headers={"Authorization": header})
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
