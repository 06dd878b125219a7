"""Creating, reading, updating, archiving and deleting accounts through the API."""

from __future__ import annotations

from tests.accounts.operations import (
    ACCOUNT,
    DELETE_ACCOUNT,
    UPDATE_ACCOUNT,
    account_names,
    assert_not_found,
    create_account,
)
from tests.accounts.records_table import insert_record, records_by_id


def test_created_account_is_returned_with_its_fields(alice):
    account = create_account(alice, "  Main  ", type="SAVINGS", currency="usd", openingBalance="1234.5")
    assert account["name"] == "Main"
    assert account["type"] == "SAVINGS"
    assert account["currency"] == "USD"
    assert account["openingBalance"] == "1234.50"
    assert account["balance"] == "1234.50"
    assert account["archived"] is False
    assert account["createdAt"] and account["updatedAt"]


def test_opening_balance_defaults_to_zero_in_the_currencys_decimal_places(alice):
    assert create_account(alice, "Wallet", currency="JPY")["openingBalance"] == "0"
    assert create_account(alice, "Bahrain", currency="BHD")["openingBalance"] == "0.000"


def test_account_is_read_back_by_id(alice):
    created = create_account(alice)
    assert alice.ok(ACCOUNT, {"id": created["id"]})["account"] == created


def test_accounts_are_listed_by_name_ignoring_case(alice):
    for name in ("savings", "Cash", "Brokerage"):
        create_account(alice, name)
    assert account_names(alice) == ["Brokerage", "Cash", "savings"]


def test_new_user_has_no_accounts(alice):
    assert account_names(alice) == []


def test_update_changes_only_the_fields_sent(alice):
    account = create_account(alice, "Main", openingBalance="10")
    updated = alice.ok(UPDATE_ACCOUNT, {"id": account["id"], "input": {"name": " Daily ", "type": "CASH"}})[
        "updateAccount"
    ]
    assert (updated["name"], updated["type"]) == ("Daily", "CASH")
    assert (updated["currency"], updated["openingBalance"]) == ("EUR", "10.00")


def test_update_keeps_the_name_when_renamed_to_itself_in_another_case(alice):
    account = create_account(alice, "Main")
    renamed = alice.ok(UPDATE_ACCOUNT, {"id": account["id"], "input": {"name": "MAIN"}})["updateAccount"]
    assert renamed["name"] == "MAIN"


def test_opening_balance_update_moves_the_balance(alice):
    account = create_account(alice, openingBalance="100")
    updated = alice.ok(UPDATE_ACCOUNT, {"id": account["id"], "input": {"openingBalance": "-25.10"}})
    assert updated["updateAccount"]["openingBalance"] == "-25.10"
    assert updated["updateAccount"]["balance"] == "-25.10"


def test_currency_changes_while_the_account_has_no_records(alice):
    account = create_account(alice, openingBalance="12")
    updated = alice.ok(UPDATE_ACCOUNT, {"id": account["id"], "input": {"currency": "JPY"}})["updateAccount"]
    assert (updated["currency"], updated["openingBalance"]) == ("JPY", "12")


def test_archived_accounts_are_hidden_unless_asked_for(alice):
    create_account(alice, "Open")
    old = create_account(alice, "Old")
    archived = alice.ok(UPDATE_ACCOUNT, {"id": old["id"], "input": {"archived": True}})["updateAccount"]
    assert archived["archived"] is True
    assert account_names(alice) == ["Open"]
    assert account_names(alice, include_archived=True) == ["Old", "Open"]
    assert alice.ok(ACCOUNT, {"id": old["id"]})["account"]["archived"] is True


def test_unarchiving_lists_the_account_again(alice):
    account = create_account(alice, "Old")
    alice.ok(UPDATE_ACCOUNT, {"id": account["id"], "input": {"archived": True}})
    alice.ok(UPDATE_ACCOUNT, {"id": account["id"], "input": {"archived": False}})
    assert account_names(alice) == ["Old"]


def test_archiving_keeps_the_records_and_the_balance(alice, settings):
    account = create_account(alice, openingBalance="5")
    insert_record(settings, account["id"], "income", "20")
    archived = alice.ok(UPDATE_ACCOUNT, {"id": account["id"], "input": {"archived": True}})["updateAccount"]
    assert archived["balance"] == "25.00"
    assert len(records_by_id(settings)) == 1


def test_delete_returns_the_id_and_the_account_is_gone(alice):
    account = create_account(alice)
    assert alice.ok(DELETE_ACCOUNT, {"id": account["id"]}) == {"deleteAccount": account["id"]}
    assert_not_found(alice.error(ACCOUNT, {"id": account["id"]}), "Account", account["id"])
    assert account_names(alice, include_archived=True) == []


def test_delete_removes_the_accounts_records_and_transfers_touching_it(alice, settings):
    doomed = create_account(alice, "Doomed")
    kept = create_account(alice, "Kept")
    insert_record(settings, doomed["id"], "expense", "3")
    insert_record(settings, kept["id"], "transfer", "4", counterpart_account_id=doomed["id"])
    kept_record = insert_record(settings, kept["id"], "income", "9")
    alice.ok(DELETE_ACCOUNT, {"id": doomed["id"]})
    assert list(records_by_id(settings)) == [kept_record]
    assert alice.ok(ACCOUNT, {"id": kept["id"]})["account"]["balance"] == "9.00"


def test_deleting_twice_is_not_found(alice):
    account = create_account(alice)
    alice.ok(DELETE_ACCOUNT, {"id": account["id"]})
    assert_not_found(alice.error(DELETE_ACCOUNT, {"id": account["id"]}), "Account", account["id"])


def test_a_deleted_name_can_be_used_again(alice):
    account = create_account(alice, "Reused")
    alice.ok(DELETE_ACCOUNT, {"id": account["id"]})
    assert create_account(alice, "Reused")["name"] == "Reused"


def test_accounts_need_a_signed_in_user(anonymous):
    error = anonymous.error("{ accounts { id } }")
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
