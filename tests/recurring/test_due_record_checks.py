"""The remembered due-records check: skipped for the rest of the day, forgotten on any mutation."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update

from api.config import Settings
from api.database import create_sync_engine
from api.recurring.extension import DueRecordChecks
from api.recurring.models import Schedule
from api.users.models import User
from tests.accounts.operations import UPDATE_ACCOUNT, create_account
from tests.recurring.operations import create_schedule, records, utc_today

TODAY = date(2026, 3, 14)


def test_a_check_is_remembered_for_the_day_and_zone_it_was_made_in():
    checks = DueRecordChecks()
    user = User(id=7, time_zone="Europe/Paris")
    assert not checks.made_today(user, TODAY)
    checks.remember(user, TODAY, checks.forgotten)
    assert checks.made_today(user, TODAY)
    assert not checks.made_today(user, TODAY + timedelta(days=1))
    assert not checks.made_today(User(id=7, time_zone="Pacific/Kiritimati"), TODAY)
    assert not checks.made_today(User(id=8, time_zone="Europe/Paris"), TODAY)


def test_a_forgotten_or_expired_check_runs_again():
    checks, user = DueRecordChecks(), User(id=7, time_zone="UTC")
    checks.remember(user, TODAY, checks.forgotten)
    checks.forget(user.id)
    assert not checks.made_today(user, TODAY)
    expiring = DueRecordChecks(max_age_seconds=0)
    expiring.remember(user, TODAY, expiring.forgotten)
    assert not expiring.made_today(user, TODAY)


def test_a_check_overtaken_by_a_mutation_is_not_remembered():
    checks, user = DueRecordChecks(), User(id=7, time_zone="UTC")
    began = checks.forgotten
    checks.forget(user.id)  # a mutation finished while the check ran
    checks.remember(user, TODAY, began)
    assert not checks.made_today(user, TODAY)


def test_the_oldest_users_are_dropped_beyond_the_bound():
    checks = DueRecordChecks(max_users=2)
    users = [User(id=number, time_zone="UTC") for number in range(3)]
    for user in users:
        checks.remember(user, TODAY, checks.forgotten)
    assert [checks.made_today(user, TODAY) for user in users] == [False, True, True]


def test_unarchiving_an_account_makes_its_waiting_records_on_the_next_read(alice, migrated_database):
    account = create_account(alice)
    today = utc_today()
    create_schedule(alice, account, today + timedelta(days=1), frequency="WEEK")
    alice.ok(UPDATE_ACCOUNT, {"id": account["id"], "input": {"archived": True}})
    two_weeks_ago = today - timedelta(weeks=2)
    _move_schedules_start(migrated_database, two_weeks_ago)  # as if it had waited two weeks
    assert records(alice) == []  # the account is archived; this read's check is remembered for today
    alice.ok(UPDATE_ACCOUNT, {"id": account["id"], "input": {"archived": False}})
    assert [record["date"] for record in records(alice)] == [
        (today - timedelta(weeks=weeks)).isoformat() for weeks in (0, 1, 2)
    ]


def _move_schedules_start(settings: Settings, start_on: date) -> None:
    engine = create_sync_engine(settings.resolved_database_url)
    try:
        with engine.begin() as connection:
            connection.execute(update(Schedule).values(start_on=start_on, next_due_on=start_on))
    finally:
        engine.dispose()
