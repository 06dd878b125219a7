"""setBudget, budgets and deleteBudget: insert or update by key, validation with field names, isolation."""

from __future__ import annotations

import pytest

from tests.accounts.operations import assert_bad_input, assert_not_found
from tests.budgets.operations import BUDGET_REPORT, BUDGETS, DELETE_BUDGET, SET_BUDGET, set_budget
from tests.records.operations import category_id


def test_setting_the_same_budget_again_updates_it(alice):
    food = category_id(alice, "Food")
    first = set_budget(alice, food, "300.00", "2026-03-17")
    assert (first["month"], first["repeats"], first["rollover"], first["amount"]) == (
        "2026-03-01", True, "NONE", "300.00"
    )
    again = set_budget(alice, food, "250.50", "2026-03-01", rollover="CARRY")
    single = set_budget(alice, food, "500.00", "2026-03-01", repeats=False)
    assert again["id"] == first["id"] and single["id"] != first["id"]
    listed = alice.ok(BUDGETS)["budgets"]
    assert [(budget["amount"], budget["rollover"], budget["repeats"]) for budget in listed] == [
        ("250.50", "CARRY", True), ("500.00", "NONE", False)
    ]
    assert listed[0]["category"]["name"] == "Food"
    assert alice.ok(DELETE_BUDGET, {"id": single["id"]})["deleteBudget"] == single["id"]
    assert [budget["id"] for budget in alice.ok(BUDGETS)["budgets"]] == [first["id"]]


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"amount": "-1.00"}, "input.amount", "cannot be negative"),
        ({"amount": "1.001"}, "input.amount", "decimal places"),
        ({"amount": "1", "currency": "JPY"}, None, None),
        ({"categoryId": "abc"}, "input.categoryId", "not a valid id"),
    ],
)
def test_budget_input_is_validated_with_field_names(alice, fields, field, reason):
    budget_input = {"categoryId": category_id(alice, "Food"), "currency": "EUR", "amount": "10.00",
                    "month": "2026-01-01", **fields}
    if field is None:
        assert alice.ok(SET_BUDGET, {"input": budget_input})["setBudget"]["amount"] == "1"
        return
    assert_bad_input(alice.error(SET_BUDGET, {"input": budget_input}), field, reason)


def test_income_categories_take_no_budget(alice):
    salary = category_id(alice, "Salary")
    error = alice.error(SET_BUDGET, {"input": {"categoryId": salary, "currency": "EUR", "amount": "1.00",
                                               "month": "2026-01-01"}})
    assert_bad_input(error, "input.categoryId", "expense categories")


def test_other_users_budgets_and_categories_are_not_found(alice, bob):
    food = category_id(alice, "Food")
    budget = set_budget(alice, food, "300.00", "2026-03-01")
    error = bob.error(SET_BUDGET, {"input": {"categoryId": food, "currency": "EUR", "amount": "1.00",
                                             "month": "2026-03-01"}})
    assert_not_found(error, "Category", food)
    assert_not_found(bob.error(DELETE_BUDGET, {"id": budget["id"]}), "Budget", budget["id"])
    assert bob.ok(BUDGETS)["budgets"] == []
    assert bob.ok(BUDGET_REPORT, {"month": "2026-03-01"})["budgetReport"]["lines"] == []
    assert [line["budget"]["id"] for line in
            alice.ok(BUDGET_REPORT, {"month": "2026-03-01"})["budgetReport"]["lines"]] == [budget["id"]]


def test_signed_out_callers_get_nothing(anonymous):
    assert anonymous.error(BUDGETS)["extensions"]["code"] == "UNAUTHENTICATED"
    assert anonymous.error(BUDGET_REPORT, {"month": "2026-03-01"})["extensions"]["code"] == "UNAUTHENTICATED"
