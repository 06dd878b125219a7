"""Real server processes on 127.0.0.1 for the benchmarks, their memory, and GraphQL over httpx."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.machine import REPOSITORY

STARTUP_TIMEOUT_SECONDS = 900  # serve migrates first: building roll-ups for a million records takes a while
# The developer's own configuration must not leak into a benchmark server.
CONFIGURATION_VARIABLES = (
    "DATABASE_URL", "SECRET_KEY", "DATA_DIR", "BCRYPT_ROUNDS", "CORS_ORIGINS", "LOG_LEVEL",
    "DASHBOARD_ENABLED",
)
# Benchmark 5 signs in 4 times a second from one address: far above the per-address limit that
# protects real users, so the benchmark server raises the limits (the hashing itself is measured).
LOAD_TEST_LIMITS = {
    "LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE": "100000",
    "LOGIN_ATTEMPTS_GLOBAL_PER_MINUTE": "100000",
    "LOGIN_ATTEMPTS_PER_MINUTE": "100000",
    "LOGIN_ATTEMPTS_PER_EMAIL": "100000",
}

# The import benchmark uploads a file of a million rows (about 70 MB): above the 20 MB default.
LARGEST_UPLOAD_BYTES = 512 * 1024 * 1024


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(data_dir: Path, database_url: str, bcrypt_rounds: int) -> dict[str, str]:
    """This process's environment with the benchmark's database, key, bcrypt cost and limits; tokens
    last a day so that one sign-in serves a whole run."""
    environment = {name: value for name, value in os.environ.items()
                   if name.upper() not in CONFIGURATION_VARIABLES}
    # The bare endpoint imports `bench`: the repository goes last on the path, after a snapshot's `api`.
    paths = [path for path in environment.get("PYTHONPATH", "").split(os.pathsep) if path]
    environment["PYTHONPATH"] = os.pathsep.join(dict.fromkeys([*paths, str(REPOSITORY)]))
    environment.update(
        DATA_DIR=str(data_dir), DATABASE_URL=database_url, SECRET_KEY=secrets.token_urlsafe(48),
        BCRYPT_ROUNDS=str(bcrypt_rounds), LOG_LEVEL="WARNING", ACCESS_TOKEN_MINUTES="1440",
        PYTHONUNBUFFERED="1", MAX_UPLOAD_BYTES=str(LARGEST_UPLOAD_BYTES), **LOAD_TEST_LIMITS,
    )
    return environment


def resident_bytes(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc (0 once it is gone)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
    return total


def resident_breakdown(pid: int, files: int = 3) -> str:
    """Where a process's resident memory is now: its heap (anonymous pages) and mapped files (shared
    library code the kernel may drop and read again), with the largest files; "" once it is gone."""
    try:
        status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
        smaps = Path(f"/proc/{pid}/smaps").read_text().splitlines()
    except OSError:
        return ""
    kilobytes = {name: int(status[name].split()[0]) for name in ("RssAnon", "RssFile", "RssShmem")}
    by_file: dict[str, int] = {}
    mapping = ""
    for line in smaps:
        fields = line.split()
        if "-" in fields[0] and len(fields) >= 5:  # a mapping's first line: address range, …, path
            mapping = fields[5] if len(fields) > 5 and fields[5].startswith("/") else ""
        elif fields[0] == "Rss:" and mapping:
            by_file[mapping] = by_file.get(mapping, 0) + int(fields[1])
    largest = sorted(by_file.items(), key=lambda item: -item[1])[:files]
    shown = ", ".join(f"{Path(path).name} {size / 1024:,.0f} MB" for path, size in largest)
    return (f"{kilobytes['RssAnon'] / 1024:,.0f} MB heap (anonymous), {kilobytes['RssFile'] / 1024:,.0f} MB "
            f"mapped files ({shown}), {kilobytes['RssShmem'] / 1024:,.0f} MB shared memory")


@dataclass
class MemorySampler:
    """Samples a process tree's resident memory in a thread of its own for as long as it runs."""

    pid: int
    interval_seconds: float = 0.1
    samples: list[int] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> MemorySampler:
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.interval_seconds):
            self.samples.append(resident_bytes(self.pid))


@dataclass
class RunningServer:
    """A server process that answered its readiness URL, and its memory while it runs."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    memory: MemorySampler

    def output(self) -> str:
        """Everything the process printed so far (for errors)."""
        return self.log_path.read_text(errors="replace")


@contextlib.contextmanager
def serving(command: list[str], environment: dict[str, str], log_path: Path, port: int,
            ready_path: str = "/readyz") -> Iterator[RunningServer]:
    """Start a server command, wait until `ready_path` answers (200 or a redirect), stop it afterwards."""
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # nosec B603: our own interpreter's server, arguments from bench
            command, stdout=log, stderr=subprocess.STDOUT, env=environment, cwd=log_path.parent,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            with MemorySampler(process.pid) as memory:
                server = RunningServer(url=url, process=process, log_path=log_path, memory=memory)
                wait_until_ready(server, ready_path)
                yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_ready(server: RunningServer, ready_path: str) -> None:
    """Poll until the server answers; raise with its output if it dies or takes too long."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited with {server.process.returncode}:\n{server.output()}")
        with contextlib.suppress(httpx.TransportError):
            # A redirect counts: Fava's front page sends the browser on to its ledger's report.
            if httpx.get(f"{server.url}{ready_path}", timeout=5).status_code < 400:
                return
        time.sleep(0.2)
    raise RuntimeError(f"server not ready within {STARTUP_TIMEOUT_SECONDS} s:\n{server.output()}")


def fintrack_command(port: int) -> list[str]:
    """`fintrack serve` of the interpreter running the benchmarks, as a user starts it."""
    executable = Path(sys.executable).parent / "fintrack"
    return [str(executable), "serve", "--host", "127.0.0.1", "--port", str(port)]


def uvicorn_command(app_factory: str, port: int) -> list[str]:
    """uvicorn on an app factory, for the bare comparison endpoint."""
    return [sys.executable, "-m", "uvicorn", "--factory", app_factory, "--host", "127.0.0.1",
            "--port", str(port), "--log-level", "warning"]


class GraphQLError(RuntimeError):
    """A benchmark query came back with errors: its timing would be meaningless."""


@dataclass
class GraphQLClient:
    """GraphQL over HTTP with one keep-alive connection, optionally signed in."""

    url: str
    token: str | None = None
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=600))

    def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The data of a response; errors raise."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        payload = {"query": query, "variables": variables or {}}
        response = self.client.post(f"{self.url}/graphql", json=payload, headers=headers)
        body = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise GraphQLError(f"{response.status_code}: {str(body)[:2000]}")
        return body["data"]

    def sign_in(self, email: str, password: str) -> GraphQLClient:
        """Log in and send the access token from now on."""
        query = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"
        self.token = self.execute(query, {"e": email, "p": password})["login"]["accessToken"]
        return self
