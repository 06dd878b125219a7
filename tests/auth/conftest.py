"""Fixtures for the auth tests: signing in, acting with a given token, editing tokens in the database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from starlette.testclient import TestClient

from api.config import Settings
from api.database import create_sync_engine
from tests.auth.operations import LOGIN, PASSWORD
from tests.conftest import GraphQL


@pytest.fixture
def sign_in(anonymous: GraphQL) -> Callable[..., dict[str, Any]]:
    """Factory: logs in (a new session) and returns the AuthPayload."""

    def sign_in(email: str, password: str = PASSWORD) -> dict[str, Any]:
        return anonymous.ok(LOGIN, {"email": email, "password": password})["login"]

    return sign_in


@pytest.fixture
def as_bearer(client: TestClient) -> Callable[[str], GraphQL]:
    """Factory: a GraphQL helper sending the given access token."""
    return lambda token: GraphQL(client, token=token)


@pytest.fixture
def database(client: TestClient, settings: Settings) -> Iterator[Engine]:
    """A synchronous engine on the test's (already migrated) database, for setting up edge cases."""
    engine = create_sync_engine(settings.resolved_database_url)
    yield engine
    engine.dispose()
