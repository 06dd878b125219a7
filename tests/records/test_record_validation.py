"""Every rule a record must satisfy is refused as BAD_USER_INPUT naming the field the client sent."""

from __future__ import annotations

from typing import Any

import pytest

from tests.accounts.operations import UPDATE_ACCOUNT, create_account
from tests.records.operations import CREATE_RECORD, UPDATE_RECORD, category_id, create_record, listed_ids


@pytest.fixture
def ids(alice) -> dict[str, str]:
    """Alice's accounts and two of her categories, by short name."""
    return {
        "main": create_account(alice, "Main")["id"],
        "savings": create_account(alice, "Savings")["id"],
        "yen": create_account(alice, "Yen", currency="JPY")["id"],
        "salary": category_id(alice, "Salary"),
        "groceries": category_id(alice, "Food / Groceries"),
    }


def refused_field(user, operation: str, variables: dict[str, Any]) -> str:
    """The field named by the BAD_USER_INPUT error the operation must get."""
    error = user.error(operation, variables)
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    return error["extensions"].get("field")


INVALID_RECORDS = {
    "zero amount": ({"amount": "0"}, "input.amount"),
    "negative income": ({"kind": "INCOME", "amount": "-5"}, "input.amount"),
    "cents beyond the currency": ({"amount": "1.234"}, "input.amount"),
    "yen with decimals": ({"accountId": "yen", "amount": "1.5"}, "input.amount"),
    "too large amount": ({"amount": "100000000000000"}, "input.amount"),
    "float-like amount": ({"amount": "1e3"}, "input.amount"),
    "long payee": ({"payee": "p" * 201}, "input.payee"),
    "long description": ({"description": "d" * 501}, "input.description"),
    "long notes": ({"notes": "n" * 10_001}, "input.notes"),
    "empty tag": ({"tags": ["ok", "  "]}, "input.tags[1]"),
    "long tag": ({"tags": ["t" * 51]}, "input.tags[0]"),
    "too many tags": ({"tags": [f"tag{n}" for n in range(21)]}, "input.tags"),
    "date out of range": ({"date": "1899-12-31"}, "input.date"),
    "malformed account id": ({"accountId": "first"}, "input.accountId"),
    "malformed category id": ({"categoryId": "-3"}, "input.categoryId"),
    "income category on an expense": ({"categoryId": "salary"}, "input.categoryId"),
    "expense category on income": ({"kind": "INCOME", "categoryId": "groceries"}, "input.categoryId"),
    "counterpart on an expense": ({"counterpartAccountId": "savings"}, "input.counterpartAccountId"),
    "counterpart amount on income": ({"kind": "INCOME", "counterpartAmount": "1"}, "input.counterpartAmount"),
    "transfer without counterpart": ({"kind": "TRANSFER"}, "input.counterpartAccountId"),
    "transfer to its own account": (
        {"kind": "TRANSFER", "counterpartAccountId": "main"}, "input.counterpartAccountId"
    ),
    "transfer with a category": (
        {"kind": "TRANSFER", "counterpartAccountId": "savings", "categoryId": "groceries"}, "input.categoryId"
    ),
}


def with_ids(fields: dict[str, Any], ids: dict[str, str]) -> dict[str, Any]:
    """Replace short names ("main", "salary") by the ids they stand for."""
    return {key: ids.get(value, value) if isinstance(value, str) else value for key, value in fields.items()}


@pytest.mark.parametrize(("fields", "field"), INVALID_RECORDS.values(), ids=INVALID_RECORDS.keys())
def test_invalid_record_is_refused_naming_the_field_and_nothing_is_saved(alice, ids, fields, field):
    record = {"accountId": ids["main"], "kind": "EXPENSE", "amount": "10", "date": "2026-01-15"}
    assert refused_field(alice, CREATE_RECORD, {"input": {**record, **with_ids(fields, ids)}}) == field
    assert listed_ids(alice) == []


@pytest.mark.parametrize(("fields", "field"), INVALID_RECORDS.values(), ids=INVALID_RECORDS.keys())
def test_invalid_update_is_refused_naming_the_field(alice, ids, fields, field):
    record = create_record(alice, {"id": ids["main"]}, payee="Market")
    assert refused_field(alice, UPDATE_RECORD, {"id": record["id"], "input": with_ids(fields, ids)}) == field


def test_impossible_date_is_refused(alice, ids):
    record = {"accountId": ids["main"], "kind": "EXPENSE", "amount": "1", "date": "2026-02-30"}
    error = alice.error(CREATE_RECORD, {"input": record})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert listed_ids(alice) == []


def test_archived_account_takes_no_new_records(alice, ids):
    alice.ok(UPDATE_ACCOUNT, {"id": ids["savings"], "input": {"archived": True}})
    record = {"kind": "EXPENSE", "amount": "1", "date": "2026-01-15"}
    on_archived = {**record, "accountId": ids["savings"]}
    assert refused_field(alice, CREATE_RECORD, {"input": on_archived}) == "input.accountId"
    transfer = {**record, "kind": "TRANSFER", "accountId": ids["main"]}
    transfer["counterpartAccountId"] = ids["savings"]
    assert refused_field(alice, CREATE_RECORD, {"input": transfer}) == "input.counterpartAccountId"


def test_records_cannot_be_moved_onto_an_archived_account(alice, ids):
    record = create_record(alice, {"id": ids["main"]})
    alice.ok(UPDATE_ACCOUNT, {"id": ids["savings"], "input": {"archived": True}})
    variables = {"id": record["id"], "input": {"accountId": ids["savings"]}}
    assert refused_field(alice, UPDATE_RECORD, variables) == "input.accountId"


def test_tags_at_the_limits_are_accepted(alice, ids):
    tags = [f"{n:02d}" + "t" * 48 for n in range(20)]
    assert create_record(alice, {"id": ids["main"]}, tags=tags)["tags"] == tags


def test_texts_at_the_limits_are_accepted(alice, ids):
    record = create_record(alice, {"id": ids["main"]}, payee="p" * 200, description="d" * 500)
    assert (len(record["payee"]), len(record["description"])) == (200, 500)
