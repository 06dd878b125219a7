"""Logging is configured once from settings.log_level, and every line names its request."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.config import Settings
from api.logging_config import RequestLogHandler, configure_logging


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    yield
    configure_logging(logging.getLevelName(level))


def our_handlers() -> list[logging.Handler]:
    return [handler for handler in logging.getLogger().handlers if isinstance(handler, RequestLogHandler)]


def test_app_sets_the_configured_log_level(settings, restore_logging):
    settings.log_level = "WARNING"
    create_app(settings)
    assert logging.getLogger().level == logging.WARNING


def test_configuring_again_replaces_the_handler(restore_logging):
    configure_logging("INFO")
    configure_logging("DEBUG")
    assert len(our_handlers()) == 1
    assert logging.getLogger().level == logging.DEBUG


def test_log_lines_carry_the_request_id(tmp_path: Path, restore_logging):
    missing = tmp_path / "missing" / "db.sqlite3"
    settings = Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{missing}",
                        dashboard_enabled=False)
    with TestClient(create_app(settings)) as client:
        stream = io.StringIO()
        configure_logging("INFO", stream)
        client.get("/readyz", headers={"X-Request-ID": "ready-check-1"})
    [line] = [line for line in stream.getvalue().splitlines() if "Readiness check failed" in line]
    assert "[request ready-check-1]" in line
    assert " ERROR api " in line


def test_lines_outside_requests_are_marked_as_such(restore_logging):
    stream = io.StringIO()
    configure_logging("INFO", stream)
    logging.getLogger("api.test").info("starting up")
    assert "[request -] starting up" in stream.getvalue()
