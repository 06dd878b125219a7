"""The record forms: amounts read with the user's decimal mark, problems in plain words, edits and undo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from analytics.errors import InputError, NotFoundError, ServerError
from analytics.record_form import (
    FormProblems,
    changed_fields,
    form_values,
    plain_problems,
    problem_sentences,
    refusal,
    record_input,
    recreating_fields,
    restoring_fields,
)

TRANSFER_NODE: dict[str, Any] = {
    "id": "7", "kind": "TRANSFER", "amount": "100.00", "currency": "EUR", "date": "2024-02-15", "payee": "",
    "description": "to savings", "notes": "monthly", "tags": ["saving"], "counterpartAmount": "108.50",
    "account": {"id": "1", "name": "Checking"}, "category": None,
    "counterpartAccount": {"id": "2", "name": "Dollars"},
}
EXPENSE_NODE: dict[str, Any] = {
    **TRANSFER_NODE, "kind": "EXPENSE", "amount": "-12.50", "payee": "Grocer", "tags": [],
    "counterpartAmount": None, "counterpartAccount": None, "category": {"id": "5", "fullName": "Food"},
}


def test_a_form_without_account_or_amount_says_what_to_do() -> None:
    with pytest.raises(FormProblems) as raised:
        record_input({"kind": "transfer", "account": None, "amount": "", "date": date(2024, 1, 1)})

    assert raised.value.problems == {
        "account": "Choose an account.", "amount": "Enter an amount.",
        "counterpart": "Choose the account the money goes to.",
    }


def test_a_transfer_drops_the_category_and_an_expense_the_counterpart() -> None:
    entry = {"kind": "expense", "account": 1, "amount": "12,50", "date": date(2024, 1, 1),
             "payee": " Bakery ", "category": 5, "counterpart": 2, "description": ""}

    assert record_input(entry, ",") == {
        "account_id": 1, "kind": "expense", "amount": Decimal("12.50"), "date": date(2024, 1, 1),
        "payee": "Bakery", "description": "", "category_id": 5, "counterpart_account_id": None,
    }
    transfer = record_input(entry | {"kind": "transfer"}, ",")
    assert (transfer["category_id"], transfer["counterpart_account_id"]) == (None, 2)


def test_api_refusals_become_sentences_per_field() -> None:
    amount = InputError("BAD_USER_INPUT", "input.amount: EUR amounts have at most 2 decimal places",
                        "input.amount", {"reason": "EUR amounts have at most 2 decimal places"})
    category = InputError("BAD_USER_INPUT", "input.categoryId: income records take income categories",
                          "input.categoryId", {"reason": "income records take income categories"})
    zero = InputError("BAD_USER_INPUT", "input.amount: must not be zero", "input.amount",
                      {"reason": "must not be zero"})
    missing = InputError("BAD_USER_INPUT", "input: Expected value of type 'RecordInput' to include required "
                         "field 'accountId', found: {}.", "input")

    assert plain_problems(amount).problems == {"amount": "Amount: EUR amounts have at most 2 decimal places."}
    assert plain_problems(category).problems == {
        "category": "Category: income records take income categories."}
    assert plain_problems(zero).problems == {"amount": "Enter an amount other than zero."}
    assert plain_problems(missing).problems == {"account": "Choose an account."}
    assert "no longer there" in plain_problems(NotFoundError("NOT_FOUND", "record 9")).sentences()[0]
    assert "try again" in plain_problems(ServerError("INTERNAL_SERVER_ERROR", "boom")).sentences()[0]


def test_the_edit_form_starts_with_the_records_values() -> None:
    assert form_values(EXPENSE_NODE, ",") == {
        "kind": "expense", "account": 1, "amount": "-12,50", "date": date(2024, 2, 15), "payee": "Grocer",
        "category": 5, "counterpart": None, "description": "to savings",
    }


def test_an_edit_sends_only_what_changed_and_its_undo_the_old_values() -> None:
    edited = record_input({**form_values(EXPENSE_NODE), "amount": "-13.00", "payee": "Baker"})

    changes = changed_fields(EXPENSE_NODE, edited)

    assert changes == {"amount": Decimal("-13.00"), "payee": "Baker"}
    assert restoring_fields(EXPENSE_NODE, changes) == {"amount": Decimal("-12.50"), "payee": "Grocer"}


def test_a_transfer_turned_expense_loses_its_counterpart_amount_and_undo_puts_it_back() -> None:
    edited = record_input({**form_values(TRANSFER_NODE), "kind": "expense"})

    changes = changed_fields(TRANSFER_NODE, edited)

    assert changes == {"kind": "expense", "counterpart_account_id": None, "counterpart_amount": None}
    assert restoring_fields(TRANSFER_NODE, changes) == {
        "kind": "transfer", "counterpart_account_id": 2, "counterpart_amount": Decimal("108.50")}


def test_a_deleted_record_is_recreated_with_all_its_fields() -> None:
    assert recreating_fields(TRANSFER_NODE) == {
        "account_id": 1, "kind": "transfer", "amount": Decimal("100.00"), "date": date(2024, 2, 15),
        "payee": "", "description": "to savings", "notes": "monthly", "tags": ["saving"],
        "counterpart_account_id": 2, "counterpart_amount": Decimal("108.50"),
    }


def test_problem_sentences_come_from_the_form_or_the_api_and_other_errors_propagate() -> None:
    assert problem_sentences(FormProblems({"account": "Choose an account."})) == ["Choose an account."]
    assert problem_sentences(NotFoundError("NOT_FOUND", "x"))[0].startswith("That record or account")
    with pytest.raises(KeyError):
        problem_sentences(KeyError("bug"))
    problems = FormProblems({"account": "Choose an account.", "amount": "Enter an amount."})
    assert refusal("Not added.", problems) == {
        "kind": "danger", "text": "**Not added.** Choose an account. Enter an amount."}
