"""Shared fixtures: a migrated database per test, the real ASGI app, and a GraphQL helper."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from api.app import create_app
from api.config import SQLITE_FILE_NAME, Settings
from api.database import create_sync_engine
from api.migrate import upgrade_database

_emails = itertools.count(1)


def _postgresql_url() -> str | None:
    """TEST_DATABASE_URL when it names a PostgreSQL database; the API tests then run there too."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


DATABASE_ENGINES = ["sqlite", "postgresql"] if _postgresql_url() else ["sqlite"]


def pytest_configure(config: pytest.Config) -> None:
    """CI must test PostgreSQL: refuse to run there without it rather than test SQLite alone."""
    if os.environ.get("CI") and not _postgresql_url():
        raise pytest.UsageError("CI is set but TEST_DATABASE_URL does not name a PostgreSQL database")


def require_executable(name: str) -> str:
    """The path of a tool a test needs; skips locally without it, but fails when CI is set."""
    path = shutil.which(name)
    if path is None:
        reason = f"{name!r} is not on PATH (install it, e.g. apt-get install {name})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must never skip", pytrace=False)
        pytest.skip(reason)
    return path


@contextlib.contextmanager
def fresh_postgresql_schema(base_url: str) -> Iterator[str]:
    """A URL whose search_path is a new, empty schema, dropped afterwards: one clean database per test."""
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_sync_engine(base_url)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
        with admin.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '10s'"))
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


# Every `make_user` registers from the TestClient's one address; a property test makes dozens.
UNLIMITED_REGISTRATIONS = {"registrations_per_address_per_hour": 100_000,
                           "registrations_global_per_hour": 100_000}


@pytest.fixture(params=DATABASE_ENGINES if len(DATABASE_ENGINES) > 1 else None)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Settings for one test: its own data directory and empty database (SQLite, or also PostgreSQL)."""
    engine = getattr(request, "param", "sqlite")
    data_dir = tmp_path / "data"
    if engine == "sqlite":
        yield Settings(data_dir=data_dir, database_url=None, bcrypt_rounds=4, **UNLIMITED_REGISTRATIONS)
        return
    with fresh_postgresql_schema(_postgresql_url() or "") as url:
        yield Settings(data_dir=data_dir, database_url=url, bcrypt_rounds=4, **UNLIMITED_REGISTRATIONS)


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite database migrated once per run by the real migrations, copied for each test."""
    path = tmp_path_factory.mktemp("template") / SQLITE_FILE_NAME
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture
def migrated_database(settings: Settings, migrated_sqlite_file: Path) -> Settings:
    """The test's settings, with their database at the newest schema."""
    settings.ensure_data_dir()
    if settings.database_url is None:
        shutil.copyfile(migrated_sqlite_file, settings.data_dir / SQLITE_FILE_NAME)
    else:
        upgrade_database(settings.resolved_database_url)
    return settings


@pytest.fixture
def client(migrated_database: Settings) -> Iterator[TestClient]:
    """A client for the real app on a freshly migrated database."""
    with TestClient(create_app(migrated_database)) as test_client:
        yield test_client


class GraphQLError(AssertionError):
    """The response carried errors where none were expected."""


@dataclass
class GraphQL:
    """Posts GraphQL operations to the app, optionally as a signed-in user."""

    client: TestClient
    token: str | None = None

    def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The whole response body (data and errors)."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = self.client.post("/graphql", json={"query": query, "variables": variables or {}},
                                    headers=headers)
        assert response.status_code in (200, 400), response.text
        return response.json()

    def ok(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The data of a response that must have no errors."""
        body = self.execute(query, variables)
        if body.get("errors"):
            raise GraphQLError(body["errors"])
        return body["data"]

    def error(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The first error of a response that must fail."""
        body = self.execute(query, variables)
        assert body.get("errors"), f"expected an error, got {body}"
        return body["errors"][0]


REGISTER = """
mutation Register($email: String!, $password: String!) {
  register(email: $email, password: $password) { accessToken refreshToken user { id email } }
}
"""


@pytest.fixture
def anonymous(client: TestClient) -> GraphQL:
    """GraphQL as nobody."""
    return GraphQL(client)


@pytest.fixture
def make_user(client: TestClient):
    """Factory: registers a fresh user and returns a GraphQL helper signed in as them."""

    def make(email: str | None = None, password: str = "correct horse battery") -> GraphQL:
        address = email or f"user{next(_emails)}@example.com"
        payload = GraphQL(client).ok(REGISTER, {"email": address, "password": password})["register"]
        return GraphQL(client, token=payload["accessToken"])

    return make


@pytest.fixture
def alice(make_user) -> GraphQL:
    """A signed-in user."""
    return make_user("alice@example.com")


@pytest.fixture
def bob(make_user) -> GraphQL:
    """Another signed-in user, for isolation tests."""
    return make_user("bob@example.com")
