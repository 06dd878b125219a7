"""Migration 0007: budgets, goals and users.time_zone come and go with the revision and match the models."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from api.budgets.models import Budget
from api.migrate import alembic_config
from tests.migrations import database_at, existing_tables, model_differences, round_trip, sync_engine

NEW_TABLES = ("budgets", "goals")


def schema_state(url: str) -> tuple[set[str], bool]:
    """The new tables present, and whether users has time_zone."""
    with sync_engine(url) as engine:
        columns = {column["name"] for column in inspect(engine).get_columns("users")}
    return existing_tables(url, NEW_TABLES), "time_zone" in columns


def test_upgrade_adds_and_downgrade_removes_tables_and_column(settings):
    url = database_at(settings, "0006")
    with sync_engine(url) as engine, engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (email, password_hash, created_at)"
            " VALUES ('a@example.com', 'x', '2026-01-01')"
        ))
    command.upgrade(alembic_config(url), "0007")
    with sync_engine(url) as engine, engine.connect() as connection:
        assert connection.execute(text("SELECT time_zone FROM users")).scalar_one() == "UTC"
    added = (set(NEW_TABLES), True)
    assert round_trip(url, "0007", "0006", schema_state) == [added, (set(), False), added]


def test_migrated_tables_match_the_models(settings):
    url = database_at(settings, "0007")
    assert model_differences(url, Budget.metadata, (*NEW_TABLES, "time_zone")) == []
