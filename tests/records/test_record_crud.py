"""Creating, reading, updating and deleting records through the API."""

from __future__ import annotations

from prometheus_client import REGISTRY

from tests.accounts.operations import UPDATE_ACCOUNT, assert_not_found, create_account
from tests.records.operations import (
    DELETE_RECORD,
    RECORD,
    UPDATE_RECORD,
    category_id,
    create_record,
    listed_ids,
    record_input,
)


def update(user, record_id: str, **changes) -> dict:
    """Apply the changes to the record and return it."""
    return user.ok(UPDATE_RECORD, {"id": record_id, "input": changes})["updateRecord"]


def test_created_record_is_returned_with_its_account_and_category(alice):
    account = create_account(alice, "Main")
    groceries = category_id(alice, "Food / Groceries")
    record = create_record(
        alice, account, amount="12.5", payee=" Market ", description="weekly shop", notes="cash back",
        categoryId=groceries, date="2026-03-01",
    )
    assert (record["kind"], record["amount"], record["currency"]) == ("EXPENSE", "12.50", "EUR")
    assert (record["payee"], record["description"], record["notes"]) == ("Market", "weekly shop", "cash back")
    assert record["date"] == "2026-03-01"
    assert record["account"] == {"id": account["id"], "name": "Main", "currency": "EUR"}
    assert record["category"] == {"id": groceries, "name": "Groceries"}
    assert record["counterpartAccount"] is None and record["counterpartAmount"] is None
    assert record["createdAt"].endswith("+00:00")


def test_record_takes_its_accounts_currency_and_decimal_places(alice):
    yen = create_account(alice, "Yen", currency="JPY")
    record = create_record(alice, yen, amount="1500")
    assert (record["amount"], record["currency"]) == ("1500", "JPY")


def test_income_takes_an_income_category(alice):
    account = create_account(alice)
    salary = category_id(alice, "Salary")
    record = create_record(alice, account, kind="INCOME", amount="3000", categoryId=salary)
    assert (record["kind"], record["category"]["name"]) == ("INCOME", "Salary")


def test_tags_are_trimmed_deduplicated_and_sorted(alice):
    record = create_record(alice, create_account(alice), tags=[" trip ", "food", "trip", "Food"])
    assert record["tags"] == ["Food", "food", "trip"]


def test_record_is_read_back_by_id(alice):
    record = create_record(alice, create_account(alice), tags=["a"])
    assert alice.ok(RECORD, {"id": record["id"]})["record"] == record


def test_record_timestamps_are_utc_when_read_back(alice):
    record = create_record(alice, create_account(alice))
    assert alice.ok(RECORD, {"id": record["id"]})["record"]["updatedAt"].endswith("+00:00")


def test_missing_record_is_not_found(alice):
    assert_not_found(alice.error(RECORD, {"id": "999"}), "Record", "999")


def test_malformed_record_id_is_bad_input(alice):
    error = alice.error(RECORD, {"id": "x1"})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("BAD_USER_INPUT", "id")


def test_update_changes_only_the_fields_sent(alice):
    record = create_record(alice, create_account(alice), payee="Market", tags=["food"], notes="n")
    updated = update(alice, record["id"], payee="Bakery", amount="3.20")
    assert (updated["payee"], updated["amount"]) == ("Bakery", "3.20")
    assert (updated["tags"], updated["notes"], updated["date"]) == (["food"], "n", record["date"])
    assert updated["updatedAt"] > record["updatedAt"]


def test_update_replaces_tags(alice):
    record = create_record(alice, create_account(alice), tags=["a", "b"])
    assert update(alice, record["id"], tags=["b", "c"])["tags"] == ["b", "c"]
    assert update(alice, record["id"], tags=[])["tags"] == []


def test_update_clears_the_category_with_null(alice):
    record = create_record(alice, create_account(alice), categoryId=category_id(alice, "Travel"))
    assert update(alice, record["id"], categoryId=None)["category"] is None


def test_update_to_an_account_in_another_currency_takes_its_currency(alice):
    record = create_record(alice, create_account(alice), amount="20")
    dollars = create_account(alice, "Dollars", currency="USD")
    moved = update(alice, record["id"], accountId=dollars["id"])
    assert (moved["currency"], moved["amount"], moved["account"]["name"]) == ("USD", "20.00", "Dollars")


def test_changing_an_expense_into_a_transfer_drops_its_category(alice):
    main, savings = create_account(alice, "Main"), create_account(alice, "Savings")
    record = create_record(alice, main, categoryId=category_id(alice, "Travel"))
    transfer = update(alice, record["id"], kind="TRANSFER", counterpartAccountId=savings["id"])
    assert (transfer["kind"], transfer["category"]) == ("TRANSFER", None)
    assert transfer["counterpartAmount"] == "12.50"


def test_changing_a_transfer_into_an_expense_drops_its_counterpart(alice):
    main, savings = create_account(alice, "Main"), create_account(alice, "Savings")
    record = create_record(alice, main, kind="TRANSFER", counterpartAccountId=savings["id"])
    expense = update(alice, record["id"], kind="EXPENSE")
    assert (expense["counterpartAccount"], expense["counterpartAmount"]) == (None, None)


def test_update_refuses_null_for_a_field_every_record_has(alice):
    record = create_record(alice, create_account(alice))
    error = alice.error(UPDATE_RECORD, {"id": record["id"], "input": {"amount": None}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("BAD_USER_INPUT", "input.amount")


def test_refused_update_changes_nothing(alice):
    record = create_record(alice, create_account(alice), payee="Market")
    alice.error(UPDATE_RECORD, {"id": record["id"], "input": {"payee": "Bakery", "amount": "0"}})
    assert alice.ok(RECORD, {"id": record["id"]})["record"]["payee"] == "Market"


def test_records_on_an_archived_account_can_still_be_edited(alice):
    account = create_account(alice)
    record = create_record(alice, account)
    alice.ok(UPDATE_ACCOUNT, {"id": account["id"], "input": {"archived": True}})
    assert update(alice, record["id"], payee="Fixed")["payee"] == "Fixed"


def test_deleted_record_is_gone(alice):
    account = create_account(alice)
    kept, deleted = create_record(alice, account), create_record(alice, account, tags=["x"])
    assert alice.ok(DELETE_RECORD, {"id": deleted["id"]})["deleteRecord"] == deleted["id"]
    assert_not_found(alice.error(RECORD, {"id": deleted["id"]}), "Record", deleted["id"])
    assert listed_ids(alice) == [kept["id"]]


def test_deleting_a_missing_record_is_not_found(alice):
    assert_not_found(alice.error(DELETE_RECORD, {"id": "404"}), "Record", "404")


def test_created_records_are_counted_in_the_metric(alice):
    before = REGISTRY.get_sample_value("fintrack_records_created_total") or 0
    create_record(alice, create_account(alice))
    assert REGISTRY.get_sample_value("fintrack_records_created_total") == before + 1


def test_anonymous_cannot_create_or_read_records(anonymous, alice):
    account = create_account(alice)
    error = anonymous.error("mutation($input: RecordInput!) { createRecord(input: $input) { id } }",
                            {"input": record_input(account)})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert anonymous.error("{ records { totalCount } }")["extensions"]["code"] == "UNAUTHENTICATED"
    assert listed_ids(alice) == []
