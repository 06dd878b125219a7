"""Transfers move money between two of the user's accounts, across currencies too."""

from __future__ import annotations

from tests.accounts.operations import ACCOUNT, create_account
from tests.records.operations import CREATE_RECORD, UPDATE_RECORD, create_record, record_input


def balance(user, account: dict) -> str:
    """The account's balance as the API reports it."""
    return user.ok(ACCOUNT, {"id": account["id"]})["account"]["balance"]


def test_transfer_in_one_currency_arrives_in_full(alice):
    main, savings = create_account(alice, "Main"), create_account(alice, "Savings")
    transfer = create_record(alice, main, kind="TRANSFER", amount="100", counterpartAccountId=savings["id"])
    assert transfer["counterpartAccount"] == {"id": savings["id"], "name": "Savings", "currency": "EUR"}
    assert transfer["counterpartAmount"] == "100.00"
    assert (balance(alice, main), balance(alice, savings)) == ("-100.00", "100.00")


def test_transfer_in_one_currency_refuses_a_different_arrival(alice):
    main, savings = create_account(alice, "Main"), create_account(alice, "Savings")
    transfer = record_input(main, kind="TRANSFER", amount="100", counterpartAccountId=savings["id"],
                            counterpartAmount="99")
    error = alice.error(CREATE_RECORD, {"input": transfer})
    assert error["extensions"]["field"] == "input.counterpartAmount"


def test_transfer_across_currencies_records_what_arrived(alice):
    euros, yen = create_account(alice, "Euros"), create_account(alice, "Yen", currency="JPY")
    transfer = create_record(alice, euros, kind="TRANSFER", amount="12.50", counterpartAccountId=yen["id"],
                             counterpartAmount="1999")
    assert (transfer["amount"], transfer["currency"]) == ("12.50", "EUR")
    assert (transfer["counterpartAmount"], transfer["counterpartAccount"]["currency"]) == ("1999", "JPY")
    assert (balance(alice, euros), balance(alice, yen)) == ("-12.50", "1999")


def test_transfer_across_currencies_needs_the_arrival_amount(alice):
    euros, yen = create_account(alice, "Euros"), create_account(alice, "Yen", currency="JPY")
    transfer = record_input(euros, kind="TRANSFER", counterpartAccountId=yen["id"])
    error = alice.error(CREATE_RECORD, {"input": transfer})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "input.counterpartAmount"


def test_arrival_amount_follows_the_counterpart_currencys_decimal_places(alice):
    euros, yen = create_account(alice, "Euros"), create_account(alice, "Yen", currency="JPY")
    transfer = record_input(euros, kind="TRANSFER", counterpartAccountId=yen["id"], counterpartAmount="19.99")
    assert alice.error(CREATE_RECORD, {"input": transfer})["extensions"]["field"] == "input.counterpartAmount"


def test_editing_the_amount_keeps_the_arrival_of_a_transfer_across_currencies(alice):
    euros, yen = create_account(alice, "Euros"), create_account(alice, "Yen", currency="JPY")
    transfer = create_record(
        alice, euros, kind="TRANSFER", counterpartAccountId=yen["id"], counterpartAmount="1999"
    )
    updated = alice.ok(UPDATE_RECORD, {"id": transfer["id"], "input": {"amount": "13"}})["updateRecord"]
    assert (updated["amount"], updated["counterpartAmount"]) == ("13.00", "1999")


def test_editing_the_amount_of_a_transfer_in_one_currency_moves_both_legs(alice):
    main, savings = create_account(alice, "Main"), create_account(alice, "Savings")
    transfer = create_record(alice, main, kind="TRANSFER", amount="100", counterpartAccountId=savings["id"])
    updated = alice.ok(UPDATE_RECORD, {"id": transfer["id"], "input": {"amount": "40"}})["updateRecord"]
    assert updated["counterpartAmount"] == "40.00"
    assert (balance(alice, main), balance(alice, savings)) == ("-40.00", "40.00")


def test_redirecting_a_transfer_to_another_currency_needs_the_new_arrival(alice):
    main, savings = create_account(alice, "Main"), create_account(alice, "Savings")
    yen = create_account(alice, "Yen", currency="JPY")
    transfer = create_record(alice, main, kind="TRANSFER", counterpartAccountId=savings["id"])
    variables = {"id": transfer["id"], "input": {"counterpartAccountId": yen["id"]}}
    assert alice.error(UPDATE_RECORD, variables)["extensions"]["field"] == "input.counterpartAmount"
    variables["input"]["counterpartAmount"] = "2000"
    assert alice.ok(UPDATE_RECORD, variables)["updateRecord"]["counterpartAmount"] == "2000"
