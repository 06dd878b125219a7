"""`/` opens the dashboard, or the playground when this server cannot show the dashboard."""

from __future__ import annotations

import contextlib
import logging
import subprocess  # nosec B404: runs this very interpreter on a fixed program
import sys
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


def test_a_server_without_the_dashboard_loads_neither_marimo_nor_polars(tmp_path):
    """Each of several API workers (the dashboard off) would otherwise hold them: about 50 MB more."""
    program = (
        "import sys\n"
        "import api.cli\n"
        "from api.app import create_app\n"
        "from api.config import Settings\n"
        f"create_app(Settings(dashboard_enabled=False, data_dir={str(tmp_path)!r}))\n"
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'marimo', 'polars', 'altair'}))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
