"""Metrics of several worker processes, served as one: prometheus-client's multiprocess mode.

Each worker keeps its own counters, so a scrape, answered by whichever worker gets it, would report
that worker alone. With PROMETHEUS_MULTIPROC_DIR set before a process imports prometheus_client,
every metric value lives in a memory-mapped file of that directory instead, and the /metrics
handler (starlette-exporter's) adds up all the processes' files with a MultiProcessCollector.
`fintrack serve --workers N` gives its workers a fresh directory: values left from an earlier run
must not count, and no two servers may share one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

MULTIPROCESS_DIRECTORY_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


@contextlib.contextmanager
def shared_metrics_directory() -> Iterator[Path]:
    """An empty private directory, named in the environment the workers inherit; removed afterwards.

    Only for processes started inside the block: the current one imported prometheus_client before.
    """
    directory = Path(tempfile.mkdtemp(prefix="fintrack-metrics-"))
    previous = os.environ.get(MULTIPROCESS_DIRECTORY_VARIABLE)
    os.environ[MULTIPROCESS_DIRECTORY_VARIABLE] = str(directory)
    try:
        yield directory
    finally:
        if previous is None:
            del os.environ[MULTIPROCESS_DIRECTORY_VARIABLE]
        else:
            os.environ[MULTIPROCESS_DIRECTORY_VARIABLE] = previous
        shutil.rmtree(directory, ignore_errors=True)
