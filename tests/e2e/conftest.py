"""Runs the installed `fintrack` console script as a real server process and talks to it over HTTP."""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.config import Settings

STARTUP_TIMEOUT_SECONDS = 90
# Variables of the developer's own configuration that must not leak into a server under test: every
# setting (a new one is covered the day it is added) and the metrics directory `serve` gives workers.
CONFIGURATION_VARIABLES = frozenset(
    {name.upper() for name in Settings.model_fields} | {"PROMETHEUS_MULTIPROC_DIR"}
)


def fintrack_executable() -> Path:
    """The console script installed next to the interpreter running the tests."""
    path = Path(sys.executable).parent / "fintrack"
    if not path.exists():
        pytest.fail(f"{path} is missing: install the project first (pip install -e '.[test]')", pytrace=False)
    return path


def fintrack_environment(data_dir: Path) -> dict[str, str]:
    """The test process's environment with a private SQLite data directory and cheap bcrypt."""
    environment = {name: value for name, value in os.environ.items()
                   if name.upper() not in CONFIGURATION_VARIABLES}
    environment.update(DATA_DIR=str(data_dir), BCRYPT_ROUNDS="4", PYTHONUNBUFFERED="1")
    return environment


def run_fintrack(data_dir: Path, *args: str, input: str | None = None, cwd: Path | None = None,
                 ) -> subprocess.CompletedProcess[str]:
    """Run one `fintrack` command to completion."""
    return subprocess.run(  # the installed console script, with arguments from the test itself
        [str(fintrack_executable()), *args], input=input, capture_output=True, text=True, timeout=120,
        env=fintrack_environment(data_dir), cwd=cwd or data_dir.parent,
    )


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RunningServer:
    """A `fintrack serve` process that answered /readyz."""

    url: str
    log_path: Path
    process: subprocess.Popen[bytes]

    def output(self) -> str:
        """Everything the process printed so far."""
        return self.log_path.read_text(errors="replace")


def wait_until_ready(server: RunningServer) -> None:
    """Poll /readyz until the server answers 200; fail with its output if it dies or takes too long."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"fintrack serve exited with {server.process.returncode}:\n{server.output()}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{server.url}/readyz", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    pytest.fail(f"fintrack serve was not ready within {STARTUP_TIMEOUT_SECONDS} s:\n{server.output()}")


@contextlib.contextmanager
def serving(directory: Path, *args: str, settings: dict[str, str] | None = None,
            executable: Path | None = None) -> Iterator[RunningServer]:
    """Start `fintrack serve ARGS` on a free port with its own data directory; stop it afterwards.

    `settings` are extra environment variables (FORWARDED_ALLOW_IPS=…); `executable` is another
    installation's `fintrack` (this interpreter's by default).
    """
    port = free_port()
    log_path = directory / "server.log"
    fintrack = executable or fintrack_executable()
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # the installed console script, with arguments from the test itself
            [str(fintrack), "serve", "--host", "127.0.0.1", "--port", str(port), *args],
            stdout=log, stderr=subprocess.STDOUT, cwd=directory,
            env=fintrack_environment(directory / "data") | (settings or {}),
        )
        server = RunningServer(url=f"http://127.0.0.1:{port}", log_path=log_path, process=process)
        try:
            wait_until_ready(server)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """One plain `fintrack serve` shared by a module's tests (each registers its own users)."""
    with serving(tmp_path_factory.mktemp("server")) as running:
        yield running


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., RunningServer]]:
    """Factory: start a server with the given extra `serve` arguments (stopped after the test)."""
    numbers = itertools.count(1)
    with contextlib.ExitStack() as stack:

        def start(*args: str, settings: dict[str, str] | None = None) -> RunningServer:
            directory = tmp_path / f"server{next(numbers)}"
            directory.mkdir()
            return stack.enter_context(serving(directory, *args, settings=settings))

        yield start


@dataclass
class HttpGraphQL:
    """GraphQL over real HTTP, optionally signed in."""

    url: str
    token: str | None = None
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=60))

    def ok(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The data of a response that must carry no errors."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        payload = {"query": query, "variables": variables or {}}
        response = self.client.post(f"{self.url}/graphql", json=payload, headers=headers)
        body = response.json()
        assert response.status_code == 200 and not body.get("errors"), body
        return body["data"]

    def sign_in(self, email: str, password: str) -> None:
        """Log in and send the access token from now on."""
        query = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"
        self.token = self.ok(query, {"e": email, "p": password})["login"]["accessToken"]
