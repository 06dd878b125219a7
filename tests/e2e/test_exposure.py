"""A real `fintrack serve` keeps secrets out of its log and its files away from other users."""

from __future__ import annotations

import stat
import time
import uuid
from pathlib import Path

import httpx
import pytest

from api.config import GENERATED_KEY_FILE_NAME, SQLITE_FILE_NAME
from tests.e2e.conftest import HttpGraphQL, RunningServer

pytestmark = pytest.mark.e2e

REGISTER = "mutation ($e: String!, $p: String!) { register(email: $e, password: $p) { accessToken } }"


def wait_for_output(server: RunningServer, text: str, timeout: float = 10) -> str:
    """The server's output once it contains `text` (log lines arrive a moment after the response)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        output = server.output()
        if text in output:
            return output
        time.sleep(0.1)
    pytest.fail(f"{text!r} never appeared in the output:\n{server.output()}")


def test_a_sign_in_sent_by_get_leaves_no_password_in_the_access_log(server):
    password = f"never-log-{uuid.uuid4().hex}"
    query = f'mutation {{ login(email: "ada@example.com", password: "{password}") {{ accessToken }} }}'
    assert httpx.get(f"{server.url}/graphql", params={"query": query}).status_code == 405
    output = wait_for_output(server, '"GET /graphql?[redacted] HTTP/1.1" 405')
    assert password not in output


def test_serve_creates_the_data_directory_and_its_files_for_the_owner_only(server):
    email = f"{uuid.uuid4().hex}@example.com"
    HttpGraphQL(server.url).ok(REGISTER, {"e": email, "p": "correct horse battery"})
    data_dir = server.log_path.parent / "data"
    files = [GENERATED_KEY_FILE_NAME, SQLITE_FILE_NAME, f"{SQLITE_FILE_NAME}-wal", f"{SQLITE_FILE_NAME}-shm"]
    modes = {name: stat.S_IMODE((data_dir / name).stat().st_mode) for name in files}
    assert modes == {name: 0o600 for name in files}
    assert stat.S_IMODE(Path(data_dir).stat().st_mode) == 0o700
