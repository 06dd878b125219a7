"""Backup and restore: one JSON file of a user's data, restored into an empty user with the same figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import test_cli
from tests.accounts.operations import UPDATE_ACCOUNT
from tests.conftest import GraphQL
from tests.exports.conftest import RECORD_COUNT, Books, download
from tests.exports.test_records_export import csv_rows
from tests.summaries.books import summary

fintrack = test_cli.fintrack

CATEGORY_TOTALS = "name kind currency amount share recordCount"
EVERY_PART = f"""
totals {{ currency income expense net savingsRate transferCount recordCount }}
byPeriod {{ periodStart currency income expense net }}
byCategory {{ {CATEGORY_TOTALS} children {{ {CATEGORY_TOTALS} children {{ {CATEGORY_TOTALS} }} }} }}
byAccount {{ account {{ name }} currency income expense transfersIn transfersOut net }}
balances {{ account {{ name }} currency points {{ date balance }} }}
expensePayees: byPayee(limit: 50) {{ payee currency amount recordCount }}
incomePayees: byPayee(limit: 50, kind: INCOME) {{ payee currency amount recordCount }}
incomeStatement {{
  currency periods totalIncome totalExpense net
  income {{ name kind amounts total recordCount children {{ name amounts total }} }}
  expense {{
    name kind amounts total recordCount children {{ name amounts total children {{ name total }} }}
  }}
}}
"""
ACCOUNTS = "{ accounts(includeArchived: true) { name type currency openingBalance balance archived } }"
CATEGORIES = "{ categories { fullName kind color } }"


def everything(user: GraphQL) -> dict[str, object]:
    """Every figure the API gives over the whole range, plus accounts, categories and records minus ids."""
    records = [{key: value for key, value in row.items() if key != "id"}
               for row in csv_rows(download(user, "/export/records.csv").text)]
    return {
        "summary": summary(user, EVERY_PART, "2023-01-01", "2024-12-31"),
        "accounts": user.ok(ACCOUNTS)["accounts"],
        "categories": user.ok(CATEGORIES)["categories"],
        "records": records,
    }


def backup_file(user: GraphQL, tmp_path: Path) -> Path:
    response = download(user, "/export/backup.json")
    assert response.status_code == 200
    assert 'filename="fintrack-backup.json"' in response.headers["content-disposition"]
    path = tmp_path / "backup.json"
    path.write_bytes(response.content)
    return path


def test_restore_into_a_new_user_gives_identical_figures(alice: GraphQL, make_user, books: Books, fintrack,
                                                         tmp_path: Path):
    alice.ok(UPDATE_ACCOUNT, {"id": books.savings, "input": {"archived": True}})
    path = backup_file(alice, tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("fintrack-backup", 1)
    assert len(document["records"]) == RECORD_COUNT
    refund = next(item for item in document["records"] if item["description"] == "refund")
    assert refund["amount"] == "-5.00"
    carol = make_user("carol@example.com")
    result = fintrack("restore", "--email", "carol@example.com", "--input", str(path))
    assert (result.exit_code, result.output) == (
        0, f"Restored {path} into carol@example.com: {RECORD_COUNT} records.\n")
    assert everything(carol) == everything(alice)
    assert fintrack("ledger", "check").exit_code == 0  # the roll-ups were written with the records


def test_cli_backup_writes_the_same_file_as_the_download(alice: GraphQL, books: Books, fintrack,
                                                         tmp_path: Path):
    output = tmp_path / "cli.json"
    assert fintrack("backup", "--email", "alice@example.com", "--output", str(output)).exit_code == 0
    downloaded = json.loads(backup_file(alice, tmp_path).read_text(encoding="utf-8"))
    written = json.loads(output.read_text(encoding="utf-8"))
    assert {**written, "exported_at": None} == {**downloaded, "exported_at": None}


def test_restore_refuses_a_user_with_data(alice: GraphQL, books: Books, fintrack, tmp_path: Path):
    path = backup_file(alice, tmp_path)
    result = fintrack("restore", "--email", "alice@example.com", "--input", str(path))
    assert result.exit_code == 1
    assert "user: restore needs a user without accounts, records, rules or presets" in result.output
    assert len(csv_rows(download(alice, "/export/records.csv").text)) == RECORD_COUNT


@pytest.mark.parametrize("change, message", [
    (lambda document: document.update(format="other"), "format: not a fintrack-backup file"),
    (lambda document: document.update(version=2), "version: version 2 is not supported"),
    (lambda document: document["records"][3].update(account_id=999),
     "records[3].account_id: names no account"),
    (lambda document: document["records"][0].update(amount="1e3"), "records[0].amount"),
    (lambda document: document["records"][0].update(amount="1_000"), "records[0].amount"),
    (lambda document: document["records"][1].update(amount="1.0000000000000000000000000001"),
     "records[1].amount: JPY amounts have at most 0 decimal places"),
])
def test_a_bad_file_restores_nothing(alice: GraphQL, make_user, books: Books, fintrack, tmp_path: Path,
                                     change, message: str):
    path = backup_file(alice, tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    dave = make_user("dave@example.com")
    result = fintrack("restore", "--email", "dave@example.com", "--input", str(path))
    assert result.exit_code == 1
    assert message in result.output
    assert dave.ok(ACCOUNTS)["accounts"] == []


def test_restore_names_an_unknown_user(fintrack, tmp_path: Path, client):
    path = tmp_path / "backup.json"
    path.write_text("{}", encoding="utf-8")
    result = fintrack("restore", "--email", "nobody@example.com", "--input", str(path))
    assert result.exit_code == 1
    assert "User nobody@example.com was not found" in result.output
