"""The writer keeps the monthly roll-ups equal to their reference through every kind of write."""

from __future__ import annotations

import pytest

from api.ledger.models import MonthlyRollup, Record
from tests.accounts.operations import DELETE_ACCOUNT, create_account
from tests.categories.operations import DELETE_CATEGORY, create_category
from tests.records.operations import (
    CREATE_RECORDS,
    DELETE_RECORD,
    UPDATE_RECORD,
    category_id,
    create_record,
    record_input,
)


@pytest.fixture
def accounts(alice):
    """Alice's EUR checking and savings and a USD account."""
    return (
        create_account(alice, "Checking", openingBalance="100.00"),
        create_account(alice, "Savings"),
        create_account(alice, "Dollars", currency="USD", openingBalance="5.00"),
    )


def test_creates_and_batch_creates_fill_the_rollups(alice, ledger, accounts):
    checking, savings, dollars = accounts
    groceries = category_id(alice, "Food / Groceries")
    create_record(alice, checking, categoryId=groceries)
    alice.ok(CREATE_RECORDS, {"inputs": [
        record_input(checking, categoryId=groceries, amount="3.10", date="2026-01-31"),
        record_input(checking, kind="INCOME", amount="1000.00", date="2026-02-01"),
        record_input(checking, kind="TRANSFER", amount="50.00", counterpartAccountId=savings["id"]),
        record_input(checking, kind="TRANSFER", amount="20.00", counterpartAccountId=dollars["id"],
                     counterpartAmount="21.70", tags=["fx", "trip"]),
    ]})
    ledger.assert_consistent(alice)
    # January: expenses, transfers out (one row each), two arrivals; February: income.
    assert ledger.count_rows(MonthlyRollup) == 5


@pytest.mark.parametrize("change", [
    {"amount": "99.99"},
    {"date": "2025-12-31"},
    {"kind": "INCOME", "categoryId": None},
    {"categoryId": None},
    {"payee": "only text changes"},
])
def test_updates_move_the_rollups(alice, ledger, accounts, change):
    checking, _, _ = accounts
    record = create_record(alice, checking, categoryId=category_id(alice, "Food / Groceries"))
    alice.ok(UPDATE_RECORD, {"id": record["id"], "input": change})
    ledger.assert_consistent(alice)


def test_update_to_another_account_and_into_a_transfer(alice, ledger, accounts):
    checking, savings, dollars = accounts
    record = create_record(alice, checking)
    alice.ok(UPDATE_RECORD, {"id": record["id"], "input": {"accountId": savings["id"]}})
    ledger.assert_consistent(alice)
    alice.ok(UPDATE_RECORD, {"id": record["id"], "input": {
        "kind": "TRANSFER", "counterpartAccountId": dollars["id"], "counterpartAmount": "13.00"}})
    ledger.assert_consistent(alice)
    alice.ok(UPDATE_RECORD, {"id": record["id"],
                             "input": {"counterpartAmount": "14.00", "date": "2024-02-29"}})
    ledger.assert_consistent(alice)


def test_deleting_the_last_record_of_a_month_removes_its_rollups(alice, ledger, accounts):
    checking, savings, _ = accounts
    first = create_record(alice, checking)
    transfer = create_record(alice, checking, kind="TRANSFER", counterpartAccountId=savings["id"])
    alice.ok(DELETE_RECORD, {"id": first["id"]})
    alice.ok(DELETE_RECORD, {"id": transfer["id"]})
    ledger.assert_consistent(alice)
    assert ledger.count_rows(MonthlyRollup) == 0


def test_deleting_a_category_tree_moves_its_rollups_to_uncategorized(alice, ledger, accounts):
    checking, _, _ = accounts
    parent = create_category(alice, "Hobbies")
    child = create_category(alice, "Models", parentId=parent["id"])
    create_record(alice, checking, categoryId=parent["id"])
    create_record(alice, checking, categoryId=child["id"], amount="2.00")
    create_record(alice, checking, categoryId=category_id(alice, "Food / Groceries"))
    alice.ok(DELETE_CATEGORY, {"id": parent["id"]})
    ledger.assert_consistent(alice)
    assert ledger.count_rows(Record) == 3


def test_deleting_an_account_takes_transfers_into_it_from_other_accounts(alice, bob, ledger, accounts):
    checking, savings, dollars = accounts
    create_record(alice, savings)
    create_record(alice, checking, kind="TRANSFER", counterpartAccountId=savings["id"])
    create_record(alice, savings, kind="TRANSFER", counterpartAccountId=dollars["id"],
                  counterpartAmount="1.00")
    kept = create_record(alice, checking, kind="TRANSFER", counterpartAccountId=dollars["id"],
                         counterpartAmount="2.00")
    create_record(bob, create_account(bob, "Bob's"))
    alice.ok(DELETE_ACCOUNT, {"id": savings["id"]})
    ledger.assert_consistent(alice, bob)
    assert ledger.count_rows(Record) == 2  # alice's transfer to dollars and bob's record
    assert kept["id"]
