"""Alice's books for the export tests, entered through the API: every kind of record a file must carry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.accounts.operations import create_account
from tests.conftest import GraphQL
from tests.summaries.books import account, add, category, expense, income, subcategory, transfer

RECORD_COUNT = 9


@dataclass(frozen=True)
class Books:
    """Ids of what the scenario created."""

    checking: str
    savings: str
    wallet: str
    card: str
    groceries: str
    organic: str
    salary: str


def download(user: GraphQL, path: str, **params: Any) -> httpx.Response:
    """GET an export route as the user (query parameters as given; lists repeat)."""
    headers = {"Authorization": f"Bearer {user.token}"} if user.token else {}
    return user.client.get(path, params=params, headers=headers)


@pytest.fixture
def books(alice: GraphQL) -> Books:
    """Four accounts in three currencies; income, expenses, a refund, transfers in and across currencies."""
    books = Books(
        checking=account(alice, "Checking", "EUR", opening="1000.00"),
        savings=account(alice, "Savings", "EUR", opening="0.10"),
        wallet=account(alice, "Wallet", "JPY", opening="5000"),
        card=create_account(alice, "Card", type="CREDIT_CARD", currency="USD", openingBalance="-20.00")["id"],
        groceries=category(alice, "Food", "Groceries"),
        organic=subcategory(alice, "Organic", category(alice, "Food", "Groceries")),
        salary=category(alice, "Salary"),
    )
    add(
        alice,
        income(books.checking, "3000.00", "2024-01-05", books.salary, payee="ACME", tags=["work"]),
        expense(books.checking, "50.25", "2024-01-10", books.groceries, payee="=HYPERLINK(\"http://x\")",
                description="-2+3", notes="@SUM(A1)", tags=["=cmd", "food"]),
        expense(books.checking, "20.00", "2024-01-15", books.organic, payee="Market; fresh | organic",
                description="line one\nline two"),
        expense(books.checking, "-5.00", "2024-01-20", books.organic, payee="Market", description="refund"),
        expense(books.wallet, "1500", "2024-01-07", None, payee="(Ramen) shop"),
        expense(books.card, "12.34", "2024-02-02", books.groceries, payee="+Deli"),
        transfer(books.checking, books.savings, "500.00", "2024-02-10"),
        transfer(books.checking, books.wallet, "100.00", "2024-02-11", arrived="16000"),
        transfer(books.checking, books.card, "12.34", "2024-03-01", arrived="13.50"),
    )
    return books
