"""totalCount: from roll-ups where the filter allows, always equal to counting the records listed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from api.records.counting import MonthSplit, split_into_months
from tests.accounts.operations import create_account
from tests.conftest import GraphQL
from tests.records.operations import CREATE_RECORDS, RECORD_IDS, category_id, listed_ids

COUNT = "query($filter: RecordFilter) { records(filter: $filter, first: 1) { totalCount } }"


@pytest.fixture
def ids(alice: GraphQL) -> dict[str, str]:
    """Three accounts with income, expenses and transfers every way round, over five months."""
    ids = {
        "main": create_account(alice, "Main")["id"],
        "savings": create_account(alice, "Savings")["id"],
        "yen": create_account(alice, "Yen", currency="JPY")["id"],
        "food": category_id(alice, "Food"),
        "groceries": category_id(alice, "Food / Groceries"),
        "salary": category_id(alice, "Salary"),
    }
    days = ["2025-11-01", "2025-11-30", "2025-12-15", "2025-12-31", "2026-01-01", "2026-01-10",
            "2026-01-31", "2026-02-01", "2026-02-14", "2026-02-28", "2026-03-01", "2026-03-20"]
    transfers = [("main", "savings"), ("savings", "main"), ("yen", "main"), ("main", "yen")]
    inputs: list[dict[str, Any]] = []
    for index, day in enumerate(days):
        account = ("main", "savings", "yen")[index % 3]
        inputs += [
            {"accountId": ids[account], "kind": "EXPENSE", "amount": "40", "date": day, "payee": "Shop",
             "categoryId": ids["groceries"], "tags": ["food"]},
            {"accountId": ids[account], "kind": "EXPENSE", "amount": "4000", "date": day, "payee": "Rent"},
            {"accountId": ids["main"], "kind": "INCOME", "amount": "900", "date": day, "payee": "ACME",
             "categoryId": ids["salary"]},
            {"accountId": ids["savings"], "kind": "INCOME", "amount": "3", "date": day, "payee": "Interest"},
        ]
        source, target = transfers[index % len(transfers)]
        inputs.append({"accountId": ids[source], "kind": "TRANSFER", "amount": "250", "date": day,
                       "payee": "Move", "counterpartAccountId": ids[target], "counterpartAmount": "250"})
    alice.ok(CREATE_RECORDS, {"inputs": inputs})
    return ids


DATE_RANGES: list[dict[str, str]] = [
    {},
    {"dateFrom": "2025-12-01", "dateTo": "2026-02-28"},  # whole months
    {"dateFrom": "2025-11-30", "dateTo": "2026-03-01"},  # a day either side of whole months
    {"dateFrom": "2026-01-10", "dateTo": "2026-02-14"},  # partial months, none whole
    {"dateFrom": "2026-02-02", "dateTo": "2026-02-27"},  # inside one month
    {"dateFrom": "2026-01-01"},
    {"dateTo": "2026-01-30"},
]


def filters(ids: dict[str, str]) -> list[dict[str, Any]]:
    """Every kind of filter, each over every date range."""
    parts: list[dict[str, Any]] = [
        {},
        {"accountIds": [ids["main"]]},
        {"accountIds": [ids["main"], ids["savings"]]},
        {"accountIds": [ids["main"], ids["savings"], ids["yen"]]},
        {"accountIds": [ids["savings"]], "kinds": ["TRANSFER"]},
        {"accountIds": [ids["main"], ids["yen"]], "kinds": ["TRANSFER", "INCOME"]},
        {"kinds": ["EXPENSE"]},
        {"kinds": ["TRANSFER"]},
        {"categoryIds": [ids["food"]]},
        {"categoryIds": [ids["food"]], "uncategorized": True},
        {"categoryIds": [ids["salary"]], "accountIds": [ids["main"]]},
        {"uncategorized": True},
        {"uncategorized": False},
        {"uncategorized": False, "accountIds": [ids["savings"]]},
        {"uncategorized": False, "accountIds": [ids["savings"], ids["yen"]],
         "kinds": ["TRANSFER", "EXPENSE"]},
        {"search": "rent"},
        {"tags": ["food"]},
        {"minAmount": "100"},
        {"maxAmount": "300", "accountIds": [ids["main"], ids["savings"]]},
    ]
    return [{**dates, **part} for part in parts for dates in DATE_RANGES]


def test_total_count_equals_the_records_listed_for_every_filter(alice, ids):
    wrong = {}
    for record_filter in filters(ids):
        expected = len(listed_ids(alice, record_filter))
        total = alice.ok(COUNT, {"filter": record_filter})["records"]["totalCount"]
        if total != expected:
            wrong[str(record_filter)] = (total, expected)
    assert wrong == {}


def test_total_count_leaves_out_other_users_records(alice, bob, ids):
    account = create_account(bob)
    bob.ok(CREATE_RECORDS, {"inputs": [{"accountId": account["id"], "kind": "EXPENSE", "amount": "1",
                                        "date": "2026-01-15"}]})
    everything = alice.ok(RECORD_IDS, {})["records"]["nodes"]
    assert alice.ok(COUNT, {})["records"]["totalCount"] == len(everything) == 60
    assert bob.ok(COUNT, {})["records"]["totalCount"] == 1


@pytest.mark.parametrize(
    ("date_from", "date_to", "split"),
    [
        (None, None, MonthSplit(None, None, ())),
        (date(2026, 1, 1), date(2026, 2, 28), MonthSplit(date(2026, 1, 1), date(2026, 3, 1), ())),
        (date(2025, 12, 31), date(2026, 3, 1), MonthSplit(
            date(2026, 1, 1), date(2026, 3, 1),
            ((date(2025, 12, 31), date(2025, 12, 31)), (date(2026, 3, 1), date(2026, 3, 1))),
        )),
        (date(2026, 1, 2), None,
         MonthSplit(date(2026, 2, 1), None, ((date(2026, 1, 2), date(2026, 1, 31)),))),
        (None, date(2026, 1, 30),
         MonthSplit(None, date(2026, 1, 1), ((date(2026, 1, 1), date(2026, 1, 30)),))),
        (date(2026, 1, 2), date(2026, 2, 27), None),
        (date(2026, 2, 1), date(2026, 2, 27), None),
    ],
)
def test_a_range_splits_into_whole_months_and_edge_days(date_from, date_to, split):
    assert split_into_months(date_from, date_to) == split
