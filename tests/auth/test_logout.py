"""logout: ends the current session at once; the refresh token alone is enough to sign out."""

from __future__ import annotations

from tests.auth.operations import LOGOUT, ME, REFRESH, error_code


def test_logout_ends_the_access_token_immediately(make_user, sign_in, anonymous, as_bearer):
    make_user("carol@example.com")
    tokens = sign_in("carol@example.com")
    signed_in = as_bearer(tokens["accessToken"])
    assert signed_in.ok(LOGOUT) == {"logout": True}
    assert error_code(signed_in, ME) == "UNAUTHENTICATED"
    assert error_code(anonymous, REFRESH, {"token": tokens["refreshToken"]}) == "UNAUTHENTICATED"


def test_logout_with_only_the_refresh_token_ends_its_session(make_user, sign_in, anonymous, as_bearer):
    make_user("carol@example.com")
    tokens = sign_in("carol@example.com")
    assert anonymous.ok(LOGOUT, {"token": tokens["refreshToken"]}) == {"logout": True}
    assert error_code(as_bearer(tokens["accessToken"]), ME) == "UNAUTHENTICATED"


def test_logout_with_an_invalid_access_token_falls_back_to_the_refresh_token(make_user, sign_in, as_bearer):
    make_user("carol@example.com")
    tokens = sign_in("carol@example.com")
    assert as_bearer("expired.or.garbage").ok(LOGOUT, {"token": tokens["refreshToken"]}) == {"logout": True}
    assert error_code(as_bearer(tokens["accessToken"]), ME) == "UNAUTHENTICATED"


def test_logout_leaves_the_users_other_sessions_alone(make_user, sign_in, as_bearer):
    make_user("carol@example.com")
    laptop, phone = sign_in("carol@example.com"), sign_in("carol@example.com")
    as_bearer(laptop["accessToken"]).ok(LOGOUT)
    assert as_bearer(phone["accessToken"]).ok(ME)["me"]["email"] == "carol@example.com"


def test_logout_without_any_token_is_unauthenticated(anonymous):
    assert error_code(anonymous, LOGOUT) == "UNAUTHENTICATED"
    assert error_code(anonymous, LOGOUT, {"token": "unknown"}) == "UNAUTHENTICATED"
