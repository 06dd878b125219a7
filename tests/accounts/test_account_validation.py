"""Invalid account input is refused with BAD_USER_INPUT naming the input field, and changes nothing."""

from __future__ import annotations

import pytest

from tests.accounts.operations import (
    ACCOUNT,
    CREATE_ACCOUNT,
    UPDATE_ACCOUNT,
    account_names,
    assert_bad_input,
    create_account,
)
from tests.accounts.records_table import insert_record

VALID_INPUT = {"name": "Main", "type": "CHECKING", "currency": "EUR", "openingBalance": "0"}


@pytest.mark.parametrize(
    ("changes", "field", "reason_part"),
    [
        ({"name": "   "}, "input.name", "must not be empty"),
        ({"name": "x" * 101}, "input.name", "at most 100 characters"),
        ({"openingBalance": "10.001"}, "input.openingBalance", "at most 2 decimal places"),
        ({"currency": "JPY", "openingBalance": "1.5"}, "input.openingBalance", "at most 0 decimal places"),
        ({"openingBalance": "1e3"}, "input.openingBalance", "not a plain decimal"),
        ({"openingBalance": "NaN"}, "input.openingBalance", "not a plain decimal"),
        ({"openingBalance": "12,50"}, "input.openingBalance", "not a plain decimal"),
        ({"openingBalance": "10000000000000000"}, "input.openingBalance", "too large"),
        ({"currency": "EURO"}, "input.currency", "not an ISO 4217 currency code"),
        ({"currency": "XYZ"}, "input.currency", "not an ISO 4217 currency code"),
    ],
)
def test_create_refuses_invalid_input(alice, changes, field, reason_part):
    error = alice.error(CREATE_ACCOUNT, {"input": {**VALID_INPUT, **changes}})
    assert_bad_input(error, field, reason_part)
    assert account_names(alice, include_archived=True) == []


def test_a_name_of_exactly_100_characters_is_accepted(alice):
    assert create_account(alice, "x" * 100)["name"] == "x" * 100


def test_account_names_are_unique_per_user_ignoring_case_and_spaces(alice):
    create_account(alice, "Main")
    error = alice.error(CREATE_ACCOUNT, {"input": {**VALID_INPUT, "name": " MAIN "}})
    assert_bad_input(error, "input.name", "already exists")


def test_two_users_may_use_the_same_account_name(alice, bob):
    create_account(alice, "Main")
    assert create_account(bob, "Main")["name"] == "Main"


def test_an_unknown_account_type_is_refused(alice):
    error = alice.error(CREATE_ACCOUNT, {"input": {**VALID_INPUT, "type": "PIGGY_BANK"}})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_rename_to_another_accounts_name_is_refused(alice):
    create_account(alice, "Main")
    other = create_account(alice, "Other")
    error = alice.error(UPDATE_ACCOUNT, {"id": other["id"], "input": {"name": "main"}})
    assert_bad_input(error, "input.name", "already exists")


def test_currency_change_is_refused_once_the_account_has_records(alice, settings):
    account = create_account(alice)
    insert_record(settings, account["id"], "expense", "1")
    error = alice.error(UPDATE_ACCOUNT, {"id": account["id"], "input": {"currency": "USD"}})
    assert_bad_input(error, "input.currency", "cannot change once the account has records")


def test_currency_change_is_refused_when_the_account_only_receives_transfers(alice, settings):
    source = create_account(alice, "Source")
    target = create_account(alice, "Target")
    insert_record(settings, source["id"], "transfer", "1", counterpart_account_id=target["id"])
    error = alice.error(UPDATE_ACCOUNT, {"id": target["id"], "input": {"currency": "USD"}})
    assert_bad_input(error, "input.currency", "cannot change once the account has records")


def test_resending_the_same_currency_is_fine_with_records(alice, settings):
    account = create_account(alice)
    insert_record(settings, account["id"], "expense", "1")
    updated = alice.ok(UPDATE_ACCOUNT, {"id": account["id"], "input": {"currency": "eur", "name": "Renamed"}})
    assert updated["updateAccount"]["name"] == "Renamed"


def test_currency_change_needs_an_opening_balance_that_fits_the_new_currency(alice):
    account = create_account(alice, openingBalance="10.50")
    error = alice.error(UPDATE_ACCOUNT, {"id": account["id"], "input": {"currency": "JPY"}})
    assert_bad_input(error, "input.currency", "send a new openingBalance")
    restated = {"currency": "JPY", "openingBalance": "1050"}
    updated = alice.ok(UPDATE_ACCOUNT, {"id": account["id"], "input": restated})
    assert updated["updateAccount"]["openingBalance"] == "1050"


def test_a_refused_update_changes_nothing(alice):
    account = create_account(alice, "Main", openingBalance="1")
    error = alice.error(
        UPDATE_ACCOUNT, {"id": account["id"], "input": {"name": "Renamed", "openingBalance": "0.001"}}
    )
    assert_bad_input(error, "input.openingBalance", "decimal places")
    assert alice.ok(ACCOUNT, {"id": account["id"]})["account"] == account


@pytest.mark.parametrize("bad_id", ["abc", "-1", "0", "1.5", "", "99999999999999999999999"])
def test_malformed_ids_are_bad_input_for_the_id_argument(alice, bad_id):
    assert_bad_input(alice.error(ACCOUNT, {"id": bad_id}), "id", "not a valid id")
