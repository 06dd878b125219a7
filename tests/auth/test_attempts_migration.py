"""Migration 0003: login_attempts and its index come and go with the revision; schema matches the model."""

from __future__ import annotations

from api.auth.attempts import LoginAttempt
from tests.migrations import database_at, model_differences, round_trip, table_indexes

INDEXES = {"ix_login_attempts_key_attempted_at"}


def login_attempt_indexes(url: str) -> set[str] | None:
    """The index names of login_attempts, or None without the table."""
    return table_indexes(url, "login_attempts")


def test_upgrade_creates_the_table_and_downgrade_drops_it(settings):
    url = database_at(settings, "0003")
    assert round_trip(url, "0003", "0002", login_attempt_indexes) == [INDEXES, None, INDEXES]


def test_migrated_table_matches_the_model(settings):
    url = database_at(settings, "0003")
    assert model_differences(url, LoginAttempt.metadata, ["login_attempts"]) == []
