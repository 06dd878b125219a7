"""What the figures were measured on: they mean little without the machine and the commit."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]


def _meminfo_total_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def describe_commit(commit: str | None) -> str:
    """The commit benchmarked, short hash and subject; None means the work tree as it was."""
    def git(*args: str) -> str:
        return subprocess.run(  # nosec B603 B607: git of this repository, fixed arguments
            ["git", *args], cwd=REPOSITORY, capture_output=True, text=True, check=False
        ).stdout.strip()

    if commit is not None:
        return git("log", "-1", "--format=%h %s", commit)
    changed = git("status", "--porcelain", "--untracked-files=no")
    dirty = " (work tree with uncommitted changes)" if changed else ""
    return f"{git('log', '-1', '--format=%h %s')}{dirty}"


def machine_facts(commit: str | None) -> dict[str, str]:
    """Cores, memory, CPU, Python, SQLite and the commit, as strings for the report."""
    return {
        "CPU": f"{_cpu_model()}, {os.cpu_count()} cores (shared with other work while measured)",
        "RAM": f"{_meminfo_total_gib():.1f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "Commit": describe_commit(commit),
    }
