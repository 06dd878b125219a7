"""Migration 0007: budgets, goals and users.time_zone come and go with the revision and match the models."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from api.budgets.models import Budget
from api.database import create_sync_engine
from api.migrate import alembic_config

NEW_TABLES = ("budgets", "goals")


def schema_state(url: str) -> tuple[set[str], set[str]]:
    """The new tables present, and the columns of users."""
    engine = create_sync_engine(url)
    try:
        inspector = inspect(engine)
        tables = {table for table in NEW_TABLES if inspector.has_table(table)}
        return tables, {column["name"] for column in inspector.get_columns("users")}
    finally:
        engine.dispose()


def test_upgrade_adds_and_downgrade_removes_tables_and_column(settings):
    settings.ensure_data_dir()
    url = settings.resolved_database_url
    command.upgrade(alembic_config(url), "0006")
    engine = create_sync_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO users (email, password_hash, created_at)"
                " VALUES ('a@example.com', 'x', '2026-01-01')"
            ))
    finally:
        engine.dispose()
    command.upgrade(alembic_config(url), "0007")
    tables, columns = schema_state(url)
    assert tables == set(NEW_TABLES) and "time_zone" in columns
    engine = create_sync_engine(url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT time_zone FROM users")).scalar_one() == "UTC"
    finally:
        engine.dispose()
    command.downgrade(alembic_config(url), "0006")
    tables, columns = schema_state(url)
    assert tables == set() and "time_zone" not in columns
    command.upgrade(alembic_config(url), "0007")
    tables, columns = schema_state(url)
    assert tables == set(NEW_TABLES) and "time_zone" in columns


def test_migrated_tables_match_the_models(settings):
    settings.ensure_data_dir()
    url = settings.resolved_database_url
    command.upgrade(alembic_config(url), "0007")
    engine = create_sync_engine(url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Budget.metadata)
    finally:
        engine.dispose()
    relevant = [difference for difference in differences
                if any(name in repr(difference) for name in (*NEW_TABLES, "time_zone"))]
    assert relevant == []
