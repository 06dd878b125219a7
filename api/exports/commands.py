"""`fintrack export records|journal`, `fintrack backup` and `fintrack restore`: exports from the command line.

The user is named by email; the server need not run (the commands open the database themselves).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

import click
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import NotFound
from api.exports.backup import backup_text, restore_backup
from api.exports.csv_format import csv_text
from api.exports.journal import JournalRange, journal_text
from api.exports.records_table import record_table
from api.records.filters import RecordCriteria
from api.state import AppState
from api.users.service import find_user_by_email, sign_in_email

T = TypeVar("T")
UserAction = Callable[[AsyncSession, int], Awaitable[T]]

EMAIL = click.option("--email", required=True, help="Whose data.")
OUTPUT = click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
                      help="The file to write.")
DAY = click.DateTime(["%Y-%m-%d"])
DATE_FROM = click.option("--from", "date_from", type=DAY, help="First day (YYYY-MM-DD).")
DATE_TO = click.option("--to", "date_to", type=DAY, help="Last day (YYYY-MM-DD).")


def run_for_user(email: str, action: UserAction[T], commit: bool = False) -> T:
    """Run `action(session, user_id)` for the user with this email, in one transaction."""
    # Imported here: api.cli imports this module to add these commands to its group.
    from api.cli import migrated_settings, run_with_state

    async def run(state: AppState) -> T:
        async with state.session_factory() as session:
            user = await find_user_by_email(session, sign_in_email(email))
            if user is None:
                raise NotFound("User", email)
            result = await action(session, user.id)
            if commit:
                await session.commit()
            return result

    return run_with_state(migrated_settings(), run)


async def write_text(pieces: AsyncIterator[str], path: Path) -> None:
    """Write streamed text to a file as it comes."""
    with path.open("w", encoding="utf-8", newline="") as file:
        async for piece in pieces:
            file.write(piece)


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


@click.group("export")
def export() -> None:
    """Export a user's records (CSV or Parquet) or ledger journal."""


@export.command("records")
@EMAIL
@click.option("--format", "file_format", type=click.Choice(["csv", "parquet"]), default="csv",
              show_default=True)
@DATE_FROM
@DATE_TO
@OUTPUT
def export_records(email: str, file_format: str, date_from: datetime | None, date_to: datetime | None,
                   output: Path) -> None:
    """Write the user's records in the range, oldest first."""
    criteria = RecordCriteria(date_from=_day(date_from), date_to=_day(date_to))

    async def export_to_file(session: AsyncSession, user_id: int) -> None:
        table = await record_table(session, user_id, criteria)
        if file_format == "parquet":
            from api.exports.parquet_format import write_parquet  # polars: not at every start of the CLI

            await write_parquet(table, output)
        else:
            await write_text(csv_text(table.chunks), output)

    run_for_user(email, export_to_file)
    click.echo(f"Wrote {output}.")


@export.command("journal")
@EMAIL
@DATE_FROM
@DATE_TO
@OUTPUT
def export_journal(email: str, date_from: datetime | None, date_to: datetime | None, output: Path) -> None:
    """Write the user's ledger journal (hledger/Ledger format) of the range."""
    journal_range = JournalRange(_day(date_from), _day(date_to))

    async def export_to_file(session: AsyncSession, user_id: int) -> None:
        await write_text(journal_text(session, user_id, journal_range), output)

    run_for_user(email, export_to_file)
    click.echo(f"Wrote {output}.")


@click.command("backup")
@EMAIL
@OUTPUT
def backup(email: str, output: Path) -> None:
    """Write all of the user's data to one JSON file."""

    async def backup_to_file(session: AsyncSession, user_id: int) -> None:
        await write_text(backup_text(session, user_id), output)

    run_for_user(email, backup_to_file)
    click.echo(f"Wrote {output}.")


@click.command("restore")
@EMAIL
@click.option("--input", "input_path", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file written by `fintrack backup`.")
def restore(email: str, input_path: Path) -> None:
    """Restore a backup into a user who has no accounts yet (create the user first)."""
    try:
        document = json.loads(input_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise click.ClickException(f"{input_path} is not a JSON file: {error}") from None

    async def restore_document(session: AsyncSession, user_id: int) -> int:
        return await restore_backup(session, user_id, document)

    count = run_for_user(email, restore_document, commit=True)
    click.echo(f"Restored {input_path} into {email}: {count} records.")
