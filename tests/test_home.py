"""`/` opens the dashboard, or the playground when this server cannot show the dashboard."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator

import pytest
from starlette.testclient import TestClient

import api.dashboard
from api.app import create_app


def home_location(client: TestClient) -> str:
    response = client.get("/", follow_redirects=False)
    assert response.is_redirect
    return response.headers["location"]


def test_root_opens_the_dashboard(client):
    assert home_location(client) == "/dashboard/"


def test_root_opens_the_playground_when_the_dashboard_is_disabled(client_for):
    assert home_location(client_for(dashboard_enabled=False)) == "/graphql"


def test_a_missing_notebook_is_logged_as_an_error_and_root_opens_the_playground(
    client_for, monkeypatch, tmp_path, caplog
):
    monkeypatch.setattr(api.dashboard, "NOTEBOOK_LOCATIONS", (tmp_path / "missing.py",))
    with caplog.at_level(logging.ERROR, logger="api.dashboard"):
        client = client_for(dashboard_enabled=True)
    assert home_location(client) == "/graphql"
    assert client.get("/dashboard/").status_code == 404
    [record] = [record for record in caplog.records if record.name == "api.dashboard"]
    assert record.levelno == logging.ERROR
    assert "Dashboard unavailable" in record.getMessage() and "missing.py" in record.getMessage()


@pytest.fixture
def client_for(settings, client) -> Iterator[Callable[..., TestClient]]:
    """Factory: a client for the app with some settings changed, on the database `client` prepared."""
    with contextlib.ExitStack() as stack:
        def build(**changes: object) -> TestClient:
            return stack.enter_context(TestClient(create_app(settings.model_copy(update=changes))))

        yield build
