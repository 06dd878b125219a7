"""changePassword: checks the current password, validates the new one, ends every other session."""

from __future__ import annotations

import pytest

from tests.auth.operations import CHANGE_PASSWORD, LOGIN, ME, PASSWORD, REFRESH, error_code

NEW_PASSWORD = "a brand new passphrase"


def test_change_keeps_the_current_session_and_ends_the_others(make_user, sign_in, anonymous, as_bearer):
    make_user("carol@example.com")
    laptop, phone = sign_in("carol@example.com"), sign_in("carol@example.com")
    current = as_bearer(laptop["accessToken"])

    assert current.ok(CHANGE_PASSWORD, {"current": PASSWORD, "new": NEW_PASSWORD}) == {"changePassword": True}

    assert current.ok(ME)["me"]["email"] == "carol@example.com"
    anonymous.ok(REFRESH, {"token": laptop["refreshToken"]})
    assert error_code(as_bearer(phone["accessToken"]), ME) == "UNAUTHENTICATED"
    assert error_code(anonymous, REFRESH, {"token": phone["refreshToken"]}) == "UNAUTHENTICATED"


def test_after_a_change_only_the_new_password_signs_in(make_user, sign_in, anonymous):
    carol = make_user("carol@example.com")
    carol.ok(CHANGE_PASSWORD, {"current": PASSWORD, "new": NEW_PASSWORD})
    old_credentials = {"email": "carol@example.com", "password": PASSWORD}
    assert error_code(anonymous, LOGIN, old_credentials) == "UNAUTHENTICATED"
    assert sign_in("carol@example.com", NEW_PASSWORD)["user"]["email"] == "carol@example.com"


def test_wrong_current_password_is_refused_and_changes_nothing(make_user, sign_in):
    carol = make_user("carol@example.com")
    error = carol.error(CHANGE_PASSWORD, {"current": "not my password", "new": NEW_PASSWORD})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "currentPassword"
    sign_in("carol@example.com", PASSWORD)


@pytest.mark.parametrize("new_password", ["short", "p" * 129, "Password1234"])
def test_unusable_new_password_is_refused_on_the_new_password_field(make_user, sign_in, new_password):
    carol = make_user("carol@example.com")
    error = carol.error(CHANGE_PASSWORD, {"current": PASSWORD, "new": new_password})
    assert error["extensions"]["field"] == "newPassword"
    sign_in("carol@example.com", PASSWORD)


def test_change_password_requires_sign_in(anonymous):
    variables = {"current": PASSWORD, "new": NEW_PASSWORD}
    assert error_code(anonymous, CHANGE_PASSWORD, variables) == "UNAUTHENTICATED"


def test_guessing_the_current_password_is_rate_limited(make_user, settings):
    carol = make_user("carol@example.com")
    for _ in range(settings.login_attempts_per_minute):
        carol.error(CHANGE_PASSWORD, {"current": "a wrong guess", "new": NEW_PASSWORD})
    error = carol.error(CHANGE_PASSWORD, {"current": PASSWORD, "new": NEW_PASSWORD})
    assert error["extensions"]["code"] == "RATE_LIMITED"
