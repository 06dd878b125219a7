"""Logging is configured once from settings.log_level, every line names its request, no line shows secrets."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from api.app import create_app
from api.config import Settings
from api.database import create_sync_engine
from api.logging_config import ACCESS_LOGGER, AccessLogQueryFilter, RequestLogHandler, configure_logging
from tests.conftest import REGISTER

LOGIN = """mutation ($email: String!, $password: String!) {
  login(email: $email, password: $password) { user { id } }
}"""


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


@pytest.fixture
def access_log() -> Iterator[io.StringIO]:
    """What uvicorn's access logger writes, through a handler of its own as uvicorn configures it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger(ACCESS_LOGGER)
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def log_access_line(path_and_query: str, status: int) -> None:
    """A line as uvicorn's HTTP protocols log it."""
    logging.getLogger(ACCESS_LOGGER).info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:50000", "GET",
                                          path_and_query, "1.1", status)


def test_access_log_leaves_out_the_query_string(access_log, restore_logging):
    configure_logging("INFO")
    sign_in_by_get = 'query=mutation%7Blogin(email%3A%22a%40b.c%22%2Cpassword%3A%22hunter2%22)%7D'
    log_access_line(f"/graphql?{sign_in_by_get}", 405)
    log_access_line("/healthz", 200)
    assert access_log.getvalue().splitlines() == [
        '127.0.0.1:50000 - "GET /graphql?[redacted] HTTP/1.1" 405',
        '127.0.0.1:50000 - "GET /healthz HTTP/1.1" 200',
    ]


def test_configuring_again_adds_no_second_access_filter(restore_logging):
    configure_logging("INFO")
    configure_logging("DEBUG")
    filters = logging.getLogger(ACCESS_LOGGER).filters
    assert len([item for item in filters if isinstance(item, AccessLogQueryFilter)]) == 1


def test_debug_logs_show_statements_but_no_parameters_or_rows(client, settings, anonymous, restore_logging):
    stream = io.StringIO()
    configure_logging("DEBUG", stream)
    password = "correct horse battery staple"
    credentials = {"email": "debug@example.com", "password": password}
    refresh_token = anonymous.ok(REGISTER, credentials)["register"]["refreshToken"]
    anonymous.ok(LOGIN, credentials)
    engine = create_sync_engine(settings.resolved_database_url)
    with engine.connect() as connection:
        password_hash = connection.execute(text("SELECT password_hash FROM users")).scalar_one()
        token_hashes = connection.execute(text("SELECT token_hash FROM refresh_tokens")).scalars().all()
    engine.dispose()
    output = stream.getvalue()
    assert "SELECT" in output and "INSERT INTO users" in output  # DEBUG did log the statements
    for secret in (password, password_hash, refresh_token, *token_hashes):
        assert secret not in output


def test_sql_statements_stay_out_of_the_log_at_the_default_level(anonymous, restore_logging):
    stream = io.StringIO()
    configure_logging("INFO", stream)
    anonymous.ok(REGISTER, {"email": "quiet@example.com", "password": "correct horse battery staple"})
    output = stream.getvalue()
    assert "INSERT INTO users" not in output and "SELECT" not in output
