"""byPayee reads payee roll-ups for whole months and records for the edge days: at every edge and
under every filter, its answer equals the payees summed here from the raw records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tests.summaries.books import account, add, category, expense, income, summary, transfer

# (kind, account name, amount, day, category path, payee)
RECORDS = [
    ("EXPENSE", "Checking", "1.01", "2023-12-31", ("Food", "Groceries"), "Market"),
    ("EXPENSE", "Checking", "2.02", "2024-01-01", ("Food", "Groceries"), "Market"),
    ("EXPENSE", "Card", "3.03", "2024-01-01", ("Food", "Groceries"), "Market"),
    ("INCOME", "Checking", "1000.00", "2024-01-15", ("Salary",), "ACME"),
    ("EXPENSE", "Checking", "-0.50", "2024-01-20", ("Food",), "Market"),
    ("EXPENSE", "Checking", "4.04", "2024-01-31", None, "Kiosk"),
    ("EXPENSE", "Card", "8.08", "2024-02-01", ("Food", "Restaurants"), "Diner"),
    ("EXPENSE", "Checking", "16.16", "2024-02-14", None, ""),
    ("EXPENSE", "Checking", "32.32", "2024-03-01", ("Housing", "Rent"), "Landlord"),
    ("INCOME", "Card", "64.64", "2024-03-31", None, "ACME"),
    ("EXPENSE", "Checking", "6.06", "2024-03-31", ("Food", "Groceries"), "Kiosk"),
    ("EXPENSE", "Checking", "128.28", "2024-04-01", ("Housing",), "Landlord"),
]
CURRENCIES = {"Checking": "EUR", "Card": "USD"}
RANGES = [
    ("2024-01-01", "2024-03-31"), ("2024-01-15", "2024-03-10"), ("2024-01-31", "2024-02-01"),
    ("2023-12-31", "2024-04-01"), ("2024-02-15", "2024-02-15"), ("2023-12-01", "2024-04-30"),
]
SELECTION = "byPayee(kind: %s, limit: 100) { payee currency amount recordCount }"
Matches = Callable[[tuple[Any, ...]], bool]


@pytest.fixture
def ledger(alice) -> dict[str, str]:
    ids = {name: account(alice, name, currency) for name, currency in CURRENCIES.items()}
    inputs = []
    for kind, name, amount, day, path, payee in RECORDS:
        make = income if kind == "INCOME" else expense
        inputs.append(make(ids[name], amount, day, category(alice, *path) if path else None, payee=payee))
    inputs.append({**transfer(ids["Checking"], ids["Card"], "5.00", "2024-02-10", arrived="5.50"),
                   "payee": "Bank"})
    add(alice, *inputs)
    return ids


def expected(kind: str, first: str, last: str, matches: Matches = lambda record: True) -> list[tuple]:
    """Payees of `kind` summed from RECORDS, biggest first per currency, ties by name."""
    sums: dict[tuple[str, str], list] = defaultdict(lambda: [Decimal(0), 0])
    for record in RECORDS:
        record_kind, name, amount, day, _, payee = record
        if record_kind == kind and payee and first <= day <= last and matches(record):
            sums[CURRENCIES[name], payee][0] += Decimal(amount)
            sums[CURRENCIES[name], payee][1] += 1
    return sorted(((currency, payee, amount, count) for (currency, payee), (amount, count) in sums.items()),
                  key=lambda row: (row[0], -row[2], row[1]))


def by_payee(alice, kind: str, first: str, last: str, record_filter: dict | None = None) -> list[tuple]:
    rows = summary(alice, SELECTION % kind, first, last, record_filter=record_filter)["byPayee"]
    return [(row["currency"], row["payee"], Decimal(row["amount"]), row["recordCount"]) for row in rows]


@pytest.mark.parametrize("kind", ["EXPENSE", "INCOME"])
@pytest.mark.parametrize(("first", "last"), RANGES)
def test_payees_equal_the_raw_records_at_month_edges(alice, ledger, kind, first, last):
    assert by_payee(alice, kind, first, last) == expected(kind, first, last)


def test_filters_roll_ups_answer_equal_the_raw_records(alice, ledger):
    food, housing = category(alice, "Food"), category(alice, "Housing")
    cases: list[tuple[dict, Matches]] = [
        ({"accountIds": [ledger["Card"]]}, lambda record: record[1] == "Card"),
        ({"categoryIds": [food]}, lambda record: record[4] is not None and record[4][0] == "Food"),
        ({"uncategorized": True}, lambda record: record[4] is None),
        ({"uncategorized": False}, lambda record: record[4] is not None),
        ({"categoryIds": [housing], "uncategorized": True},
         lambda record: record[4] is None or record[4][0] == "Housing"),
        ({"kinds": ["INCOME"]}, lambda record: record[0] == "INCOME"),
        ({"dateFrom": "2024-01-20", "dateTo": "2024-03-31"},
         lambda record: "2024-01-20" <= record[3] <= "2024-03-31"),
    ]
    for record_filter, matches in cases:
        for kind in ("EXPENSE", "INCOME"):
            answer = by_payee(alice, kind, "2023-12-15", "2024-04-30", record_filter)
            assert answer == expected(kind, "2023-12-15", "2024-04-30", matches), record_filter
            # An amount bound roll-ups cannot answer sends everything to the records: the same payees.
            with_amounts = {**record_filter, "minAmount": "-1"}
            from_records = by_payee(alice, kind, "2023-12-15", "2024-04-30", with_amounts)
            assert from_records == answer, record_filter


def test_transfers_by_payee_come_from_the_records(alice, ledger):
    assert by_payee(alice, "TRANSFER", "2024-01-01", "2024-12-31") == [("EUR", "Bank", Decimal("5.00"), 1)]
