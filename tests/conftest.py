"""Shared fixtures: a migrated database per test, the real ASGI app, and a GraphQL helper."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.config import Settings
from api.migrate import upgrade_database

_emails = itertools.count(1)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for one test: its own data directory and database, cheap bcrypt."""
    return Settings(
        data_dir=tmp_path / "data",
        database_url=os.environ.get("TEST_DATABASE_URL") or None,
        bcrypt_rounds=4,
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """A client for the real app on a freshly migrated database."""
    settings.ensure_data_dir()
    upgrade_database(settings.resolved_database_url)
    with TestClient(create_app(settings)) as test_client:
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
