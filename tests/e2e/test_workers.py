"""`fintrack serve --workers 4` on PostgreSQL: the workers share sign-in limits, metrics and data."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client import CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector

from tests.conftest import fresh_postgresql_schema, require_executable
from tests.e2e.conftest import RunningServer
from tests.monitoring.test_metrics import sample_total

pytestmark = pytest.mark.e2e

WORKERS = 4
PASSWORD = "correct horse battery"
REGISTER = "mutation($e: String!, $p: String!) { register(email: $e, password: $p) { accessToken } }"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"
CREATE_ACCOUNT = 'mutation { createAccount(input: {name: "Shared", type: CASH, currency: "EUR"}) { id } }'
ACCOUNTS = "{ accounts { id name } }"
GRAPHQL_REQUESTS = "fintrack_http_requests_total"


@pytest.fixture
def postgresql_url() -> Iterator[str]:
    """A fresh schema in the test PostgreSQL database (conftest fails CI runs without one)."""
    base_url = os.environ.get("TEST_DATABASE_URL", "")
    if not base_url.startswith("postgresql"):
        pytest.skip("TEST_DATABASE_URL does not name a PostgreSQL database")
    with fresh_postgresql_schema(base_url) as url:
        yield url


@pytest.fixture
def workers(start_server, postgresql_url: str, tmp_path: Path) -> tuple[RunningServer, Path]:
    """The server, and the temporary directory in which `serve` makes its metrics directory."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = start_server("--workers", str(WORKERS), settings={
        "DATABASE_URL": postgresql_url, "SECRET_KEY": "k" * 40, "DASHBOARD_ENABLED": "false",
        "TMPDIR": str(temporary),
    })
    return server, temporary


def post(url: str, query: str, variables: dict[str, str] | None = None, token: str | None = None) -> dict:
    """One request on a new connection, so that the kernel hands it to any of the workers."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(f"{url}/graphql", json={"query": query, "variables": variables or {}},
                          headers=headers, timeout=30)
    return response.json()


def error_code(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"] if body.get("errors") else "OK"


def graphql_requests_per_worker(temporary: Path, scratch: Path) -> list[float]:
    """GraphQL requests each worker counted, read from its own file in the multiprocess directory."""
    [directory] = temporary.glob("fintrack-metrics-*")
    counts = []
    for number, counter_file in enumerate(sorted(directory.glob("counter_*.db"))):
        alone = scratch / str(number)
        alone.mkdir(parents=True)
        shutil.copy(counter_file, alone)
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(alone))
        counts.append(sum(sample.value for family in registry.collect() for sample in family.samples
                          if sample.name == GRAPHQL_REQUESTS and sample.labels.get("path") == "/graphql"))
    return counts


def test_four_workers_share_sign_in_limits_metrics_and_data(workers, tmp_path):
    server, temporary = workers
    registered = post(server.url, REGISTER, {"e": "carol@example.com", "p": PASSWORD})
    token = registered["data"]["register"]["accessToken"]

    # Sign-in failures land on every worker, and still meet one limit (10 per email and address).
    codes = [error_code(post(server.url, LOGIN, {"e": "carol@example.com", "p": "a wrong guess"}))
             for _ in range(12)]
    assert codes == ["UNAUTHENTICATED"] * 10 + ["RATE_LIMITED"] * 2

    # A write through one worker is read by all (the access token is good on every one of them).
    account = post(server.url, CREATE_ACCOUNT, token=token)["data"]["createAccount"]
    reads = [post(server.url, ACCOUNTS, token=token)["data"]["accounts"] for _ in range(8)]
    assert reads == [[{"id": account["id"], "name": "Shared"}]] * 8

    # /metrics adds up every worker's requests, whichever worker answers the scrape.
    before = httpx.get(f"{server.url}/metrics").text
    for _ in range(20):
        post(server.url, "{ __typename }")
    after = httpx.get(f"{server.url}/metrics").text
    graphql_before = sample_total(before, GRAPHQL_REQUESTS, path="/graphql")
    graphql_after = sample_total(after, GRAPHQL_REQUESTS, path="/graphql")
    assert graphql_after - graphql_before == 20
    assert graphql_after == 1 + 12 + 1 + 8 + 20
    assert sample_total(after, "fintrack_logins_total", outcome="failure") == 10
    assert sample_total(after, "fintrack_logins_total", outcome="rate_limited") == 2

    # The test proves something only if the requests really were spread over the workers.
    per_worker = graphql_requests_per_worker(temporary, tmp_path / "scratch")
    assert sum(per_worker) == 42
    assert sum(1 for count in per_worker if count > 0) >= 2, per_worker

    promtool = require_executable("promtool")
    check = subprocess.run([promtool, "check", "metrics"], input=after, capture_output=True, text=True,
                           timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr
