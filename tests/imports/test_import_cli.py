"""`fintrack import FILE --email --account`: imports with a progress bar, a summary, and an exit code."""

from __future__ import annotations

import pytest

from tests import test_cli
from tests.accounts.operations import create_account
from tests.imports.test_import_graphql import BAD_ROW, STATEMENT, records

fintrack = test_cli.fintrack
SAVE_PRESET = """mutation($accountId: ID!, $mapping: CsvMappingInput!) {
  savePreset(accountId: $accountId, name: "Bank", mapping: $mapping) { id }
}"""


@pytest.fixture
def statement(tmp_path):
    path = tmp_path / "march.csv"
    path.write_bytes(STATEMENT)
    return path


def test_import_writes_the_rows_and_prints_the_counts(fintrack, alice, statement):
    create_account(alice, "Checking")
    result = fintrack("import", str(statement), "--email", "alice@example.com", "--account", "checking")
    assert result.exit_code == 0, result.output
    assert "march.csv (csv): kept as import" in result.output
    assert "new                4" in result.output and "total              4" in result.output
    assert len(records(alice)) == 4
    again = fintrack("import", str(statement), "--email", "alice@example.com", "--account", "Checking")
    assert "duplicate          4" in again.output and len(records(alice)) == 4


def test_dry_run_writes_nothing(fintrack, alice, statement):
    create_account(alice, "Checking")
    result = fintrack("import", str(statement), "--email", "alice@example.com", "--account", "Checking",
                      "--dry-run")
    assert result.exit_code == 0 and "preview only" in result.output and records(alice) == []


def test_refused_rows_exit_1_and_write_nothing_unless_skipped(fintrack, alice, tmp_path):
    create_account(alice, "Checking")
    path = tmp_path / "bad.csv"
    path.write_bytes(STATEMENT + BAD_ROW)
    result = fintrack("import", str(path), "--email", "alice@example.com", "--account", "Checking")
    assert result.exit_code == 1 and "line 6, Amount:" in result.output and records(alice) == []
    skipped = fintrack("import", str(path), "--email", "alice@example.com", "--account", "Checking",
                       "--skip-invalid")
    assert skipped.exit_code == 0 and len(records(alice)) == 4


def test_a_preset_reads_the_file_and_unknown_names_are_errors(fintrack, alice, tmp_path):
    checking = create_account(alice, "Checking")
    alice.ok(SAVE_PRESET, {"accountId": checking["id"], "mapping": {
        "delimiter": ";", "dateColumn": "Tag", "dateFormat": "%d.%m.%Y", "amountColumn": "Betrag",
        "decimalSeparator": ","}})
    path = tmp_path / "bank.csv"
    path.write_bytes(b"Tag;Betrag\n01.03.2026;-1,50\n")
    result = fintrack("import", str(path), "--email", "alice@example.com", "--account", "Checking",
                      "--preset", "Bank")
    assert result.exit_code == 0 and len(records(alice)) == 1
    missing = fintrack("import", str(path), "--email", "alice@example.com", "--account", "Savings")
    assert missing.exit_code == 1 and "Account 'Savings' was not found" in missing.output


def test_what_detection_assumed_is_printed_with_the_counts(fintrack, alice, tmp_path):
    create_account(alice, "Checking")
    path = tmp_path / "wells-fargo.csv"
    path.write_bytes(b'"01/29/2024","-23.45","*","","AMAZON"\n"01/26/2024","2500.00","*","","PAYROLL"\n')
    result = fintrack("import", str(path), "--email", "alice@example.com", "--account", "Checking",
                      "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Notes:\n  The file has no header line: its columns are numbered, Column 1 read as the date" in (
        result.output)
    assert "new                2" in result.output
