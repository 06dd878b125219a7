"""The user's time zone: UTC by default, IANA names only, and "today" is the date there."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime

import pytest

from api.budgets.report import MonthPace
from api.users.service import today_in_zone
from tests.accounts.operations import assert_bad_input
from tests.budgets.operations import BUDGET_REPORT, ME, UPDATE_PROFILE


def test_a_new_user_is_in_utc_and_can_move(alice, bob):
    assert alice.ok(ME)["me"]["timeZone"] == "UTC"
    moved = alice.ok(UPDATE_PROFILE, {"input": {"timeZone": "Pacific/Kiritimati"}})["updateProfile"]
    assert moved["timeZone"] == "Pacific/Kiritimati" == alice.ok(ME)["me"]["timeZone"]
    assert bob.ok(ME)["me"]["timeZone"] == "UTC"
    assert alice.ok(UPDATE_PROFILE, {"input": {}})["updateProfile"]["timeZone"] == "Pacific/Kiritimati"


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "posixrules", "../zoneinfo/UTC", "Europe/Atlantis"])
def test_only_iana_zone_names_are_accepted(alice, name):
    error = alice.error(UPDATE_PROFILE, {"input": {"timeZone": name}})
    assert_bad_input(error, "input.timeZone", "IANA time zone")


def test_today_is_the_date_in_the_users_zone():
    instant = datetime(2026, 3, 1, 5, 30, tzinfo=UTC)
    assert today_in_zone("UTC", instant) == date(2026, 3, 1)
    assert today_in_zone("Pacific/Pago_Pago", instant) == date(2026, 2, 28)  # UTC-11: still February
    assert today_in_zone("Pacific/Kiritimati", datetime(2026, 2, 28, 10, 0, tzinfo=UTC)) == date(2026, 3, 1)
    # The same instant is the last day of February for one user and the first of March for another.
    assert MonthPace.of(date(2026, 2, 1), date(2026, 2, 28)).days_elapsed == 28
    assert MonthPace.of(date(2026, 2, 1), date(2026, 3, 1)).days_elapsed == 28
    assert MonthPace.of(date(2026, 3, 1), date(2026, 3, 1)).days_elapsed == 1


def test_the_reports_today_follows_the_users_zone(alice):
    alice.ok(UPDATE_PROFILE, {"input": {"timeZone": "Pacific/Kiritimati"}})
    before = today_in_zone("Pacific/Kiritimati")
    today = alice.ok(BUDGET_REPORT, {"month": "2026-01-01"})["budgetReport"]["today"]
    assert today in {before.isoformat(), today_in_zone("Pacific/Kiritimati").isoformat()}


def test_zones_work_without_the_systems_zone_files():
    """Python alone (Windows, a slim container) brings no zone files: the tzdata dependency does."""
    try:
        zoneinfo.reset_tzpath(to=[])
        zoneinfo.ZoneInfo.clear_cache()
        assert "Pacific/Kiritimati" in zoneinfo.available_timezones()
        assert today_in_zone("Pacific/Kiritimati", datetime(2026, 3, 1, 11, tzinfo=UTC)) == date(2026, 3, 2)
    finally:
        zoneinfo.reset_tzpath()
        zoneinfo.ZoneInfo.clear_cache()
