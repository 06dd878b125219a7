"""`python -m bench`: generate the dataset, or run every benchmark and write bench/RESULTS.md."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from bench.dataset import cache_dir, ensure_dataset
from bench.machine import REPOSITORY
from bench.snapshot import CODE_VARIABLE, export_commit, resolve_revision
from bench.sizes import SIZES, DatasetSize

echo = functools.partial(click.echo, err=True)


def chosen_size(name: str, users: int | None, total_records: int | None) -> DatasetSize:
    """A named size, optionally with fewer users and records (the big user keeps its records)."""
    size = SIZES[name]
    if users is None and total_records is None:
        return size
    return size.with_users(users or size.user_count, total_records or size.total_records)


size_option = click.option("--size", type=click.Choice(list(SIZES)), default="full", show_default=True,
                           help="full: 1,000,000 records, 50 users; small: 30,000; tiny: a few hundred.")
database_option = click.option("--database-url", default=None,
                               help="A PostgreSQL URL to use instead of the cached SQLite file.")
users_option = click.option("--users", type=int, default=None, help="Fewer users than the size has.")
records_option = click.option("--total-records", type=int, default=None, help="Fewer records in all.")


@click.group()
@click.option("--work-tree", is_flag=True,
              help="Run the files as they are now instead of a commit (others may be mid-edit).")
@click.option("--revision", default="HEAD", show_default=True, help="The commit to benchmark.")
def main(work_tree: bool, revision: str) -> None:
    """Benchmarks of issue 11, against a real server on 127.0.0.1.

    Unless --work-tree is given, the command runs again on an exported copy of the commit's `api`,
    `analytics` and `notebooks`: the dataset, the in-process writes and the servers then all use the
    same committed code, whatever is being edited in the shared work tree meanwhile.
    """
    if work_tree or os.environ.get(CODE_VARIABLE):
        return
    commit = resolve_revision(revision)
    code = cache_dir() / "code" / commit
    if not (code / "COMMIT").exists():
        export_commit(code, commit)
    python_path = os.pathsep.join([str(code), str(REPOSITORY), os.environ.get("PYTHONPATH", "")])
    environment = {**os.environ, "PYTHONPATH": python_path.rstrip(os.pathsep), CODE_VARIABLE: str(code)}
    # -P: the current directory (the work tree, when run from it) must not shadow the snapshot.
    arguments = [sys.executable, "-P", "-m", "bench", *sys.argv[1:]]
    os.execve(sys.executable, arguments, environment)  # nosec B606: this same command on the snapshot


@main.command()
@size_option
@database_option
@users_option
@records_option
def generate(size: str, database_url: str | None, users: int | None, total_records: int | None) -> None:
    """Write the dataset through the product's services (cached under bench/.cache)."""
    manifest = ensure_dataset(chosen_size(size, users, total_records), database_url, echo)
    echo(f"{manifest.records_written:,} records in {manifest.seconds:,.0f} s "
         f"({manifest.records_per_second:,.0f} records/s): {manifest.database_url}")


@main.command()
@size_option
@database_option
@users_option
@records_option
@click.option("--output", type=click.Path(path_type=Path), default=None, help="Default: bench/RESULTS.md.")
@click.option("--skip", multiple=True, help="A benchmark to leave out: summaries, pages, writes, load, "
                                            "dashboard, peers, budgets, imports, large-import (repeatable).")
def run(size: str, database_url: str | None, users: int | None, total_records: int | None,
        output: Path | None, skip: tuple[str, ...]) -> None:
    """Run every benchmark and write RESULTS.md."""
    from bench.runner import HISTORY_DIR, RESULTS_PATH, run as run_benchmarks

    # Only runs that write the committed RESULTS.md join its history of earlier runs.
    results = run_benchmarks(chosen_size(size, users, total_records), database_url, output or RESULTS_PATH,
                             frozenset(skip), echo, HISTORY_DIR if output is None else None)
    for ratio in results.ratios:
        echo(f"{ratio.target_number:>3} {ratio.name}: {ratio.value:.3g}× (target {ratio.target_text}) "
             f"{'PASS' if ratio.passed else 'MISS'}")
    echo(f"wrote {output or RESULTS_PATH}")


if __name__ == "__main__":
    main()
