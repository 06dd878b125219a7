"""Migration 0008: the recurring tables come and go with the revision, and match the models."""

from __future__ import annotations

from api.recurring.models import Schedule
from tests.migrations import database_at, existing_tables, model_differences, round_trip

TABLES = {"recurring_schedules", "schedule_occurrences", "dismissed_recurring_suggestions"}


def recurring_tables(url: str) -> set[str]:
    """Which of the recurring tables exist."""
    return existing_tables(url, TABLES)


def test_upgrade_creates_the_tables_and_downgrade_drops_them(settings):
    url = database_at(settings, "0008")
    assert round_trip(url, "0008", "0007", recurring_tables) == [TABLES, set(), TABLES]


def test_migrated_tables_match_the_models(settings):
    url = database_at(settings, "0008")
    assert model_differences(url, Schedule.metadata, TABLES) == []
