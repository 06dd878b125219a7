"""Alice's books for the summary tests: four accounts in three currencies and a quarter of records.

The expected numbers in the tests are worked out by hand from this list.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.conftest import GraphQL
from tests.summaries.books import account, add, category, expense, income, subcategory, transfer


@dataclass(frozen=True)
class Books:
    """Ids of what the scenario created."""

    checking: str
    savings: str
    wallet: str
    card: str
    archived: str
    food: str
    groceries: str
    organic: str
    restaurants: str
    housing: str
    rent: str
    salary: str


@pytest.fixture
def books(alice: GraphQL) -> Books:
    """Alice's records, January to March 2024 plus one before and one after."""
    books = Books(
        checking=account(alice, "Checking", "EUR", opening="1000.00"),
        savings=account(alice, "Savings", "EUR"),
        wallet=account(alice, "Wallet", "JPY", opening="5000"),
        card=account(alice, "Card", "USD"),
        archived=account(alice, "Old", "EUR", opening="5.00", archived=True),
        food=category(alice, "Food"),
        groceries=category(alice, "Food", "Groceries"),
        organic=subcategory(alice, "Organic", category(alice, "Food", "Groceries")),
        restaurants=category(alice, "Food", "Restaurants"),
        housing=category(alice, "Housing"),
        rent=category(alice, "Housing", "Rent"),
        salary=category(alice, "Salary"),
    )
    add(
        alice,
        expense(books.checking, "10.00", "2023-12-31", books.groceries, payee="Market"),
        income(books.checking, "3000.00", "2024-01-05", books.salary, payee="ACME"),
        expense(books.checking, "50.25", "2024-01-10", books.groceries, payee="Market"),
        expense(books.checking, "20.00", "2024-01-15", books.organic, payee="Market"),
        expense(books.checking, "30.00", "2024-01-20", books.food, payee="Bakery"),
        expense(books.wallet, "1500", "2024-01-07", books.restaurants, payee="Ramen"),
        expense(books.checking, "900.00", "2024-02-01", books.rent, payee="Landlord"),
        transfer(books.checking, books.savings, "500.00", "2024-02-10"),
        expense(books.checking, "12.50", "2024-02-12", payee="Kiosk"),
        transfer(books.checking, books.card, "100.00", "2024-02-20", arrived="110.00"),
        income(books.wallet, "2000", "2024-03-03", payee="Gift"),
        expense(books.card, "40.00", "2024-03-05", books.restaurants, payee="Diner"),
        income(books.checking, "100.00", "2025-01-01", books.salary, payee="ACME"),
    )
    return books
