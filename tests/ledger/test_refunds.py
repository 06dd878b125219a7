"""Refunds: an expense with a negative amount lowers its category's spending everywhere it is summed."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.ledger.models import MonthlyRollup, RollupKind
from tests.accounts.operations import assert_bad_input, create_account
from tests.records.operations import (
    CREATE_RECORD, UPDATE_RECORD, category_id, create_record, listed_ids, record_input,
)
from tests.summaries.books import summary

EVERY_PART = """
totals { currency income expense net }
byCategory { name amount share recordCount }
byAccount { account { name } income expense net }
byPayee { payee amount recordCount }
"""


@pytest.fixture
def shopping(alice):
    """40.00 spent at the Market on groceries, 12.50 of it refunded; 10.00 at the Bakery."""
    checking = create_account(alice, "Checking", openingBalance="100.00")
    groceries = category_id(alice, "Food / Groceries")
    create_record(alice, checking, categoryId=groceries, amount="40.00", payee="Market")
    refund = create_record(alice, checking, categoryId=groceries, amount="-12.50", payee="Market")
    create_record(alice, checking, categoryId=groceries, amount="10.00", payee="Bakery")
    return checking, groceries, refund


def test_a_refund_raises_the_balance_and_nets_in_the_rollups(alice, ledger, shopping):
    checking, _, refund = shopping
    assert (refund["kind"], refund["amount"]) == ("EXPENSE", "-12.50")
    ledger.assert_consistent(alice)
    assert ledger.run(_expense_rollup_amounts) == [3750]
    alice.ok(UPDATE_RECORD, {"id": refund["id"], "input": {"amount": "-50.00"}})
    ledger.assert_consistent(alice)  # more refunded than spent: the month's spending is negative
    assert ledger.run(_expense_rollup_amounts) == [0]


async def _expense_rollup_amounts(session: AsyncSession) -> list[int]:
    expenses = select(MonthlyRollup.amount_minor).where(MonthlyRollup.kind == RollupKind.EXPENSE)
    rows = await session.scalars(expenses)
    return list(rows)


def test_every_summary_part_nets_the_refund(alice, shopping):
    parts = summary(alice, EVERY_PART, "2026-01-01", "2026-01-31")
    assert parts["totals"] == [{"currency": "EUR", "income": "0.00", "expense": "37.50", "net": "-37.50"}]
    assert parts["byCategory"] == [{"name": "Food", "amount": "37.50", "share": 1.0, "recordCount": 3}]
    assert parts["byAccount"] == [
        {"account": {"name": "Checking"}, "income": "0.00", "expense": "37.50", "net": "-37.50"}
    ]
    assert parts["byPayee"] == [
        {"payee": "Market", "amount": "27.50", "recordCount": 2},
        {"payee": "Bakery", "amount": "10.00", "recordCount": 1},
    ]


@pytest.mark.parametrize(("fields", "reason"), [
    ({"kind": "INCOME", "amount": "-5.00"}, "only an expense may be negative"),
    ({"kind": "TRANSFER", "amount": "-5.00"}, "only an expense may be negative"),
    ({"amount": "0"}, "must not be zero"),
    ({"amount": "-0.00"}, "must not be zero"),
])
def test_only_an_expense_may_be_negative_and_nothing_is_zero(alice, fields, reason):
    checking = create_account(alice, "Checking")
    savings = create_account(alice, "Savings")
    if fields.get("kind") == "TRANSFER":
        fields = {**fields, "counterpartAccountId": savings["id"]}
    error = alice.error(CREATE_RECORD, {"input": record_input(checking, **fields)})
    assert_bad_input(error, "input.amount", reason)


def test_amount_bounds_compare_signed_amounts(alice, shopping):
    assert len(listed_ids(alice, {"minAmount": "0.01"})) == 2
    assert len(listed_ids(alice, {"maxAmount": "-0.01"})) == 1
    assert len(listed_ids(alice, {"minAmount": "-20", "maxAmount": "20"})) == 2
