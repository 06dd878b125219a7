"""`fintrack ledger check` finds roll-ups that differ from the records; `ledger rebuild` repairs them."""

from __future__ import annotations

from sqlalchemy import text

from api.database import create_sync_engine
from tests import test_cli
from tests.accounts.operations import create_account
from tests.records.operations import create_record

fintrack = test_cli.fintrack


def corrupt_rollups(url: str, statement: str) -> None:
    engine = create_sync_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def test_check_passes_while_the_writer_keeps_the_rollups(fintrack, alice):
    checking = create_account(alice, "Checking")
    create_record(alice, checking, kind="TRANSFER", counterpartAccountId=create_account(alice, "Cash")["id"])
    result = fintrack("ledger", "check")
    assert (result.exit_code, result.output) == (0, "Every roll-up equals the records.\n")


def test_check_lists_differences_and_rebuild_repairs_them(fintrack, alice, settings):
    checking = create_account(alice, "Checking")
    create_record(alice, checking, amount="12.50", date="2026-01-15")
    create_record(alice, checking, kind="INCOME", amount="3.00", date="2026-02-01")
    corrupt_rollups(settings.resolved_database_url,
                    "UPDATE monthly_rollups SET amount_minor = amount_minor + 1 WHERE kind = 'expense'")
    corrupt_rollups(settings.resolved_database_url, "DELETE FROM monthly_rollups WHERE kind = 'income'")
    result = fintrack("ledger", "check")
    assert result.exit_code == 1
    assert "2026-01, expense, category 0, EUR: stored (amount, count) (1251, 1), records give (1250, 1)" in (
        result.output)
    assert "2026-02, income, category 0, EUR: stored (amount, count) (0, 0), records give (300, 1)" in (
        result.output)
    assert "2 roll-up rows differ from the records" in result.output
    rebuilt = fintrack("ledger", "rebuild")
    assert (rebuilt.exit_code, rebuilt.output) == (0, "Rebuilt the roll-ups from the records: 2 rows.\n")
    assert fintrack("ledger", "check").exit_code == 0


def test_check_and_rebuild_cover_the_payee_rollups(fintrack, alice, settings):
    checking = create_account(alice, "Checking")
    create_record(alice, checking, amount="12.50", date="2026-01-15", payee="Shop")
    corrupt_rollups(settings.resolved_database_url, "DELETE FROM monthly_payee_rollups")
    result = fintrack("ledger", "check")
    assert result.exit_code == 1
    assert "2026-01, expense, category 0, payee 'Shop', EUR: stored (amount, count) (0, 0), records give " \
        "(1250, 1)" in result.output
    rebuilt = fintrack("ledger", "rebuild")
    assert (rebuilt.exit_code, rebuilt.output) == (0, "Rebuilt the roll-ups from the records: 2 rows.\n")
    assert fintrack("ledger", "check").exit_code == 0
