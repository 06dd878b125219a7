"""The data directory and the SQLite files are created for their owner only, whatever the umask allows."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.config import SQLITE_FILE_NAME, Settings, load_or_create_secret_key
from api.migrate import upgrade_database
from tests.conftest import REGISTER, GraphQL


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """The common default, under which files would be world-readable unless created otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_data_dir_is_created_for_the_owner_only(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "new" / "data")
    settings.ensure_data_dir()
    assert mode(settings.data_dir) == 0o700


def test_an_existing_data_dir_keeps_its_mode(tmp_path: Path) -> None:
    existing = tmp_path / "shared"
    existing.mkdir(mode=0o755)
    Settings(data_dir=existing).ensure_data_dir()
    assert mode(existing) == 0o755


def test_the_secret_key_creates_its_directory_for_the_owner_only(tmp_path: Path) -> None:
    load_or_create_secret_key(tmp_path / "data")
    assert mode(tmp_path / "data") == 0o700


def test_migrations_create_the_sqlite_file_for_the_owner_only(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    settings.ensure_data_dir()
    upgrade_database(settings.resolved_database_url)
    assert mode(settings.data_dir / SQLITE_FILE_NAME) == 0o600


def test_the_app_creates_the_database_and_its_wal_files_for_the_owner_only(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", bcrypt_rounds=4, dashboard_enabled=False)
    database = settings.data_dir / SQLITE_FILE_NAME
    with TestClient(create_app(settings)) as client:
        client.get("/readyz")
        assert mode(database) == 0o600  # created by the app's first connection, before any table exists
        upgrade_database(settings.resolved_database_url)
        GraphQL(client).ok(REGISTER, {"email": "ada@example.com", "password": "correct horse battery"})
        files = [database, database.with_name(f"{SQLITE_FILE_NAME}-wal"),
                 database.with_name(f"{SQLITE_FILE_NAME}-shm")]
        assert {file.name: mode(file) for file in files} == {file.name: 0o600 for file in files}


def test_an_existing_sqlite_file_keeps_its_mode(tmp_path: Path) -> None:
    database = tmp_path / "existing.sqlite3"
    database.touch(mode=0o640)
    upgrade_database(f"sqlite:///{database}")
    assert mode(database) == 0o640


def test_a_missing_directory_is_still_reported_by_sqlite(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path}/missing/db.sqlite3",
                        dashboard_enabled=False)
    with TestClient(create_app(settings)) as client:
        assert client.get("/readyz").status_code == 503
    assert not (tmp_path / "missing").exists()
