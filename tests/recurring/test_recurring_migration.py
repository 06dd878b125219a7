"""Migration 0008: the recurring tables come and go with the revision, and match the models."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from api.database import create_sync_engine
from api.migrate import alembic_config
from api.recurring.models import Schedule

TABLES = {"recurring_schedules", "schedule_occurrences", "dismissed_recurring_suggestions"}


def recurring_tables(url: str) -> set[str]:
    """Which of the recurring tables exist."""
    engine = create_sync_engine(url)
    try:
        return TABLES & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_creates_the_tables_and_downgrade_drops_them(settings):
    settings.ensure_data_dir()
    url = settings.resolved_database_url
    command.upgrade(alembic_config(url), "0008")
    assert recurring_tables(url) == TABLES
    command.downgrade(alembic_config(url), "0007")
    assert recurring_tables(url) == set()
    command.upgrade(alembic_config(url), "0008")
    assert recurring_tables(url) == TABLES


def test_migrated_tables_match_the_models(settings):
    settings.ensure_data_dir()
    url = settings.resolved_database_url
    command.upgrade(alembic_config(url), "0008")
    engine = create_sync_engine(url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Schedule.metadata)
    finally:
        engine.dispose()
    assert [change for change in differences if any(table in repr(change) for table in TABLES)] == []
