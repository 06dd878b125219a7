"""Fixtures for the analytics client: the real app in-process, a signed-in FinanceClient, a small ledger."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from starlette.testclient import TestClient

from analytics.client import FinanceClient
from tests.accounts.operations import create_account
from tests.conftest import GraphQL

BASE_URL = "http://testserver"
PASSWORD = "correct horse battery"


@pytest.fixture
def finance(client: TestClient, alice: GraphQL) -> Iterator[FinanceClient]:
    """A FinanceClient over the in-process app, signed in as alice (in a session of its own)."""
    with FinanceClient(BASE_URL, http_client=client) as finance_client:
        finance_client.login("alice@example.com", PASSWORD)
        yield finance_client


@dataclass(frozen=True)
class Ledger:
    """The ids of a small hand-made ledger (see the `ledger` fixture)."""

    checking: int
    dollars: int
    category_ids: dict[str, int]


@pytest.fixture
def ledger(finance: FinanceClient, alice: GraphQL) -> Ledger:
    """Checking (EUR, opening 1000.00) and Dollars (USD) with six records in January and February 2024.

    Jan 05 income 2500.00 Salary (Employer) · Jan 10 expense 800.00 Rent, under Housing (Landlord) ·
    Jan 12 expense 45.30 Groceries, under Food (Grocer) · Feb 03 expense 54.70 Food (Grocer) ·
    Feb 15 transfer 100.00 EUR → 108.50 USD · Feb 20 expense 8.50 USD uncategorized (Diner).
    """
    checking = int(create_account(alice, "Checking", openingBalance="1000.00")["id"])
    dollars = int(create_account(alice, "Dollars", currency="USD")["id"])
    categories = finance.categories()
    category_ids = dict(zip(categories["category"], categories["category_id"]))
    for day, kind, amount, category, payee in (
        (date(2024, 1, 5), "income", "2500.00", "Salary", "Employer"),
        (date(2024, 1, 10), "expense", "800.00", "Rent", "Landlord"),
        (date(2024, 1, 12), "expense", "45.30", "Groceries", "Grocer"),
        (date(2024, 2, 3), "expense", "54.70", "Food", "Grocer"),
    ):
        finance.create_record(
            account_id=checking, kind=kind, amount=Decimal(amount), date=day,
            category_id=category_ids[category], payee=payee,
        )
    finance.create_record(
        account_id=checking, kind="transfer", amount=Decimal("100.00"), date=date(2024, 2, 15),
        counterpart_account_id=dollars, counterpart_amount=Decimal("108.50"),
    )
    finance.create_record(
        account_id=dollars, kind="expense", amount=Decimal("8.50"), date=date(2024, 2, 20), payee="Diner"
    )
    return Ledger(checking=checking, dollars=dollars, category_ids=category_ids)
