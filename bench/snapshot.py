"""The committed code the servers run: other people edit the shared work tree while benchmarks run,
and a half-finished edit must neither break a run nor be measured as if it were committed."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from bench.machine import REPOSITORY

PACKAGES = ("api", "analytics", "notebooks")
CODE_VARIABLE = "BENCH_CODE"
"""Set in the re-executed benchmark process: the snapshot its `api` package comes from."""


def resolve_revision(revision: str) -> str:
    """The full commit hash of a revision such as HEAD."""
    return subprocess.run(  # nosec B603 B607: git of this repository, fixed arguments
        ["git", "rev-parse", "--verify", f"{revision}^{{commit}}"], cwd=REPOSITORY, capture_output=True,
        text=True, check=True,
    ).stdout.strip()


def export_commit(destination: Path, revision: str = "HEAD") -> Path:
    """The packages the server imports, as they are at `revision`, unpacked into `destination`."""
    archive = subprocess.run(  # nosec B603 B607: git of this repository, fixed arguments
        ["git", "archive", "--format=tar", revision, *PACKAGES], cwd=REPOSITORY, capture_output=True,
        check=True,
    ).stdout
    destination.mkdir(parents=True, exist_ok=True)
    (destination / "COMMIT").write_text(resolve_revision(revision) + "\n")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")
    return destination


def snapshot_commit() -> str | None:
    """The commit the running benchmark process was started on, or None when it runs the work tree."""
    import os

    code = os.environ.get(CODE_VARIABLE)
    return (Path(code) / "COMMIT").read_text().strip() if code else None
