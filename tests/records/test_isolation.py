"""Another user's records, accounts and categories behave exactly like missing ones."""

from __future__ import annotations

from typing import Any

import pytest

from tests.accounts.operations import assert_not_found, create_account
from tests.conftest import GraphQL
from tests.records.operations import (
    CREATE_RECORD,
    DELETE_RECORD,
    RECORD,
    UPDATE_RECORD,
    category_id,
    create_record,
    listed_ids,
    record_input,
)


# Record fields naming one of Alice's objects, the kind of object, and its key in the `alices` fixture.
FIELDS_NAMING_ALICES = [
    ({"accountId": "account"}, "Account", "account"),
    ({"kind": "TRANSFER", "counterpartAccountId": "account"}, "Account", "account"),
    ({"categoryId": "category"}, "Category", "category"),
]


@pytest.fixture
def alices(alice: GraphQL) -> dict[str, Any]:
    """Alice's account, category and one record on them."""
    account = create_account(alice, "Alice's")
    groceries = category_id(alice, "Food / Groceries")
    record = create_record(alice, account, categoryId=groceries, payee="Alice's shop")
    return {"account": account["id"], "category": groceries, "record": record}


@pytest.fixture
def bobs_account(bob: GraphQL) -> dict[str, Any]:
    """Bob's own account."""
    return create_account(bob, "Bob's")


def test_other_users_record_is_not_found(bob, alices):
    record_id = alices["record"]["id"]
    assert_not_found(bob.error(RECORD, {"id": record_id}), "Record", record_id)


def test_other_users_record_cannot_be_updated(alice, bob, alices):
    record_id = alices["record"]["id"]
    error = bob.error(UPDATE_RECORD, {"id": record_id, "input": {"payee": "Bob"}})
    assert_not_found(error, "Record", record_id)
    assert alice.ok(RECORD, {"id": record_id})["record"] == alices["record"]


def test_other_users_record_cannot_be_deleted(alice, bob, alices):
    record_id = alices["record"]["id"]
    assert_not_found(bob.error(DELETE_RECORD, {"id": record_id}), "Record", record_id)
    assert listed_ids(alice) == [record_id]


def test_listing_shows_only_ones_own_records(bob, alices, bobs_account):
    own = create_record(bob, bobs_account)
    assert listed_ids(bob) == [own["id"]]
    assert bob.ok("{ records { totalCount } }")["records"]["totalCount"] == 1


@pytest.mark.parametrize("key", ["accountIds", "categoryIds"])
def test_filters_naming_other_users_accounts_or_categories_match_nothing(bob, alices, bobs_account, key):
    create_record(bob, bobs_account)
    assert listed_ids(bob, {key: [alices["account" if key == "accountIds" else "category"]]}) == []


def test_other_users_category_adds_nothing_to_uncategorized(bob, alices, bobs_account):
    own = create_record(bob, bobs_account)
    assert listed_ids(bob, {"categoryIds": [alices["category"]], "uncategorized": True}) == [own["id"]]


@pytest.mark.parametrize(("fields", "entity", "key"), FIELDS_NAMING_ALICES)
def test_creating_with_other_users_ids_looks_like_missing_ids(bob, alices, bobs_account, fields, entity, key):
    theirs = {name: alices.get(value, value) for name, value in fields.items()}
    missing = {name: "999999" if value in alices else value for name, value in fields.items()}
    theirs_error = bob.error(CREATE_RECORD, {"input": record_input(bobs_account, **theirs)})
    missing_error = bob.error(CREATE_RECORD, {"input": record_input(bobs_account, **missing)})
    assert_not_found(theirs_error, entity, alices[key])
    assert_not_found(missing_error, entity, "999999")
    assert listed_ids(bob) == []


@pytest.mark.parametrize(("fields", "entity", "key"), FIELDS_NAMING_ALICES)
def test_updating_with_other_users_ids_looks_like_missing_ids(bob, alices, bobs_account, fields, entity, key):
    own = create_record(bob, bobs_account)
    theirs = {name: alices.get(value, value) for name, value in fields.items()}
    assert_not_found(bob.error(UPDATE_RECORD, {"id": own["id"], "input": theirs}), entity, alices[key])
    assert bob.ok(RECORD, {"id": own["id"]})["record"] == own
