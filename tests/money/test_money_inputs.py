"""Every way money text enters over GraphQL and HTTP refuses loose text with BAD_USER_INPUT and the field."""

from __future__ import annotations

import pytest

from tests.accounts.operations import CREATE_ACCOUNT, create_account
from tests.conftest import GraphQL
from tests.exports.conftest import download
from tests.records.operations import CREATE_RECORD, RECORDS, record_input
from tests.rules.operations import CREATE_RULE

LOOSE_TEXTS = ["1_000", "١٢", "+5", " 5", "5.", "1e3"]
ACCOUNT_INPUT = {"name": "Main", "type": "CHECKING", "currency": "EUR"}


def assert_refused(error: dict, field: str) -> None:
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["extensions"]["field"] == field, error


@pytest.mark.parametrize("text", LOOSE_TEXTS)
def test_record_amounts_accept_only_plain_text(alice: GraphQL, text: str):
    account = create_account(alice)
    error = alice.error(CREATE_RECORD, {"input": record_input(account, amount=text)})
    assert_refused(error, "input.amount")


def test_a_literal_amount_in_the_document_is_refused_too(alice: GraphQL):
    account = create_account(alice)
    query = (f'mutation {{ createRecord(input: {{accountId: "{account["id"]}", kind: EXPENSE, '
             'amount: "1_000", date: "2026-01-15"}) { id } }')
    assert_refused(alice.error(query), "input.amount")


def test_more_decimals_than_the_currency_has_are_refused_not_rounded(alice: GraphQL):
    account = create_account(alice)
    too_precise = record_input(account, amount="1.0000000000000000000000000001")
    error = alice.error(CREATE_RECORD, {"input": too_precise})
    assert_refused(error, "input.amount")
    assert "at most 2 decimal places" in error["extensions"]["reason"]
    assert alice.ok(RECORDS)["records"]["totalCount"] == 0


@pytest.mark.parametrize("text", LOOSE_TEXTS)
def test_opening_balances_accept_only_plain_text(alice: GraphQL, text: str):
    error = alice.error(CREATE_ACCOUNT, {"input": {**ACCOUNT_INPUT, "openingBalance": text}})
    assert_refused(error, "input.openingBalance")


@pytest.mark.parametrize("field", ["minAmount", "maxAmount"])
def test_rule_bounds_accept_only_plain_text_with_at_most_four_decimals(alice: GraphQL, field: str):
    base = {"name": "Rule", "tags": ["x"]}
    assert_refused(alice.error(CREATE_RULE, {"input": {**base, field: "1_000"}}), f"input.{field}")
    error = alice.error(CREATE_RULE, {"input": {**base, field: "1.0000000000000000000000000001"}})
    assert_refused(error, f"input.{field}")
    assert "decimal places" in error["extensions"]["reason"]
    rule = alice.ok(CREATE_RULE, {"input": {**base, field: "-1.2345"}})["createRule"]
    assert rule[field] == "-1.2345"


@pytest.mark.parametrize("field", ["minAmount", "maxAmount"])
def test_record_filter_bounds_accept_only_plain_text(alice: GraphQL, field: str):
    assert_refused(alice.error(RECORDS, {"filter": {field: "1_000"}}), f"filter.{field}")


@pytest.mark.parametrize("text", LOOSE_TEXTS)
def test_export_filter_bounds_accept_only_plain_text(alice: GraphQL, text: str):
    response = download(alice, "/export/records.csv", minAmount=text)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["field"] == "query.minAmount"
