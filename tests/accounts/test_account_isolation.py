"""Another user's account id behaves exactly like a missing one, for every operation taking an id."""

from __future__ import annotations

import pytest

from tests.accounts.operations import (
    ACCOUNT,
    DELETE_ACCOUNT,
    UPDATE_ACCOUNT,
    account_names,
    assert_not_found,
    create_account,
)

MISSING_ID = "999999"

OPERATIONS_TAKING_AN_ID = {
    "account": (ACCOUNT, {}),
    "updateAccount": (UPDATE_ACCOUNT, {"input": {"name": "Taken over", "archived": True}}),
    "deleteAccount": (DELETE_ACCOUNT, {}),
}


@pytest.mark.parametrize("operation", OPERATIONS_TAKING_AN_ID)
def test_missing_account_is_not_found(alice, operation):
    query, variables = OPERATIONS_TAKING_AN_ID[operation]
    assert_not_found(alice.error(query, {"id": MISSING_ID, **variables}), "Account", MISSING_ID)


@pytest.mark.parametrize("operation", OPERATIONS_TAKING_AN_ID)
def test_other_users_account_is_not_found_and_untouched(alice, bob, operation):
    account = create_account(alice, "Alice's")
    query, variables = OPERATIONS_TAKING_AN_ID[operation]
    body = bob.execute(query, {"id": account["id"], **variables})
    assert_not_found(body["errors"][0], "Account", account["id"])
    assert body["data"] in (None, {"account": None})
    assert alice.ok(ACCOUNT, {"id": account["id"]})["account"] == account


def test_accounts_lists_only_the_users_own_accounts(alice, bob):
    create_account(alice, "Alice's", openingBalance="5")
    create_account(bob, "Bob's")
    assert account_names(alice, include_archived=True) == ["Alice's"]
    assert account_names(bob, include_archived=True) == ["Bob's"]
