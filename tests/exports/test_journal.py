"""The ledger journal, read by Debian's hledger: its monthly income and expenses and its balances
equal the API's, to the cent, on the demo history plus records that need escaping."""

from __future__ import annotations

import csv
import io
import re
import subprocess  # nosec B404: runs hledger, a fixed executable, on a file the test wrote
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

from api.exports.journal import clean_name, transaction_header
from tests import test_cli
from tests.conftest import GraphQL, require_executable
from tests.exports.conftest import download
from tests.summaries.books import add, expense, summary

fintrack = test_cli.fintrack

LOGIN = """
mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }
"""
ACCOUNTS = "{ accounts(includeArchived: true) { id name type currency balance } }"
LIABILITIES = ("CREDIT_CARD", "LOAN")


def hledger_csv(journal: Path, *arguments: str) -> list[dict[str, str]]:
    """hledger's tidy CSV report (one row per account, period and commodity)."""
    command = [require_executable("hledger"), "-f", str(journal), *arguments, "-O", "csv", "--layout=tidy"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # nosec B603
    return list(csv.DictReader(io.StringIO(output)))


def journal_file(user: GraphQL, tmp_path: Path, **params: str) -> Path:
    response = download(user, "/export/ledger.journal", **params)
    assert response.status_code == 200
    path = tmp_path / "books.journal"
    path.write_text(response.text, encoding="utf-8")
    return path


def demo_user(fintrack, anonymous: GraphQL) -> GraphQL:
    output = fintrack("demo").output
    password = re.search(r"password: (\S+)", output).group(1)
    token = anonymous.ok(LOGIN, {"email": "demo@example.com", "password": password})["login"]["accessToken"]
    return GraphQL(anonymous.client, token=token)


def test_hledger_agrees_with_the_summary_and_the_balances(fintrack, anonymous: GraphQL, tmp_path: Path):
    require_executable("hledger")
    demo = demo_user(fintrack, anonymous)
    card = next(account for account in demo.ok(ACCOUNTS)["accounts"] if account["type"] == "CREDIT_CARD")
    add(demo,  # a refund, and texts hledger would read differently if they were not cleaned
        expense(card["id"], "-19.99", "2025-03-03", payee="(Shop; refund) | back", description="a\nb"),
        expense(card["id"], "7.00", "2025-03-04", payee="Cafe: corner ;; bar", description="; no comment"))
    accounts = demo.ok(ACCOUNTS)["accounts"]
    journal = journal_file(demo, tmp_path)
    records = summary(demo, "byPeriod { periodStart currency income expense }", "2024-01-01",
                      date.today().isoformat())
    expected = {(row["periodStart"][:7], row["currency"]): (Decimal(row["income"]), Decimal(row["expense"]))
                for row in records["byPeriod"]}
    found: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for row in hledger_csv(journal, "balance", "-M", "--depth", "1", "income", "expenses"):
        side = 0 if row["account"] == "income" else 1
        found[(row["period"], row["commodity"])][side] += Decimal(row["value"]) * (-1 if side == 0 else 1)
    assert {key: tuple(value) for key, value in found.items() if any(value)} == expected
    assert len(expected) > 40

    balances = {(row["account"], row["commodity"]): Decimal(row["value"])
                for row in hledger_csv(journal, "balance", "--flat", "assets", "liabilities")}
    for account in accounts:
        side = "liabilities" if account["type"] in LIABILITIES else "assets"
        key = (f"{side}:{account['name']}", account["currency"])
        assert balances.pop(key, Decimal(0)) == Decimal(account["balance"]), key
    assert balances == {}


def test_a_range_opens_with_the_balances_before_it(alice: GraphQL, books, tmp_path: Path):
    require_executable("hledger")
    journal = journal_file(alice, tmp_path, dateFrom="2024-02-01", dateTo="2024-12-31")
    text = journal.read_text(encoding="utf-8")
    assert "2024-02-01 * Opening balances\n    assets:Checking  3934.75 EUR\n" in text
    assert "ACME" not in text
    balances = {(row["account"], row["commodity"]): row["value"]
                for row in hledger_csv(journal, "balance", "--flat", "assets", "liabilities")}
    assert balances == {
        ("assets:Checking", "EUR"): "3322.41", ("assets:Savings", "EUR"): "500.10",
        ("assets:Wallet", "JPY"): "19500", ("liabilities:Card", "USD"): "-18.84",
    }


def test_names_and_texts_cannot_break_the_format():
    assert clean_name(" Food:\tFresh;\nbar ") == "Food- Fresh, bar"
    assert clean_name(" \n") == "unnamed"
    header = transaction_header(date(2024, 1, 2), "(A|B); c", "x\ny", 7)
    assert header == "2024-01-02 * [A/B), c | x y  ; id:7\n"
    assert transaction_header(date(2024, 1, 2), "", "", 8) == "2024-01-02 *  ; id:8\n"
