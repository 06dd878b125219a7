"""The `fintrack` command line: run the server, load demo data, add users, migrate, export the schema."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ipaddress
import os
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import click
import uvicorn
from pydantic import ValidationError
from sqlalchemy.engine import make_url
from strawberry.printer import print_schema

from api.auth.passwords import PasswordHasher
from api.auth.service import add_user
from api.config import Settings, SettingsError
from api.demo import DEMO_EMAIL, DemoCredentials, delete_demo_user, demo_user_exists, load_demo_data
from api.errors import DomainError
from api.exports.commands import backup, export, restore
from api.schema import schema
from api.imports.command import import_command
from api.ledger.rollups import RollupDifference, find_rollup_differences, rebuild_rollups
from api.migrate import MigrationFailed, upgrade_database, upgrade_database_in_child_process
from api.monitoring.multiprocess import shared_metrics_directory
from api.state import AppState

T = TypeVar("T")

APP_FACTORY = "api.app:create_app_from_environment"
# Each worker process imports the app before answering uvicorn's health pings (default 5 s): too
# tight for a loaded machine, where the parent then kills and restarts its workers forever.
WORKER_STARTUP_SECONDS = 60
DEFAULT_SCHEMA_PATH = Path("schema.graphql")
M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h), what MALLOC_ARENA_MAX sets at process start
SERVER_MALLOC_ARENAS = 2


def environment_settings() -> Settings:
    """Settings from the environment; a bad value is a short CLI error that does not echo the value."""
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, problem['loc'])).upper()}: {problem['msg']}"
            for problem in error.errors(include_url=False, include_input=False)
        )
        raise click.ClickException(f"Invalid settings: {problems}") from None


def migrated_settings(settings: Settings | None = None,
                      upgrade: Callable[[str], None] = upgrade_database) -> Settings:
    """Settings (from the environment unless given), with the database brought to the newest schema."""
    settings = settings if settings is not None else environment_settings()
    settings.ensure_data_dir()
    upgrade(settings.resolved_database_url)
    return settings


def run_with_state(settings: Settings, action: Callable[[AppState], Awaitable[T]]) -> T:
    """Run an async action with the app's engine and helpers; domain errors become CLI errors."""

    async def run() -> T:
        state = AppState.from_settings(settings)
        try:
            return await action(state)
        finally:
            await state.engine.dispose()

    # A thread of its own: asyncio.run refuses a thread whose event loop is already running
    # (as under Playwright's sync API when the commands are driven from tests).
    try:
        with ThreadPoolExecutor(max_workers=1) as executor:
            return executor.submit(asyncio.run, run()).result()
    except DomainError as error:
        raise click.ClickException(error.message) from None


def limit_malloc_arenas(arenas: int = SERVER_MALLOC_ARENAS) -> bool:
    """Cap glibc's malloc arenas before the server starts its threads; True when the cap was set.

    glibc gives threads that allocate at once arenas of their own, up to 8 per core, and an arena keeps
    what was freed in it. The server runs many threads (the thread pool, one per SQLite connection, one
    kernel per dashboard session): capped here it held 264 MB after nine dashboard sessions instead of
    271-275 (MALLOC_ARENA_MAX=2 at process start: 259; the libraries' native threads made a few arenas
    while api.cli was imported). Worker processes (--workers) inherit the cap through the environment. A
    MALLOC_ARENA_MAX set by the operator wins; other C libraries (musl, macOS) have no such arenas.
    """
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    os.environ["MALLOC_ARENA_MAX"] = str(arenas)
    return bool(libc.mallopt(M_ARENA_MAX, arenas))


def echo_demo_credentials(credentials: DemoCredentials) -> None:
    """Tell how to sign in as the demo user; the password exists nowhere else."""
    click.echo(
        f"Loaded demo data: {credentials.account_count} accounts and {credentials.record_count} records "
        f"from {credentials.first_date} to {credentials.last_date}.\n"
        "Sign in as the demo user (the password is shown only now):\n"
        f"  email:    {credentials.email}\n"
        f"  password: {credentials.password}"
    )


def schema_sdl() -> str:
    """The GraphQL schema in SDL, exactly as `schema.graphql` must contain it."""
    return print_schema(schema) + "\n"


def base_url(host: str, port: int) -> str:
    """The URL a browser on this machine uses; an all-interfaces bind is reached via localhost."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return f"http://{host}:{port}"
    if address.is_unspecified:
        return f"http://localhost:{port}"
    return f"http://[{host}]:{port}" if address.version == 6 else f"http://{host}:{port}"


@click.group()
@click.version_option(package_name="fintrack")
def main() -> None:
    """Finance Tracker: a self-hosted personal finance tracker with a GraphQL API and a dashboard.

    Configuration comes from environment variables (DATABASE_URL, DATA_DIR, SECRET_KEY, …);
    see the README.
    """


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (the dashboard needs a single worker).")
@click.option("--demo", is_flag=True, help="Load the demo data first, unless the demo user exists.")
def serve(host: str, port: int, workers: int, demo: bool) -> None:
    """Apply pending migrations and run the server."""
    settings = environment_settings()
    try:
        settings.shared_secret_key()  # before the workers start: they all read this one key
    except SettingsError as error:
        raise click.ClickException(str(error)) from None
    limit_malloc_arenas()  # before the first thread (the demo loader's) allocates
    try:
        # In a child process: alembic would otherwise stay in the server's memory (about 10 MB).
        settings = migrated_settings(settings, upgrade=upgrade_database_in_child_process)
    except MigrationFailed as error:
        raise click.ClickException(f"{error}: the server did not start (the error is above).") from None
    if demo:
        if run_with_state(settings, demo_user_exists):
            click.echo(f"The demo user {DEMO_EMAIL} already exists: its password was shown when it was "
                       "created (`fintrack demo --replace` starts over with a new one).")
        else:
            echo_demo_credentials(run_with_state(settings, load_demo_data))
    url = base_url(host, port)
    click.echo(f"Finance Tracker is starting at {url}/")
    click.echo(f"  GraphQL API and playground: {url}/graphql")
    if settings.dashboard_enabled:
        from api.dashboard import find_notebook  # marimo: not loaded by a server without the dashboard

        if find_notebook() is None:
            click.echo("  Dashboard:                  "
                       "UNAVAILABLE: its notebook is not installed (see the log)")
        else:
            click.echo(f"  Dashboard:                  {url}/dashboard/")
        if workers > 1:
            click.echo("  Warning: dashboard sessions break with several workers; use --workers 1 for it.")
    click.echo(f"  Metrics:                    {url}/metrics")
    click.echo(f"  Health:                     {url}/healthz and {url}/readyz")
    # X-Forwarded-For is believed from FORWARDED_ALLOW_IPS only. uvicorn would trust 127.0.0.1 by
    # default, and then anything on this machine (a dashboard kernel among them) could claim any address.
    # Several workers write their metrics to one directory, and /metrics adds them all up.
    with shared_metrics_directory() if workers > 1 else contextlib.nullcontext():
        uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, workers=workers,
                    log_level=settings.log_level.lower(), timeout_worker_healthcheck=WORKER_STARTUP_SECONDS,
                    proxy_headers=bool(settings.forwarded_allow_ips),
                    forwarded_allow_ips=settings.forwarded_allow_ips)


@main.command()
@click.option("--replace", is_flag=True, help="Delete the demo user and all their data first.")
def demo(replace: bool) -> None:
    """Create the demo user with two years of data and print the credentials."""
    settings = migrated_settings()
    if run_with_state(settings, demo_user_exists):
        if not replace:
            raise click.ClickException(
                f"The demo user {DEMO_EMAIL} already exists; `fintrack demo --replace` deletes it "
                "and loads fresh data with a new password."
            )
        run_with_state(settings, delete_demo_user)
    echo_demo_credentials(run_with_state(settings, load_demo_data))


@main.command("create-user")
@click.option("--email", required=True, help="The new user's email address.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="12 to 128 characters, not a common one (prompted when left out).")
def create_user(email: str, password: str) -> None:
    """Create a user with the default categories."""
    settings = migrated_settings()

    async def create(state: AppState) -> str:
        async with state.session_factory() as session:
            user = await add_user(session, PasswordHasher(state.settings.bcrypt_rounds), email, password)
            await session.commit()
            return user.email

    click.echo(f"Created user {run_with_state(settings, create)} with the default categories.")


@main.command()
def migrate() -> None:
    """Bring the database schema to the newest revision."""
    settings = migrated_settings()
    safe_url = make_url(settings.resolved_database_url).render_as_string(hide_password=True)
    click.echo(f"The database at {safe_url} is at the newest revision.")


@main.command("export-schema")
@click.option("--check", is_flag=True, help="Only check that the file is current; exit 1 when stale.")
@click.option("--path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_SCHEMA_PATH,
              show_default=True, help="Where the SDL lives.")
def export_schema(check: bool, path: Path) -> None:
    """Write the GraphQL schema (SDL) generated from the code to schema.graphql."""
    sdl = schema_sdl()
    if check:
        if not path.is_file() or path.read_text(encoding="utf-8") != sdl:
            raise click.ClickException(f"{path} is stale: run `fintrack export-schema` and commit it.")
        click.echo(f"{path} is current.")
        return
    path.write_text(sdl, encoding="utf-8")
    click.echo(f"Wrote {path}.")


@main.group()
def ledger() -> None:
    """Check or rebuild the monthly roll-ups that summaries and balances read."""


@ledger.command("check")
def ledger_check() -> None:
    """Compare every roll-up with the records; list the differences and exit 1 when there are any."""
    settings = migrated_settings()

    async def check(state: AppState) -> list[RollupDifference]:
        async with state.session_factory() as session:
            return await find_rollup_differences(session)

    differences = run_with_state(settings, check)
    for difference in differences:
        click.echo(f"{difference.describe()}: stored (amount, count) {difference.stored}, "
                   f"records give {difference.expected}")
    if differences:
        raise click.ClickException(f"{len(differences)} roll-up rows differ from the records; "
                                   "`fintrack ledger rebuild` recomputes them.")
    click.echo("Every roll-up equals the records.")


@ledger.command("rebuild")
def ledger_rebuild() -> None:
    """Recompute every roll-up from the records, in one transaction."""
    settings = migrated_settings()

    async def rebuild(state: AppState) -> int:
        async with state.session_factory() as session:
            row_count = await rebuild_rollups(session)
            await session.commit()
            return row_count

    click.echo(f"Rebuilt the roll-ups from the records: {run_with_state(settings, rebuild)} rows.")


main.add_command(export)
main.add_command(backup)
main.add_command(restore)
main.add_command(import_command)
