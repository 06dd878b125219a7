"""What the migration tests share: a database at a revision, its tables and indexes, a round trip, drift."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterator
from typing import TypeVar

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, inspect

from api.config import Settings
from api.database import create_sync_engine
from api.migrate import alembic_config

State = TypeVar("State")


def database_at(settings: Settings, revision: str) -> str:
    """The URL of the test's database, upgraded to revision."""
    settings.ensure_data_dir()
    url = settings.resolved_database_url
    command.upgrade(alembic_config(url), revision)
    return url


@contextlib.contextmanager
def sync_engine(url: str) -> Iterator[Engine]:
    """A synchronous engine on url, disposed afterwards."""
    engine = create_sync_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def table_indexes(url: str, table: str) -> set[str] | None:
    """The index names of table, or None without the table."""
    with sync_engine(url) as engine:
        inspector = inspect(engine)
        if not inspector.has_table(table):
            return None
        return {index["name"] for index in inspector.get_indexes(table) if index["name"] is not None}


def existing_tables(url: str, tables: Collection[str]) -> set[str]:
    """Which of tables exist."""
    with sync_engine(url) as engine:
        return set(tables) & set(inspect(engine).get_table_names())


def round_trip(url: str, revision: str, previous: str, observe: Callable[[str], State]) -> list[State]:
    """What observe sees at revision, after downgrading to previous, and after upgrading to revision again."""
    states = [observe(url)]
    command.downgrade(alembic_config(url), previous)
    states.append(observe(url))
    command.upgrade(alembic_config(url), revision)
    states.append(observe(url))
    return states


def model_differences(url: str, metadata: MetaData, names: Collection[str]) -> list[object]:
    """Alembic's differences between the database and metadata that mention any of names."""
    with sync_engine(url) as engine, engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    return [difference for difference in differences if any(name in repr(difference) for name in names)]
