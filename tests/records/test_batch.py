"""createRecords adds every record or none, up to settings.max_batch_records at once."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from api.config import Settings
from tests.accounts.operations import create_account
from tests.records.operations import CREATE_RECORDS, listed_ids, record_input

BATCH_LIMIT = 4


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A small batch limit, to test it without sending hundreds of records."""
    settings.max_batch_records = BATCH_LIMIT
    return settings


def test_batch_creates_every_record_in_order(alice):
    account = create_account(alice)
    inputs = [record_input(account, payee=f"Payee {n}", amount=f"{n}.00") for n in range(1, 4)]
    created = alice.ok(CREATE_RECORDS, {"inputs": inputs})["createRecords"]
    assert [record["payee"] for record in created] == ["Payee 1", "Payee 2", "Payee 3"]
    assert sorted(listed_ids(alice)) == sorted(record["id"] for record in created)


def test_one_bad_record_saves_nothing_and_names_its_position(alice):
    account = create_account(alice)
    inputs = [record_input(account), record_input(account), record_input(account), record_input(account)]
    inputs[3]["amount"] = "0"
    error = alice.error(CREATE_RECORDS, {"inputs": inputs})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "inputs[3].amount"
    assert listed_ids(alice) == []


def test_bad_id_in_a_batch_names_its_position(alice):
    account = create_account(alice)
    inputs = [record_input(account), record_input(account, categoryId="nope")]
    assert alice.error(CREATE_RECORDS, {"inputs": inputs})["extensions"]["field"] == "inputs[1].categoryId"
    assert listed_ids(alice) == []


def test_a_missing_account_in_a_batch_saves_nothing(alice):
    account = create_account(alice)
    inputs = [record_input(account), record_input({"id": "9999"})]
    assert alice.error(CREATE_RECORDS, {"inputs": inputs})["extensions"]["code"] == "NOT_FOUND"
    assert listed_ids(alice) == []


def test_batch_at_the_limit_is_accepted_and_counted(alice):
    account = create_account(alice)
    before = REGISTRY.get_sample_value("fintrack_records_created_total") or 0
    alice.ok(CREATE_RECORDS, {"inputs": [record_input(account)] * BATCH_LIMIT})
    assert len(listed_ids(alice)) == BATCH_LIMIT
    assert REGISTRY.get_sample_value("fintrack_records_created_total") == before + BATCH_LIMIT


def test_batch_over_the_limit_is_refused(alice):
    account = create_account(alice)
    error = alice.error(CREATE_RECORDS, {"inputs": [record_input(account)] * (BATCH_LIMIT + 1)})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("BAD_USER_INPUT", "inputs")
    assert listed_ids(alice) == []


def test_empty_batch_creates_nothing(alice):
    assert alice.ok(CREATE_RECORDS, {"inputs": []})["createRecords"] == []


def test_asking_only_ids_answers_the_ids_of_the_created_records(alice):
    account = create_account(alice)
    inputs = [record_input(account, payee=f"Payee {n}") for n in range(3)]
    query = "mutation($inputs: [RecordInput!]!) { createRecords(inputs: $inputs) { id __typename } }"
    created = alice.ok(query, {"inputs": inputs})["createRecords"]
    assert [record["__typename"] for record in created] == ["Record"] * 3
    assert [record["id"] for record in created] == sorted(listed_ids(alice), key=int)


@pytest.mark.parametrize("selection", [
    "id payee account { name }",
    "id ... on Record { payee account { name } }",
    "id payee @include(if: true) account @skip(if: false) { name }",
])
def test_ids_with_other_fields_answer_those_fields_too(alice, selection):
    account = create_account(alice, "Wallet")
    query = f"mutation($inputs: [RecordInput!]!) {{ createRecords(inputs: $inputs) {{ {selection} }} }}"
    created = alice.ok(query, {"inputs": [record_input(account, payee="Shop")]})["createRecords"]
    assert created == [{"id": listed_ids(alice)[0], "payee": "Shop", "account": {"name": "Wallet"}}]
