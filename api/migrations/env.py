"""Alembic environment: runs migrations on a synchronous connection of the configured database."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from api.database import create_migration_engine
from api.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Migrate; on SQLite foreign keys stay off meanwhile so table rebuilds cannot cascade deletes."""
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("No database to migrate: sqlalchemy.url is not set (api.migrate sets it)")
    engine = create_migration_engine(url)
    is_sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if is_sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=is_sqlite)
        with context.begin_transaction():
            context.run_migrations()
        if is_sqlite:
            problems = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            if problems:
                raise RuntimeError(f"Migration left dangling foreign keys: {problems}")
    engine.dispose()


run_migrations_online()
