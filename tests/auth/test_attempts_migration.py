"""Migration 0003: login_attempts and its index come and go with the revision; schema matches the model."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from api.auth.attempts import LoginAttempt
from api.database import create_sync_engine
from api.migrate import alembic_config


def login_attempt_indexes(url: str) -> set[str] | None:
    """The index names of login_attempts, or None without the table."""
    engine = create_sync_engine(url)
    try:
        inspector = inspect(engine)
        if not inspector.has_table("login_attempts"):
            return None
        return {index["name"] for index in inspector.get_indexes("login_attempts")}
    finally:
        engine.dispose()


def test_upgrade_creates_the_table_and_downgrade_drops_it(settings):
    settings.ensure_data_dir()
    url = settings.resolved_database_url
    command.upgrade(alembic_config(url), "0003")
    assert login_attempt_indexes(url) == {"ix_login_attempts_key_attempted_at"}
    command.downgrade(alembic_config(url), "0002")
    assert login_attempt_indexes(url) is None
    command.upgrade(alembic_config(url), "0003")
    assert login_attempt_indexes(url) == {"ix_login_attempts_key_attempted_at"}


def test_migrated_table_matches_the_model(settings):
    settings.ensure_data_dir()
    url = settings.resolved_database_url
    command.upgrade(alembic_config(url), "0003")
    engine = create_sync_engine(url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), LoginAttempt.metadata)
    finally:
        engine.dispose()
    assert [difference for difference in differences if "login_attempts" in repr(difference)] == []
