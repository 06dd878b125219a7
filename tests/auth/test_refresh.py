"""refreshToken: rotation in the same session, and reuse of a rotated token ending the whole session."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
from sqlalchemy import text, update

from api.app import create_app
from api.auth.models import AuthSession
from tests.auth.operations import LOGOUT, ME, REFRESH, error_code


def test_refresh_rotates_to_a_new_working_pair(make_user, sign_in, anonymous, as_bearer):
    make_user("carol@example.com")
    first = sign_in("carol@example.com")
    second = anonymous.ok(REFRESH, {"token": first["refreshToken"]})["refreshToken"]
    assert second["refreshToken"] != first["refreshToken"]
    assert second["tokenType"] == "Bearer" and second["expiresIn"] == 15 * 60
    assert second["user"]["email"] == "carol@example.com"
    assert as_bearer(second["accessToken"]).ok(ME)["me"]["email"] == "carol@example.com"
    third = anonymous.ok(REFRESH, {"token": second["refreshToken"]})["refreshToken"]
    assert as_bearer(third["accessToken"]).ok(ME)["me"]["email"] == "carol@example.com"


def test_rotation_keeps_the_session_so_earlier_access_tokens_work(make_user, sign_in, anonymous, as_bearer):
    make_user("carol@example.com")
    first = sign_in("carol@example.com")
    anonymous.ok(REFRESH, {"token": first["refreshToken"]})
    assert as_bearer(first["accessToken"]).ok(ME)["me"]["email"] == "carol@example.com"


def test_reusing_a_rotated_token_ends_the_whole_session(make_user, sign_in, anonymous, as_bearer):
    make_user("carol@example.com")
    stolen = sign_in("carol@example.com")
    newer = anonymous.ok(REFRESH, {"token": stolen["refreshToken"]})["refreshToken"]

    assert error_code(anonymous, REFRESH, {"token": stolen["refreshToken"]}) == "UNAUTHENTICATED"

    assert error_code(anonymous, REFRESH, {"token": newer["refreshToken"]}) == "UNAUTHENTICATED"
    assert error_code(as_bearer(newer["accessToken"]), ME) == "UNAUTHENTICATED"
    assert error_code(as_bearer(stolen["accessToken"]), ME) == "UNAUTHENTICATED"


def test_reuse_leaves_the_users_other_sessions_alone(make_user, sign_in, anonymous, as_bearer):
    make_user("carol@example.com")
    laptop, phone = sign_in("carol@example.com"), sign_in("carol@example.com")
    anonymous.ok(REFRESH, {"token": laptop["refreshToken"]})
    anonymous.error(REFRESH, {"token": laptop["refreshToken"]})
    assert as_bearer(phone["accessToken"]).ok(ME)["me"]["email"] == "carol@example.com"
    anonymous.ok(REFRESH, {"token": phone["refreshToken"]})


def test_unknown_refresh_token_is_unauthenticated(anonymous):
    for token in ("not-a-token", "", "x" * 10_000):
        assert error_code(anonymous, REFRESH, {"token": token}) == "UNAUTHENTICATED"


def test_expired_refresh_token_is_unauthenticated(make_user, sign_in, anonymous, database):
    make_user("carol@example.com")
    tokens = sign_in("carol@example.com")
    with database.begin() as connection:
        connection.execute(text("UPDATE refresh_tokens SET expires_at = '2000-01-01 00:00:00'"))
    assert error_code(anonymous, REFRESH, {"token": tokens["refreshToken"]}) == "UNAUTHENTICATED"


def test_refresh_token_of_a_signed_out_session_is_unauthenticated(make_user, sign_in, anonymous, as_bearer):
    make_user("carol@example.com")
    tokens = sign_in("carol@example.com")
    as_bearer(tokens["accessToken"]).ok(LOGOUT)
    assert error_code(anonymous, REFRESH, {"token": tokens["refreshToken"]}) == "UNAUTHENTICATED"


def test_concurrent_refreshes_of_one_token_rotate_it_at_most_once(make_user, sign_in, settings):
    make_user("carol@example.com")
    token = sign_in("carol@example.com")["refreshToken"]

    async def race() -> list[dict[str, Any]]:
        app = create_app(settings.model_copy(update={"dashboard_enabled": False}))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            requests = [http.post("/graphql", json={"query": REFRESH, "variables": {"token": token}})
                        for _ in range(5)]
            responses = await asyncio.gather(*requests)
        await app.state.app_state.engine.dispose()
        return [response.json() for response in responses]

    bodies = asyncio.run(race())
    refused = [body["errors"][0]["extensions"]["code"] for body in bodies if body.get("errors")]
    assert len(bodies) - len(refused) <= 1
    assert refused and set(refused) == {"UNAUTHENTICATED"}


def age_sessions(database, days: int) -> None:
    """Move every sign-in session's start `days` into the past (their refresh tokens stay valid)."""
    started = datetime.now(timezone.utc) - timedelta(days=days)
    with database.begin() as connection:
        connection.execute(update(AuthSession).values(created_at=started))


def test_session_past_its_absolute_lifetime_is_not_refreshed(
    make_user, sign_in, anonymous, settings, database
):
    make_user("carol@example.com")
    tokens = sign_in("carol@example.com")
    fresh = anonymous.ok(REFRESH, {"token": tokens["refreshToken"]})["refreshToken"]  # rotation alone
    age_sessions(database, settings.session_max_days + 1)
    assert error_code(anonymous, REFRESH, {"token": fresh["refreshToken"]}) == "UNAUTHENTICATED"


def test_session_within_its_absolute_lifetime_is_refreshed(make_user, sign_in, anonymous, settings, database):
    make_user("carol@example.com")
    tokens = sign_in("carol@example.com")
    age_sessions(database, settings.session_max_days - 1)
    assert anonymous.ok(REFRESH, {"token": tokens["refreshToken"]})["refreshToken"]["user"]
