"""Migration 0005: the rules table comes and goes with the revision, and matches the model."""

from __future__ import annotations

from api.rules.models import Rule
from tests.migrations import database_at, model_differences, round_trip, table_indexes

EXPECTED_INDEXES = {"ix_rules_user_position", "ix_rules_account_id", "ix_rules_category_id"}


def rules_indexes(url: str) -> set[str] | None:
    """The index names of the rules table, or None without it."""
    return table_indexes(url, "rules")


def test_upgrade_creates_the_table_and_downgrade_drops_it(settings):
    url = database_at(settings, "0005")
    assert round_trip(url, "0005", "0004", rules_indexes) == [EXPECTED_INDEXES, None, EXPECTED_INDEXES]


def test_migrated_table_matches_the_model(settings):
    url = database_at(settings, "0005")
    assert model_differences(url, Rule.metadata, ["rules"]) == []
