"""`fintrack import FILE`: the same import as `importFile`, from the command line, with a progress bar."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import click
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.errors import NotFound
from api.exports.commands import EMAIL, run_for_user
from api.imports import presets, service
from api.imports.models import RowOutcome
from api.imports.reading import open_file
from api.imports.service import ImportOptions, ImportOutcome
from api.rules import load_rule_set

if TYPE_CHECKING:
    # What click.progressbar returns; click names the class only in its private module.
    from click._termui_impl import ProgressBar

LISTED_ROWS = 50


async def find_account(session: AsyncSession, user_id: int, name: str) -> Account:
    """The user's account of that name (ignoring case, as account names are unique)."""
    account = await session.scalar(
        select(Account).where(Account.user_id == user_id, func.lower(Account.name) == name.strip().lower())
    )
    if account is None:
        raise NotFound("Account", repr(name))
    return account


def summary_lines(outcome: ImportOutcome, dry_run: bool, notes: Sequence[str] = ()) -> list[str]:
    """What detection assumed (the file's notes), the summary table, then the refused rows listed (line,
    column, reason)."""
    counts = outcome.counts
    if dry_run:
        verdict = "preview only: nothing was written"
    elif outcome.kept:
        verdict = f"kept as import {outcome.import_id}"
    else:
        verdict = "nothing was written: fix the refused rows or use --skip-invalid"
    lines = [f"{outcome.file_name} ({outcome.format}): {verdict}"]
    if notes:
        lines += ["", "Notes:", *(f"  {note}" for note in notes)]
    lines += ["", f"{'Outcome':<10} {'Rows':>9}"]
    lines += [f"{name:<10} {value:>9,}" for name, value in [
        ("new", counts.new), ("duplicate", counts.duplicate), ("refused", counts.refused),
        ("skipped", counts.skipped), ("total", counts.total),
    ]]
    refused = [row for row in outcome.rows if row.outcome is RowOutcome.REFUSED]
    if refused:
        lines += ["", "Refused rows:"]
        lines += [f"  line {row.line}{f', {row.column}' if row.column else ''}: {row.reason}"
                  for row in refused]
        if outcome.rows_truncated:
            lines.append("  … and more (only the first are listed)")
    return lines


def _run(email: str, file: Path, account_name: str, preset_name: str | None, options: ImportOptions,
         stream: BinaryIO, bar: ProgressBar[int]) -> tuple[ImportOutcome, list[str]]:
    """The import's outcome, and the file's notes (what detection assumed, lines skipped)."""
    async def run(session: AsyncSession, user_id: int) -> tuple[ImportOutcome, list[str]]:
        account = await find_account(session, user_id, account_name)
        mapping = (await presets.preset_mapping(session, user_id, account.id, preset_name)
                   if preset_name is not None else None)
        opened = open_file(stream, file.name, mapping, account.currency)
        rules = await load_rule_set(session, user_id)
        outcome = await service.import_transactions(
            session, user_id, account.id, opened.source, rules, options,
            progress=lambda _: bar.update(stream.tell() - bar.pos),
        )
        if outcome.kept:
            await session.commit()
        else:
            await session.rollback()
        return outcome, opened.notes

    return run_for_user(email, run)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@EMAIL
@click.option("--account", "account_name", required=True, help="The account to import into (its name).")
@click.option("--preset", "preset_name", help="A CSV preset saved for the account (else detected).")
@click.option("--dry-run", is_flag=True, help="Only show what the import would do; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Write the good rows even when some are refused.")
def import_command(
    file: Path, email: str, account_name: str, preset_name: str | None, dry_run: bool, skip_invalid: bool
) -> None:
    """Import a bank file (CSV, .xlsx, .xls, OFX/QFX, QIF, camt.053, MT940) into an account; exits 1 when rows
    were refused and nothing was written (or, with --dry-run, would be)."""
    options = ImportOptions(skip_invalid=skip_invalid, dry_run=dry_run, listed_rows=LISTED_ROWS)
    progress = click.progressbar(length=file.stat().st_size, label="Importing", file=sys.stderr)
    with file.open("rb") as stream, progress as bar:
        outcome, notes = _run(email, file, account_name, preset_name, options, stream, bar)
    for line in summary_lines(outcome, dry_run, notes):
        click.echo(line)
    if outcome.counts.refused and not (outcome.kept and skip_invalid):
        raise SystemExit(1)
