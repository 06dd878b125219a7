"""Another user's category id behaves exactly like a missing one, as an argument and as a parent."""

from __future__ import annotations

import pytest

from tests.accounts.operations import assert_not_found
from tests.categories.operations import (
    CATEGORY,
    CREATE_CATEGORY,
    DELETE_CATEGORY,
    UPDATE_CATEGORY,
    categories_by_full_name,
)

MISSING_ID = "999999"

OPERATIONS_TAKING_AN_ID = {
    "category": (CATEGORY, {}),
    "updateCategory": (UPDATE_CATEGORY, {"input": {"name": "Taken over", "parentId": None}}),
    "deleteCategory": (DELETE_CATEGORY, {}),
}


@pytest.mark.parametrize("operation", OPERATIONS_TAKING_AN_ID)
def test_missing_category_is_not_found(alice, operation):
    query, variables = OPERATIONS_TAKING_AN_ID[operation]
    assert_not_found(alice.error(query, {"id": MISSING_ID, **variables}), "Category", MISSING_ID)


@pytest.mark.parametrize("operation", OPERATIONS_TAKING_AN_ID)
def test_other_users_category_is_not_found_and_untouched(alice, bob, operation):
    before = categories_by_full_name(alice)
    groceries_id = before["Food / Groceries"]["id"]
    query, variables = OPERATIONS_TAKING_AN_ID[operation]
    assert_not_found(bob.error(query, {"id": groceries_id, **variables}), "Category", groceries_id)
    assert categories_by_full_name(alice) == before


def test_other_users_category_as_parent_is_not_found_like_a_missing_one(alice, bob):
    alices_food_id = categories_by_full_name(alice)["Food"]["id"]
    for parent_id in (alices_food_id, MISSING_ID):
        snacks = {"name": "Snacks", "kind": "EXPENSE", "parentId": parent_id}
        error = bob.error(CREATE_CATEGORY, {"input": snacks})
        assert_not_found(error, "Category", parent_id)
    assert "Snacks" not in categories_by_full_name(bob)


def test_moving_below_another_users_category_is_not_found_like_a_missing_one(alice, bob):
    alices_food_id = categories_by_full_name(alice)["Food"]["id"]
    bobs_travel_id = categories_by_full_name(bob)["Travel"]["id"]
    for parent_id in (alices_food_id, MISSING_ID):
        error = bob.error(UPDATE_CATEGORY, {"id": bobs_travel_id, "input": {"parentId": parent_id}})
        assert_not_found(error, "Category", parent_id)
    assert "Travel" in categories_by_full_name(bob)


def test_each_user_lists_only_their_own_categories(alice, bob):
    alice_ids = {category["id"] for category in categories_by_full_name(alice).values()}
    bob_ids = {category["id"] for category in categories_by_full_name(bob).values()}
    assert alice_ids and bob_ids and not alice_ids & bob_ids
