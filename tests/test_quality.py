"""The quality gates run with the suite, so the one test command checks lint and security too."""

from __future__ import annotations

import subprocess  # nosec B404 - runs the project's own linters
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_tool(module: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run a linter from this environment on the repository."""
    return subprocess.run(  # nosec B603 - fixed arguments, no shell
        [sys.executable, "-m", module, *arguments], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_flake8_finds_nothing():
    result = run_tool("flake8", "api", "analytics", "notebooks", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_bandit_finds_nothing_in_the_product_code():
    result = run_tool("bandit", "-q", "-r", "api", "analytics")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    # The files and settings are [tool.mypy] in pyproject.toml; .mypy_cache keeps reruns to seconds.
    result = run_tool("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
