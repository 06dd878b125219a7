"""Remembered devices: each tab resumes into a session of its own, and signing out of one ends them all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import update

from api.auth.models import RememberedDevice
from tests.auth.operations import (
    CHANGE_PASSWORD, LOGOUT, ME, PASSWORD, REFRESH, REMEMBERED_LOGIN, RESUME, error_code,
)
from tests.conftest import GraphQL

EMAIL = "carol@example.com"


@pytest.fixture
def remembered(make_user, anonymous: GraphQL) -> dict[str, Any]:
    """Carol's sign-in with remember: true (a device token besides the session's tokens)."""
    make_user(EMAIL)
    return anonymous.ok(REMEMBERED_LOGIN, {"email": EMAIL, "password": PASSWORD})["login"]


@pytest.fixture
def resume(anonymous: GraphQL) -> Callable[[str], dict[str, Any]]:
    """Factory: a new tab's session from a device token."""
    return lambda token: anonymous.ok(RESUME, {"token": token})["resumeSession"]


def refreshed(anonymous: GraphQL, tokens: dict[str, Any]) -> dict[str, Any]:
    """The session's next pair (the refresh token is spent)."""
    return anonymous.ok(REFRESH, {"token": tokens["refreshToken"]})["refreshToken"]


def test_only_a_remembered_sign_in_hands_out_a_device_token(make_user, sign_in, remembered):
    assert sign_in(EMAIL)["deviceToken"] is None
    assert remembered["deviceToken"] and remembered["deviceToken"] != remembered["refreshToken"]


def test_tabs_resumed_from_one_device_refresh_independently(remembered, resume, anonymous, as_bearer):
    device_token = remembered["deviceToken"]
    first_tab, second_tab = resume(device_token), resume(device_token)
    assert first_tab["deviceToken"] is None  # not rotated: the cookie keeps the same token
    assert first_tab["refreshToken"] != second_tab["refreshToken"]

    signed_in = remembered
    for _ in range(2):  # each tab rotates its own refresh token; none spends another's
        first_tab, second_tab = refreshed(anonymous, first_tab), refreshed(anonymous, second_tab)
        signed_in = refreshed(anonymous, signed_in)

    for tokens in (first_tab, second_tab, signed_in):
        assert as_bearer(tokens["accessToken"]).ok(ME)["me"]["email"] == EMAIL
    assert resume(device_token)["user"]["email"] == EMAIL  # a reload after all that


def test_signing_out_of_one_tab_ends_the_device_and_all_its_tabs(remembered, resume, anonymous, as_bearer):
    device_token = remembered["deviceToken"]
    tabs = [remembered, resume(device_token), resume(device_token)]

    assert as_bearer(tabs[1]["accessToken"]).ok(LOGOUT) == {"logout": True}

    for tokens in tabs:
        assert error_code(as_bearer(tokens["accessToken"]), ME) == "UNAUTHENTICATED"
        assert error_code(anonymous, REFRESH, {"token": tokens["refreshToken"]}) == "UNAUTHENTICATED"
    assert error_code(anonymous, RESUME, {"token": device_token}) == "UNAUTHENTICATED"


def test_signing_out_leaves_other_devices_and_plain_sessions_alone(
    remembered, resume, sign_in, anonymous, as_bearer
):
    phone = anonymous.ok(REMEMBERED_LOGIN, {"email": EMAIL, "password": PASSWORD})["login"]
    script = sign_in(EMAIL)
    as_bearer(resume(remembered["deviceToken"])["accessToken"]).ok(LOGOUT)
    assert as_bearer(script["accessToken"]).ok(ME)["me"]["email"] == EMAIL
    assert resume(phone["deviceToken"])["user"]["email"] == EMAIL


def test_a_replayed_refresh_token_ends_the_device_and_its_tabs(remembered, resume, anonymous, as_bearer):
    other_tab = resume(remembered["deviceToken"])
    stolen = resume(remembered["deviceToken"])
    refreshed(anonymous, stolen)

    assert error_code(anonymous, REFRESH, {"token": stolen["refreshToken"]}) == "UNAUTHENTICATED"

    assert error_code(as_bearer(other_tab["accessToken"]), ME) == "UNAUTHENTICATED"
    assert error_code(anonymous, RESUME, {"token": remembered["deviceToken"]}) == "UNAUTHENTICATED"


def test_unknown_device_tokens_and_refresh_tokens_do_not_resume(remembered, anonymous):
    for token in ("not-a-token", "", "x" * 10_000, remembered["refreshToken"]):
        assert error_code(anonymous, RESUME, {"token": token}) == "UNAUTHENTICATED"


def test_an_expired_device_does_not_resume(remembered, anonymous, database):
    with database.begin() as connection:
        long_ago = datetime(2000, 1, 1, tzinfo=timezone.utc)
        connection.execute(update(RememberedDevice).values(expires_at=long_ago))
    assert error_code(anonymous, RESUME, {"token": remembered["deviceToken"]}) == "UNAUTHENTICATED"


def test_sessions_of_a_device_count_their_age_from_its_password_sign_in(
    remembered, resume, anonymous, settings, database
):
    tab = resume(remembered["deviceToken"])
    signed_in = datetime.now(timezone.utc) - timedelta(days=settings.session_max_days + 1)
    with database.begin() as connection:  # the device is old; its expiry and the tab's session are not
        connection.execute(update(RememberedDevice).values(created_at=signed_in))

    assert error_code(anonymous, REFRESH, {"token": tab["refreshToken"]}) == "UNAUTHENTICATED"
    assert error_code(anonymous, RESUME, {"token": remembered["deviceToken"]}) == "UNAUTHENTICATED"


def test_changing_the_password_forgets_the_other_devices_but_not_this_one(
    remembered, resume, anonymous, as_bearer
):
    phone = anonymous.ok(REMEMBERED_LOGIN, {"email": EMAIL, "password": PASSWORD})["login"]
    new_password = "a different horse battery"
    as_bearer(remembered["accessToken"]).ok(CHANGE_PASSWORD, {"current": PASSWORD, "new": new_password})

    assert error_code(anonymous, RESUME, {"token": phone["deviceToken"]}) == "UNAUTHENTICATED"
    assert error_code(as_bearer(phone["accessToken"]), ME) == "UNAUTHENTICATED"
    assert resume(remembered["deviceToken"])["user"]["email"] == EMAIL
