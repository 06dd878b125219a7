"""A password sign-in deletes its user's sign-in rows that can never be used again, and nothing else."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Engine, func, select, update

from api.auth.models import AuthSession, RefreshToken, RememberedDevice
from api.users.models import User
from tests.auth.operations import LOGIN, LOGOUT, ME, PASSWORD, REFRESH, REMEMBERED_LOGIN, RESUME

LONG_AGO = datetime(2000, 1, 1, tzinfo=timezone.utc)


def _user_id(database: Engine, email: str) -> int:
    with database.connect() as connection:
        return connection.scalar(select(User.id).where(User.email == email))


def _rows(database: Engine, user_id: int) -> tuple[int, int, int]:
    """The user's refresh tokens, sessions and remembered devices."""
    sessions = select(AuthSession.id).where(AuthSession.user_id == user_id)
    counted = [
        select(func.count()).where(RefreshToken.session_id.in_(sessions)),
        select(func.count()).select_from(AuthSession).where(AuthSession.user_id == user_id),
        select(func.count()).select_from(RememberedDevice).where(RememberedDevice.user_id == user_id),
    ]
    with database.connect() as connection:
        tokens, sessions_count, devices = (connection.scalar(statement) for statement in counted)
    return tokens, sessions_count, devices


def _expire_tokens(database: Engine, session_id: str, only_used: bool = False) -> None:
    """Expire the refresh tokens of a session (only the spent ones, if asked)."""
    condition = RefreshToken.used_at.is_not(None) if only_used else RefreshToken.session_id.is_not(None)
    with database.begin() as connection:
        connection.execute(update(RefreshToken).where(RefreshToken.session_id == session_id, condition)
                           .values(expires_at=LONG_AGO))


def _newest_session(database: Engine, user_id: int) -> str:
    with database.connect() as connection:
        return connection.scalar(select(AuthSession.id).where(AuthSession.user_id == user_id)
                                 .order_by(AuthSession.created_at.desc()).limit(1))


def test_a_password_sign_in_sweeps_what_can_no_longer_sign_in(
    make_user, sign_in, anonymous, as_bearer, database
):
    make_user("carol@example.com")
    make_user("bob@example.com")
    carol, bob = _user_id(database, "carol@example.com"), _user_id(database, "bob@example.com")
    remember = {"email": "carol@example.com", "password": PASSWORD}
    # Every sign-in first (each sweeps), then what makes rows useless (refreshes and sign-outs do not).
    kept = sign_in("carol@example.com")
    kept_session = _newest_session(database, carol)
    signed_out = sign_in("carol@example.com")
    sign_in("carol@example.com")
    expired_session = _newest_session(database, carol)
    expired_device = anonymous.ok(REMEMBERED_LOGIN, remember)["login"]
    signed_out_device = anonymous.ok(REMEMBERED_LOGIN, remember)["login"]
    sign_in("bob@example.com")
    _expire_tokens(database, _newest_session(database, bob))
    tab = anonymous.ok(RESUME, {"token": expired_device["deviceToken"]})["resumeSession"]

    # A session refreshed twice whose spent tokens have since expired; its live third token stays.
    spent = anonymous.ok(REFRESH, {"token": kept["refreshToken"]})["refreshToken"]
    live = anonymous.ok(REFRESH, {"token": spent["refreshToken"]})["refreshToken"]
    _expire_tokens(database, kept_session, only_used=True)
    as_bearer(signed_out["accessToken"]).ok(LOGOUT)
    _expire_tokens(database, expired_session)
    as_bearer(signed_out_device["accessToken"]).ok(LOGOUT)
    with database.begin() as connection:  # the other device is revoked already
        connection.execute(update(RememberedDevice).where(RememberedDevice.revoked_at.is_(None))
                           .values(expires_at=LONG_AGO))
    # registration, kept (3 tokens), signed out, expired, expired device, its tab, signed-out device
    assert _rows(database, carol) == (9, 7, 2)

    newest = sign_in("carol@example.com")

    # Kept: the registration's, the refreshed session's live token, the expired device's session and
    # its tab (so the device too), and the newest sign-in.
    assert _rows(database, carol) == (5, 5, 1)
    assert _rows(database, bob) == (2, 2, 0)
    assert as_bearer(kept["accessToken"]).ok(ME)["me"]["email"] == "carol@example.com"
    assert anonymous.ok(REFRESH, {"token": live["refreshToken"]})["refreshToken"]["user"]["email"] == (
        "carol@example.com")
    assert anonymous.ok(REFRESH, {"token": tab["refreshToken"]})["refreshToken"]["accessToken"]
    assert as_bearer(newest["accessToken"]).ok(ME)["me"]["email"] == "carol@example.com"
    for gone in (signed_out, signed_out_device):
        assert anonymous.error(REFRESH, {"token": gone["refreshToken"]})["extensions"]["code"] == (
            "UNAUTHENTICATED")


def test_a_refused_sign_in_sweeps_nothing(make_user, sign_in, anonymous, as_bearer, database):
    make_user("carol@example.com")
    carol = _user_id(database, "carol@example.com")
    signed_out = sign_in("carol@example.com")
    as_bearer(signed_out["accessToken"]).ok(LOGOUT)
    before = _rows(database, carol)
    anonymous.error(LOGIN, {"email": "carol@example.com", "password": "wrong password"})
    assert _rows(database, carol) == before == (2, 2, 0)  # the registration's session and the signed-out one
