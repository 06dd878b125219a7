"""One run: the cached dataset, a copy to work on, the servers, every benchmark, and RESULTS.md."""

from __future__ import annotations

import os
import shutil
import traceback
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from api.database import create_sync_engine

from bench.context import BenchContext
from bench.dataset import cache_dir, ensure_dataset, sqlite_path
from bench.load import measure_sign_in_load, record_memory
from bench.machine import machine_facts
from bench.queries import INTROSPECT_TYPES, schema_types
from bench.reads import measure_record_pages, measure_summaries
from bench.report import load_history, render
from bench.results import Results
from bench.server import (
    GraphQLClient, fintrack_command, free_port, server_environment, serving, uvicorn_command,
)
from bench.sizes import DatasetSize
from bench.snapshot import snapshot_commit
from bench.writes import measure_writes

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_PATH = BENCH_DIR / "RESULTS.md"
HISTORY_DIR = BENCH_DIR / "history"
Benchmark = Callable[[BenchContext], None]


def benchmarks() -> dict[str, Benchmark]:
    """Every benchmark by the name `--skip` takes, in the order they run (memory is read last)."""
    from bench.budgets import measure_budget_report
    from bench.dashboard import measure_dashboard
    from bench.imports import measure_imports, measure_large_import
    from bench.peers import measure_peers

    return {
        "summaries": measure_summaries,
        "pages": measure_record_pages,
        "writes": measure_writes,
        "load": measure_sign_in_load,
        "dashboard": measure_dashboard,
        "peers": measure_peers,
        "budgets": measure_budget_report,
        "imports": measure_imports,
        "large-import": measure_large_import,
    }


def working_database(size: DatasetSize, database_url: str | None, work_dir: Path) -> str:
    """A copy of the cached SQLite file (the write benchmark must not change the cache), or the URL."""
    if database_url is not None:
        return database_url
    copy = work_dir / "fintrack.sqlite3"
    shutil.copyfile(sqlite_path(size), copy)
    return f"sqlite:///{copy}"


def run(size: DatasetSize, database_url: str | None = None, output: Path = RESULTS_PATH,
        skip: frozenset[str] = frozenset(), progress: Callable[[str], None] = print,
        history_dir: Path | None = None, install_peers: bool = True) -> Results:
    """Generate or reuse the dataset, measure everything not skipped, write `output` (with the ratios
    of the runs saved in `history_dir`, this one included); the servers run the code this process runs
    (see `python -m bench --help`)."""
    manifest = ensure_dataset(size, database_url, progress)
    # One directory per run (by process id): two runs at once on a shared machine must not delete
    # each other's database copy.
    work_dir = cache_dir() / f"run-{size.name}-{os.getpid()}"
    shutil.rmtree(work_dir, ignore_errors=True)
    work_dir.mkdir(parents=True)
    url = working_database(size, database_url, work_dir)
    results = Results()
    environment = server_environment(work_dir / "data", url, manifest.bcrypt_rounds)
    api_port, bare_port = free_port(), free_port()
    progress("starting the servers (migrations run first)")
    with serving(fintrack_command(api_port), environment, work_dir / "api.log", api_port) as api_server, \
            serving(uvicorn_command("bench.bare_endpoint:create_bare_app", bare_port), environment,
                    work_dir / "bare.log", bare_port) as bare_server:
        types = schema_types(GraphQLClient(api_server.url).execute(INTROSPECT_TYPES))
        context = BenchContext(size, manifest, url, api_server, bare_server, work_dir, types, results,
                               install_peers)
        memory_after: dict[str, int] = {}  # the highest RSS so far, after each benchmark
        for name, benchmark in benchmarks().items():
            if name in skip:
                results.not_measured[name] = "skipped with --skip"
                continue
            progress(f"measuring {name}")
            try:
                benchmark(context)
            except Exception as error:  # one broken benchmark must not lose the others' figures
                progress(traceback.format_exc())
                results.not_measured[name] = f"failed: {type(error).__name__}: {str(error)[:300]}"
            memory_after[name] = max(api_server.memory.samples, default=0)
        record_memory(context, memory_after)
    _write_report(results, size, manifest, url, output, history_dir)
    return results


def database_version(url: str) -> str:
    """The database server's version string (PostgreSQL's `version()`)."""
    engine = create_sync_engine(url)
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SELECT version()")).scalar())
    finally:
        engine.dispose()


def _write_report(results: Results, size: DatasetSize, manifest: object, url: str, output: Path,
                  history_dir: Path | None) -> None:
    machine = machine_facts(snapshot_commit())
    engine = make_url(url).get_backend_name()
    if engine != "sqlite":
        machine["PostgreSQL"] = database_version(url)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    if history_dir is not None:
        stamp = when.replace(" ", "T").replace(":", "")
        results.save_json(history_dir / f"{stamp}-{size.name}.json",
                          {"when": when, "size": size.name, "engine": engine, "commit": machine["Commit"]})
    history = load_history(history_dir) if history_dir is not None else []
    commit = snapshot_commit()
    code = f"--revision {commit[:7]}" if commit else "--work-tree"
    database = " --database-url …" if engine != "sqlite" else ""
    command = f"python -m bench {code} run --size {size.name}{database}"
    output.write_text(render(results, machine, size, manifest, engine, command, history))
