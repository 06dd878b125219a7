"""Invalid category input is refused with BAD_USER_INPUT naming the field; cycles are impossible."""

from __future__ import annotations

import pytest

from tests.accounts.operations import assert_bad_input
from tests.categories.operations import (
    CATEGORY,
    CREATE_CATEGORY,
    UPDATE_CATEGORY,
    categories_by_full_name,
    create_category,
)


@pytest.mark.parametrize(
    ("fields", "field", "reason_part"),
    [
        ({"name": " "}, "input.name", "must not be empty"),
        ({"name": "x" * 101}, "input.name", "at most 100 characters"),
        ({"color": "red"}, "input.color", '"#RRGGBB"'),
        ({"color": "#12345"}, "input.color", '"#RRGGBB"'),
        ({"color": "#12345g"}, "input.color", '"#RRGGBB"'),
        ({"parentId": "x"}, "input.parentId", "not a valid id"),
    ],
)
def test_create_refuses_invalid_input(alice, fields, field, reason_part):
    before = categories_by_full_name(alice)
    error = alice.error(CREATE_CATEGORY, {"input": {"name": "Pets", "kind": "EXPENSE", **fields}})
    assert_bad_input(error, field, reason_part)
    assert categories_by_full_name(alice) == before


def test_top_level_names_are_unique_per_kind_ignoring_case(alice):
    error = alice.error(CREATE_CATEGORY, {"input": {"name": " food ", "kind": "EXPENSE"}})
    assert_bad_input(error, "input.name", "already exists")


def test_sub_category_names_are_unique_among_siblings(alice):
    food = categories_by_full_name(alice)["Food"]
    sibling = {"name": "GROCERIES", "kind": "EXPENSE", "parentId": food["id"]}
    error = alice.error(CREATE_CATEGORY, {"input": sibling})
    assert_bad_input(error, "input.name", "already exists")


def test_parent_must_have_the_same_kind(alice):
    salary = categories_by_full_name(alice)["Salary"]
    bonus = {"name": "Bonus", "kind": "EXPENSE", "parentId": salary["id"]}
    error = alice.error(CREATE_CATEGORY, {"input": bonus})
    assert_bad_input(error, "input.parentId", "must be an expense category")


def test_moving_below_a_category_of_the_other_kind_is_refused(alice):
    categories = categories_by_full_name(alice)
    error = alice.error(
        UPDATE_CATEGORY, {"id": categories["Travel"]["id"], "input": {"parentId": categories["Salary"]["id"]}}
    )
    assert_bad_input(error, "input.parentId", "must be an expense category")


def test_moving_next_to_a_sibling_with_the_same_name_is_refused(alice):
    categories = categories_by_full_name(alice)
    create_category(alice, "Fuel")
    error = alice.error(
        UPDATE_CATEGORY, {"id": categories["Transport / Fuel"]["id"], "input": {"parentId": None}}
    )
    assert_bad_input(error, "input.name", "a top-level category named 'Fuel' already exists")


def test_renaming_to_a_siblings_name_is_refused(alice):
    restaurants = categories_by_full_name(alice)["Food / Restaurants"]
    error = alice.error(UPDATE_CATEGORY, {"id": restaurants["id"], "input": {"name": "groceries"}})
    assert_bad_input(error, "input.name", "already exists")


def test_a_category_cannot_become_its_own_parent(alice):
    food = categories_by_full_name(alice)["Food"]
    error = alice.error(UPDATE_CATEGORY, {"id": food["id"], "input": {"parentId": food["id"]}})
    assert_bad_input(error, "input.parentId", "cannot move below itself")


def test_a_category_cannot_move_below_its_own_descendant(alice):
    categories = categories_by_full_name(alice)
    organic = create_category(alice, "Organic", parentId=categories["Food / Groceries"]["id"])
    for descendant in (categories["Food / Groceries"], organic):
        move = {"id": categories["Food"]["id"], "input": {"parentId": descendant["id"]}}
        error = alice.error(UPDATE_CATEGORY, move)
        assert_bad_input(error, "input.parentId", "cannot move below itself or one of its sub-categories")
    assert alice.ok(CATEGORY, {"id": categories["Food"]["id"]})["category"]["parentId"] is None


def test_a_refused_update_changes_nothing(alice):
    travel = categories_by_full_name(alice)["Travel"]
    error = alice.error(UPDATE_CATEGORY, {"id": travel["id"], "input": {"name": "Trips", "color": "blue"}})
    assert_bad_input(error, "input.color", '"#RRGGBB"')
    assert alice.ok(CATEGORY, {"id": travel["id"]})["category"]["name"] == "Travel"


def test_an_unknown_kind_is_refused(alice):
    error = alice.error(CREATE_CATEGORY, {"input": {"name": "Pets", "kind": "TRANSFER"}})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
