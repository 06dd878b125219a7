"""Rules through GraphQL: create, list in order, update, reorder, delete; each field validated by name."""

from __future__ import annotations

import pytest

from tests.accounts.operations import create_account
from tests.records.operations import category_id
from tests.rules.operations import (
    CREATE_RULE, DELETE_RULE, REORDER_RULES, RULES, UPDATE_RULE, create_rule, rule_names,
)


def test_a_rule_round_trips_every_field(alice):
    account = create_account(alice)
    groceries = category_id(alice, "Food / Groceries")
    rule = create_rule(
        alice, "Supermarket", payee={"match": "REGEX", "pattern": r"^rewe\b"},
        description={"match": "CONTAINS", "pattern": "card"}, caseSensitive=True, minAmount="-200.00",
        maxAmount="-0.01", accountId=account["id"], direction="OUT", categoryId=groceries,
        tags=[" food ", "weekly", "food"], setPayee="REWE",
    )
    assert rule == {
        "id": rule["id"], "position": 1, "name": "Supermarket",
        "payee": {"match": "REGEX", "pattern": r"^rewe\b"},
        "description": {"match": "CONTAINS", "pattern": "card"},
        "caseSensitive": True, "minAmount": "-200.00", "maxAmount": "-0.01", "direction": "OUT",
        "tags": ["food", "weekly"], "setPayee": "REWE", "account": {"id": account["id"]},
        "category": {"id": groceries, "name": "Groceries"},
    }
    assert alice.ok(RULES)["rules"] == [rule]


def test_new_rules_go_last_and_reorder_sets_the_order(alice):
    first, second, third = (create_rule(alice, name)["id"] for name in ("A", "B", "C"))
    assert rule_names(alice) == ["A", "B", "C"]
    reordered = alice.ok(REORDER_RULES, {"ids": [third, first, second]})["reorderRules"]
    assert [rule["id"] for rule in reordered] == [third, first, second]
    assert rule_names(alice) == ["C", "A", "B"]


def test_reorder_must_list_every_rule_exactly_once(alice):
    first, second = create_rule(alice, "A")["id"], create_rule(alice, "B")["id"]
    missing = alice.error(REORDER_RULES, {"ids": [first]})
    assert missing["extensions"]["field"] == "ids" and second in missing["message"]
    twice = alice.error(REORDER_RULES, {"ids": [first, first, second]})
    assert twice["extensions"]["field"] == "ids[1]"


def test_update_changes_only_the_fields_given_and_null_clears(alice):
    rule = create_rule(alice, "Coffee", payee={"match": "CONTAINS", "pattern": "coffee"}, minAmount="-10")
    changes = {"name": "Café", "minAmount": None}
    updated = alice.ok(UPDATE_RULE, {"id": rule["id"], "input": changes})["updateRule"]
    assert updated["name"] == "Café" and updated["minAmount"] is None
    assert updated["payee"] == {"match": "CONTAINS", "pattern": "coffee"} and updated["tags"] == ["ruled"]


def test_delete_removes_the_rule(alice):
    rule = create_rule(alice, "Gone")
    assert alice.ok(DELETE_RULE, {"id": rule["id"]})["deleteRule"] == rule["id"]
    assert alice.ok(RULES)["rules"] == []


def test_other_users_rules_are_invisible_and_not_found(alice, bob):
    rule = create_rule(alice, "Alice's")
    create_rule(bob, "Bob's")
    assert rule_names(bob) == ["Bob's"]
    for operation, variables in [
        (UPDATE_RULE, {"id": rule["id"], "input": {"name": "Stolen"}}),
        (DELETE_RULE, {"id": rule["id"]}),
        (REORDER_RULES, {"ids": [rule["id"], *(r["id"] for r in bob.ok(RULES)["rules"])]}),
    ]:
        assert bob.error(operation, variables)["extensions"]["code"] == "NOT_FOUND"
    missing = bob.error(UPDATE_RULE, {"id": "999999", "input": {"name": "x"}})
    assert missing["extensions"]["code"] == "NOT_FOUND"
    assert rule_names(alice) == ["Alice's"]


def test_other_users_account_and_category_are_not_found(alice, bob):
    account = create_account(alice)
    groceries = category_id(alice, "Food / Groceries")
    for fields in ({"accountId": account["id"]}, {"categoryId": groceries}):
        error = bob.error(CREATE_RULE, {"input": {"name": "x", "tags": ["t"], **fields}})
        assert error["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("fields, field", [
    ({"name": "  "}, "input.name"),
    ({"payee": {"match": "REGEX", "pattern": "("}}, "input.payee.pattern"),
    ({"description": {"match": "REGEX", "pattern": "(a+)+$"}}, "input.description.pattern"),
    ({"payee": {"match": "REGEX", "pattern": r"\s*\s*\s*x"}}, "input.payee.pattern"),
    ({"payee": {"match": "REGEX", "pattern": r"(a)\1"}}, "input.payee.pattern"),
    ({"payee": {"match": "CONTAINS", "pattern": ""}}, "input.payee.pattern"),
    ({"description": {"match": "EQUALS", "pattern": "x" * 201}}, "input.description.pattern"),
    ({"minAmount": "10", "maxAmount": "5"}, "input.maxAmount"),
    ({"minAmount": "1e3"}, None),
    ({"tags": ["ok", " "]}, "input.tags[1]"),
    ({"setPayee": " "}, "input.setPayee"),
    ({"tags": [], "setPayee": None}, "input"),
    ({"accountId": "abc"}, "input.accountId"),
])
def test_invalid_rules_name_the_field(alice, fields, field):
    error = alice.error(CREATE_RULE, {"input": {"name": "Rule", "tags": ["t"], **fields}})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    if field is not None:
        assert error["extensions"]["field"] == field, error


def test_income_category_needs_direction_in(alice):
    salary = category_id(alice, "Salary")
    error = alice.error(CREATE_RULE, {"input": {"name": "Pay", "categoryId": salary}})
    assert error["extensions"]["field"] == "input.categoryId"
    assert create_rule(alice, "Pay", categoryId=salary, direction="IN")["category"]["name"] == "Salary"


def test_update_is_validated_as_a_whole(alice):
    rule = create_rule(alice, "Only tags")
    error = alice.error(UPDATE_RULE, {"id": rule["id"], "input": {"tags": []}})
    assert error["extensions"]["field"] == "input"
    error = alice.error(UPDATE_RULE, {"id": rule["id"], "input": {"name": None}})
    assert error["extensions"]["field"] == "input.name"
