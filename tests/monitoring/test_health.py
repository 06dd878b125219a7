"""/healthz says the process answers; /readyz says whether the database does."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.config import Settings


def closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_answers_ok_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.fixture(params=["sqlite-missing-directory", "postgresql-closed-port"])
def unreachable_client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    urls = {
        "sqlite-missing-directory": f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}",
        "postgresql-closed-port": f"postgresql://fintrack:secret@127.0.0.1:{closed_port()}/fintrack",
    }
    settings = Settings(data_dir=tmp_path / "data", database_url=urls[request.param], bcrypt_rounds=4,
                        dashboard_enabled=False)
    with TestClient(create_app(settings)) as client:
        yield client


def test_readyz_answers_503_when_the_database_is_unreachable(unreachable_client):
    response = unreachable_client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
    assert "secret" not in response.text


def test_healthz_stays_ok_when_the_database_is_unreachable(unreachable_client):
    assert unreachable_client.get("/healthz").status_code == 200
