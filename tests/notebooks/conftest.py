"""A live `fintrack serve` with a small ledger, and a way to run a notebook against it as a script."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from analytics.client import FinanceClient
from tests.analytics.conftest import finance, ledger  # noqa: F401 (fixtures the dashboard tests share)
from tests.e2e.conftest import RunningServer, serving

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
EMAIL = "notebooks@example.com"
PASSWORD = "correct horse battery"
REGISTER = "mutation($e: String!, $p: String!) { register(email: $e, password: $p) { accessToken } }"
CREATE_ACCOUNT = "mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }"


@dataclass(frozen=True)
class LiveLedger:
    """A running server and the signed-in user whose records the notebooks read."""

    server: RunningServer
    client: FinanceClient

    def run_notebook(self, name: str, **environment: str) -> subprocess.CompletedProcess[str]:
        """Run notebooks/<name> headless (`python notebooks/<name>`) signed in as the ledger's user."""
        variables = {
            **os.environ, "FINTRACK_API_URL": self.server.url, "FINTRACK_EMAIL": EMAIL,
            "FINTRACK_PASSWORD": PASSWORD, **environment,
        }
        return subprocess.run(  # this interpreter running a notebook of the repository
            [sys.executable, str(NOTEBOOKS / name)], capture_output=True, text=True, timeout=180,
            env=variables, cwd=NOTEBOOKS.parent,
        )


def add_months_of_records(client: FinanceClient, checking: int, dollars: int, today: date) -> None:
    """Four months of salary, rent and a streaming subscription, and a few dollar expenses."""
    for months_ago in range(4):
        day = today - timedelta(days=30 * months_ago)
        client.create_record(account_id=checking, kind="income", amount=Decimal("3000.00"), date=day,
                             payee="Employer")
        client.create_record(account_id=checking, kind="expense", amount=Decimal("1200.00"), date=day,
                             payee="Landlord")
        client.create_record(account_id=checking, kind="expense", amount=Decimal("13.99"), date=day,
                             payee="Netflix")
        client.create_record(account_id=dollars, kind="expense", amount=Decimal("8.50"), date=day,
                             payee="Diner")


@pytest.fixture(scope="module")
def live_ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveLedger]:
    """`fintrack serve` on a free port with a user, a EUR and a USD account and four months of records."""
    with serving(tmp_path_factory.mktemp("notebooks")) as server, FinanceClient(server.url) as client:
        client.execute(REGISTER, {"e": EMAIL, "p": PASSWORD})
        client.login(EMAIL, PASSWORD)
        checking, dollars = (
            int(client.execute(CREATE_ACCOUNT, {"input": account})["createAccount"]["id"])
            for account in ({"name": "Checking", "type": "CHECKING", "currency": "EUR"},
                            {"name": "Dollars", "type": "CHECKING", "currency": "USD"})
        )
        add_months_of_records(client, checking, dollars, date.today())
        yield LiveLedger(server=server, client=client)
