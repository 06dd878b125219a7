"""Engines, sessions and the declarative base shared by every domain's models."""

from __future__ import annotations

import contextlib
import os
from datetime import datetime, timezone
from typing import Any, ClassVar

from sqlalchemy import DateTime, MetaData, Table, TypeDecorator, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from api.request_session import SerializedAsyncSession

SQLITE_BUSY_TIMEOUT_MS = 5000
# The database holds password hashes and every record: readable by the server's user only.
PRIVATE_FILE_MODE = 0o600

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC, also on SQLite (which drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use a timezone-aware value")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    """Declarative base with constraint names Alembic can rely on."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}
    # Every model maps a plain Table (DeclarativeBase allows any FromClause): Core statements
    # (insert, update, delete, `.c`) take `Model.__table__` as the Table it is.
    __table__: ClassVar[Table]


class TimestampMixin:
    """created_at and updated_at, maintained by the ORM."""

    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


def async_url(url: str) -> str:
    """The URL with the asyncio driver of its engine (aiosqlite, psycopg)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite").render_as_string(hide_password=False)
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    raise ValueError(f"Unsupported database: {backend!r} (use sqlite or postgresql)")


def sync_url(url: str) -> str:
    """The URL with the synchronous driver, for Alembic and the command line."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername="sqlite").render_as_string(hide_password=False)
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    raise ValueError(f"Unsupported database: {backend!r} (use sqlite or postgresql)")


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    """WAL, foreign keys and a busy timeout are per connection in SQLite."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _create_sqlite_file_for_owner_only(
    _dialect: Any, _record: Any, arguments: list[Any], options: dict[str, Any]
) -> None:
    """Create a missing database file with mode 0600 before SQLite would create it with the umask's.

    SQLite gives the -wal and -shm files the mode of the database file, so they are private too.
    An existing file keeps its mode; a missing directory is left for SQLite to report.
    """
    filename = arguments[0] if arguments else ":memory:"
    if options.get("uri") or filename in ("", ":memory:"):
        return
    with contextlib.suppress(FileExistsError, FileNotFoundError):
        os.close(os.open(filename, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))


def create_database_engine(url: str) -> AsyncEngine:
    """The async engine the API uses, with SQLite's per-connection settings applied.

    Parameters stay out of logs and error messages: they carry password hashes and tokens. A pooled
    PostgreSQL connection is pinged before use (the server may have closed it); a SQLite file's never
    goes stale, and the ping cost a trip through aiosqlite's thread on every request.
    """
    sqlite = make_url(url).get_backend_name() == "sqlite"
    engine = create_async_engine(async_url(url), pool_pre_ping=not sqlite, hide_parameters=True)
    if sqlite:
        event.listen(engine.sync_engine, "do_connect", _create_sqlite_file_for_owner_only)
        event.listen(engine.sync_engine, "connect", _configure_sqlite_connection)
    return engine


def create_migration_engine(url: str) -> Engine:
    """A synchronous engine for Alembic: private file and hidden parameters, no pragmas (it sets its own)."""
    engine = create_engine(sync_url(url), hide_parameters=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "do_connect", _create_sqlite_file_for_owner_only)
    return engine


def create_sync_engine(url: str) -> Engine:
    """A synchronous engine (demo data, the command line), configured like the async one."""
    engine = create_migration_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite_connection)
    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit and queue concurrent operations.

    Why one queued session per request: see `api.request_session`.
    """
    return async_sessionmaker(engine, expire_on_commit=False, class_=SerializedAsyncSession)
