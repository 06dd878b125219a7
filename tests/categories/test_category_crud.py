"""Default categories, listing, creating, moving and deleting categories through the API."""

from __future__ import annotations

from api.categories.colors import PALETTE
from api.categories.defaults import DEFAULT_EXPENSE_CATEGORIES, DEFAULT_INCOME_CATEGORIES
from tests.accounts.operations import assert_not_found, create_account
from tests.accounts.query_counter import counted_queries
from tests.accounts.records_table import insert_record, records_by_id
from tests.categories.operations import (
    CATEGORIES,
    CATEGORY,
    DELETE_CATEGORY,
    UPDATE_CATEGORY,
    categories_by_full_name,
    create_category,
)


def test_new_user_gets_the_default_categories(alice):
    categories = categories_by_full_name(alice)
    expected = {
        name if parent is None else f"{parent} / {name}"
        for defaults in (DEFAULT_EXPENSE_CATEGORIES, DEFAULT_INCOME_CATEGORIES)
        for top_name, _, children in defaults
        for parent, name in [(None, top_name), *((top_name, child) for child in children)]
    }
    assert set(categories) == expected
    assert categories["Food / Groceries"]["kind"] == "EXPENSE"
    assert categories["Salary"]["kind"] == "INCOME"
    assert categories["Food / Groceries"]["color"] == categories["Food"]["color"] == "#f28e2b"


def test_categories_list_parents_before_children_and_siblings_by_name(alice):
    income = alice.ok(CATEGORIES, {"kind": "INCOME"})["categories"]
    assert [category["name"] for category in income] == [
        "Interest & dividends", "Other income", "Refunds", "Salary"
    ]
    expense = [category["fullName"] for category in alice.ok(CATEGORIES, {"kind": "EXPENSE"})["categories"]]
    assert expense[:5] == [
        "Education", "Entertainment", "Entertainment / Going out", "Entertainment / Subscriptions", "Food"
    ]


def test_kind_filter_returns_only_that_kind(alice):
    kinds = {category["kind"] for category in alice.ok(CATEGORIES, {"kind": "INCOME"})["categories"]}
    assert kinds == {"INCOME"}


def test_created_category_is_read_back_with_parent_and_children(alice):
    food = categories_by_full_name(alice)["Food"]
    snacks = create_category(alice, "  Snacks ", parentId=food["id"])
    assert (snacks["name"], snacks["fullName"], snacks["parentId"]) == ("Snacks", "Food / Snacks", food["id"])
    read = alice.ok(CATEGORY, {"id": food["id"]})["category"]
    assert read["parent"] is None
    assert [child["name"] for child in read["children"]] == ["Groceries", "Restaurants", "Snacks"]
    snacks_parent = alice.ok(CATEGORY, {"id": snacks["id"]})["category"]["parent"]
    assert snacks_parent == {"id": food["id"], "name": "Food"}


def test_full_name_follows_deeper_nesting(alice):
    groceries = categories_by_full_name(alice)["Food / Groceries"]
    organic = create_category(alice, "Organic", parentId=groceries["id"])
    assert organic["fullName"] == "Food / Groceries / Organic"
    assert "Food / Groceries / Organic" in categories_by_full_name(alice, "EXPENSE")


def test_sub_category_takes_its_parents_colour_by_default(alice):
    health = categories_by_full_name(alice)["Health"]
    assert create_category(alice, "Dentist", parentId=health["id"])["color"] == health["color"]


def test_top_level_category_takes_the_least_used_palette_colour(alice):
    # The default top-level categories use every palette colour once: ties go to palette order.
    assert create_category(alice, "Pets")["color"] == PALETTE[0]
    assert create_category(alice, "Garden", kind="INCOME")["color"] == PALETTE[1]


def test_explicit_colour_is_kept_in_lower_case(alice):
    assert create_category(alice, "Pets", color="#AABBCC")["color"] == "#aabbcc"


def test_same_name_is_allowed_under_different_parents_and_kinds(alice):
    categories = categories_by_full_name(alice)
    create_category(alice, "Other", parentId=categories["Food"]["id"])
    create_category(alice, "Other", parentId=categories["Health"]["id"])
    create_category(alice, "Other", kind="EXPENSE")
    assert create_category(alice, "Other", kind="INCOME")["kind"] == "INCOME"


def test_update_renames_and_recolours(alice):
    travel = categories_by_full_name(alice)["Travel"]
    changes = {"name": "Holidays", "color": "#123456"}
    updated = alice.ok(UPDATE_CATEGORY, {"id": travel["id"], "input": changes})["updateCategory"]
    assert updated == {
        "id": travel["id"], "name": "Holidays", "kind": "EXPENSE", "color": "#123456", "parentId": None,
        "fullName": "Holidays",
    }


def test_update_moves_a_category_with_its_children(alice):
    categories = categories_by_full_name(alice)
    moved = alice.ok(
        UPDATE_CATEGORY, {"id": categories["Food"]["id"], "input": {"parentId": categories["Housing"]["id"]}}
    )["updateCategory"]
    assert moved["fullName"] == "Housing / Food"
    assert moved["color"] == categories["Food"]["color"]
    assert "Housing / Food / Groceries" in categories_by_full_name(alice)


def test_null_parent_moves_a_category_to_the_top_level(alice):
    groceries = categories_by_full_name(alice)["Food / Groceries"]
    moved = alice.ok(UPDATE_CATEGORY, {"id": groceries["id"], "input": {"parentId": None}})["updateCategory"]
    assert (moved["parentId"], moved["fullName"]) == (None, "Groceries")


def test_update_without_parent_keeps_the_parent(alice):
    groceries = categories_by_full_name(alice)["Food / Groceries"]
    renamed = alice.ok(UPDATE_CATEGORY, {"id": groceries["id"], "input": {"name": "Supermarket"}})
    assert renamed["updateCategory"]["fullName"] == "Food / Supermarket"


def test_delete_removes_sub_categories_and_uncategorizes_their_records(alice, settings):
    categories = categories_by_full_name(alice)
    account = create_account(alice)
    on_parent = insert_record(settings, account["id"], "expense", "1", category_id=categories["Food"]["id"])
    on_child = insert_record(
        settings, account["id"], "expense", "2", category_id=categories["Food / Groceries"]["id"]
    )
    elsewhere = insert_record(settings, account["id"], "expense", "3", category_id=categories["Travel"]["id"])

    food_id = categories["Food"]["id"]
    assert alice.ok(DELETE_CATEGORY, {"id": food_id}) == {"deleteCategory": food_id}

    remaining = categories_by_full_name(alice)
    assert not [name for name in remaining if name.startswith("Food")]
    for deleted_id in (food_id, categories["Food / Groceries"]["id"]):
        assert_not_found(alice.error(CATEGORY, {"id": deleted_id}), "Category", deleted_id)
    records = records_by_id(settings)
    assert records[on_parent].category_id is None and records[on_child].category_id is None
    assert records[elsewhere].category_id == int(categories["Travel"]["id"])
    assert alice.ok("query($id: ID!) { account(id: $id) { balance } }", {"id": account["id"]}) == {
        "account": {"balance": "-6.00"}
    }


def test_deleting_a_sub_category_keeps_its_parent(alice):
    categories = categories_by_full_name(alice)
    alice.ok(DELETE_CATEGORY, {"id": categories["Food / Groceries"]["id"]})
    food = alice.ok(CATEGORY, {"id": categories["Food"]["id"]})["category"]
    assert [child["name"] for child in food["children"]] == ["Restaurants"]


def test_categories_need_a_signed_in_user(anonymous):
    assert anonymous.error("{ categories { id } }")["extensions"]["code"] == "UNAUTHENTICATED"


def test_parents_children_and_full_names_of_a_list_take_a_fixed_number_of_queries(alice, client):
    query = "{ categories { fullName parent { name fullName } children { name } } }"

    def statements_for_listing() -> list[str]:
        with counted_queries(client) as statements:
            alice.ok(query)
        return statements

    before = statements_for_listing()
    groceries = categories_by_full_name(alice)["Food / Groceries"]
    for name in ("Organic", "Bulk", "Bakery", "Dairy", "Frozen"):
        create_category(alice, name, parentId=groceries["id"])
    after = statements_for_listing()
    assert len(before) <= 5 and len(after) <= len(before) + 1  # one more batch for the new depth
