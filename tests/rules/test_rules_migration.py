"""Migration 0005: the rules table comes and goes with the revision, and matches the model."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from api.database import create_sync_engine
from api.migrate import alembic_config
from api.rules.models import Rule


def rules_indexes(url: str) -> set[str] | None:
    """The index names of the rules table, or None without it."""
    engine = create_sync_engine(url)
    try:
        inspector = inspect(engine)
        if not inspector.has_table("rules"):
            return None
        return {index["name"] for index in inspector.get_indexes("rules")}
    finally:
        engine.dispose()


EXPECTED_INDEXES = {"ix_rules_user_position", "ix_rules_account_id", "ix_rules_category_id"}


def test_upgrade_creates_the_table_and_downgrade_drops_it(settings):
    settings.ensure_data_dir()
    url = settings.resolved_database_url
    command.upgrade(alembic_config(url), "0005")
    assert rules_indexes(url) == EXPECTED_INDEXES
    command.downgrade(alembic_config(url), "0004")
    assert rules_indexes(url) is None
    command.upgrade(alembic_config(url), "0005")
    assert rules_indexes(url) == EXPECTED_INDEXES


def test_migrated_table_matches_the_model(settings):
    settings.ensure_data_dir()
    url = settings.resolved_database_url
    command.upgrade(alembic_config(url), "0005")
    engine = create_sync_engine(url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Rule.metadata)
    finally:
        engine.dispose()
    assert [difference for difference in differences if "rules" in repr(difference)] == []
