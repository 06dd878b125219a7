"""Multiprocess metrics: what each process counted is added up by /metrics, and the output passes promtool."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from api.config import SQLITE_FILE_NAME
from api.monitoring.multiprocess import MULTIPROCESS_DIRECTORY_VARIABLE, shared_metrics_directory
from tests.conftest import require_executable
from tests.monitoring.test_metrics import sample_total

# A worker in miniature: the real app, some GraphQL requests, then one scrape printed.
WORKER = """
import sys
from starlette.testclient import TestClient
from api.app import create_app_from_environment
with TestClient(create_app_from_environment()) as client:
    for _ in range(int(sys.argv[1])):
        client.post("/graphql", json={"query": "{ __typename }"})
    print(client.get("/metrics").text)
"""


def run_worker(requests: int, data_dir: Path) -> str:
    """Start a process on the shared metrics directory; what its scrape said."""
    environment = os.environ | {"DATA_DIR": str(data_dir), "BCRYPT_ROUNDS": "4", "DASHBOARD_ENABLED": "false"}
    for name in ("DATABASE_URL", "SECRET_KEY"):
        environment.pop(name, None)
    result = subprocess.run([sys.executable, "-c", WORKER, str(requests)], env=environment,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_requests_of_every_process_are_added_up(tmp_path, migrated_sqlite_file):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copyfile(migrated_sqlite_file, data_dir / SQLITE_FILE_NAME)
    with shared_metrics_directory():
        run_worker(3, data_dir)
        scrape = run_worker(2, data_dir)
    assert sample_total(scrape, "fintrack_http_requests_total", path="/graphql") == 5
    promtool = require_executable("promtool")
    check = subprocess.run([promtool, "check", "metrics"], input=scrape, capture_output=True, text=True,
                           timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_directory_is_fresh_named_in_the_environment_and_removed_afterwards(monkeypatch):
    monkeypatch.delenv(MULTIPROCESS_DIRECTORY_VARIABLE, raising=False)
    with shared_metrics_directory() as directory:
        assert os.environ[MULTIPROCESS_DIRECTORY_VARIABLE] == str(directory)
        assert list(directory.iterdir()) == []
        assert directory.stat().st_mode & 0o077 == 0  # private, like any mkdtemp
    assert not directory.exists()
    assert MULTIPROCESS_DIRECTORY_VARIABLE not in os.environ
