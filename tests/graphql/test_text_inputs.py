"""Text no database can store (a lone surrogate, NUL) is refused in every string input, never stored.

Each case runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL, where both used to be internal
errors (SQLite choked on the surrogate only).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from api.graphql.text_inputs import NUL_REASON, SURROGATE_REASON, first_unstorable_text
from tests.conftest import GraphQL

LONE_SURROGATE = "\ud800"
NUL = "\x00"
UNSTORABLE = pytest.mark.parametrize(
    ("bad", "reason"), [(LONE_SURROGATE, SURROGATE_REASON), (NUL, NUL_REASON)], ids=["surrogate", "nul"]
)

LOGIN = """mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken }
}"""
REGISTER = """mutation Register($email: String!, $password: String!) {
  register(email: $email, password: $password) { accessToken }
}"""
CREATE_ACCOUNT = "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }"
CREATE_CATEGORY = "mutation ($input: CreateCategoryInput!) { createCategory(input: $input) { id } }"
CREATE_RECORDS = "mutation ($inputs: [RecordInput!]!) { createRecords(inputs: $inputs) { id } }"
RECORDS = "query ($filter: RecordFilter) { records(filter: $filter) { nodes { id } } }"
CHANGE_PASSWORD = """mutation ($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new)
}"""


def refusal(user: GraphQL, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The first error, for a request written as a hostile client does: JSON with \\u escapes.

    The test helper's `json=` cannot encode a lone surrogate; json.dumps escapes it as "\\ud800".
    """
    headers = {"Content-Type": "application/json"}
    if user.token:
        headers["Authorization"] = f"Bearer {user.token}"
    body = json.dumps({"query": query, "variables": variables or {}})
    response = user.client.post("/graphql", content=body, headers=headers)
    assert response.status_code == 200, response.text
    errors = response.json().get("errors")
    assert errors, response.text
    return errors[0]


def assert_refused(error: dict[str, Any], field: str, reason: str) -> None:
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field, "reason": reason}
    assert error["message"] == f"{field}: {reason}"


@UNSTORABLE
@pytest.mark.parametrize("field", ["email", "password"])
def test_anonymous_login_refuses_unstorable_text(anonymous, bad, reason, field):
    variables = {"email": "ada@example.com", "password": "correct horse battery", field: f"ada{bad}"}
    assert_refused(refusal(anonymous, LOGIN, variables), field, reason)


@UNSTORABLE
def test_register_refuses_unstorable_email(anonymous, bad, reason):
    variables = {"email": f"ada{bad}@example.com", "password": "correct horse battery"}
    assert_refused(refusal(anonymous, REGISTER, variables), "email", reason)


@UNSTORABLE
def test_signed_in_mutations_refuse_unstorable_text_by_its_path(alice, bad, reason):
    cases = [
        (CREATE_ACCOUNT, {"input": {"name": f"Cash{bad}", "type": "CASH", "currency": "EUR"}}, "input.name"),
        (CREATE_CATEGORY, {"input": {"name": "Fun", "kind": "EXPENSE", "color": bad}}, "input.color"),
        (CHANGE_PASSWORD, {"current": "correct horse battery", "new": f"x{bad}" * 8}, "new"),
    ]
    for query, variables, field in cases:
        assert_refused(refusal(alice, query, variables), field, reason)
    assert alice.ok("{ accounts { id } }")["accounts"] == []


@UNSTORABLE
def test_text_deep_in_a_batch_is_named_by_index_and_nothing_is_stored(alice, bad, reason):
    account = alice.ok(CREATE_ACCOUNT, {"input": {"name": "Cash", "type": "CASH", "currency": "EUR"}})
    record = {"accountId": account["createAccount"]["id"], "kind": "EXPENSE", "amount": "1.00",
              "date": "2026-01-05"}
    inputs = [record, {**record, "payee": "fine", "tags": ["ok", f"tag{bad}"]}]
    assert_refused(refusal(alice, CREATE_RECORDS, {"inputs": inputs}), "inputs[1].tags[1]", reason)
    assert alice.ok(RECORDS)["records"]["nodes"] == []


@UNSTORABLE
def test_filters_refuse_unstorable_search_text(alice, bad, reason):
    assert_refused(refusal(alice, RECORDS, {"filter": {"search": f"re{bad}we"}}), "filter.search", reason)


def test_nul_in_a_literal_is_refused_by_its_argument_path(alice):
    literal = 'mutation { createAccount(input: {name: "Ca\\u0000sh", type: CASH, currency: "EUR"}) { id } }'
    error = refusal(alice, literal)
    assert_refused(error, "input.name", NUL_REASON)


def test_nul_in_a_block_string_literal_is_refused(anonymous):
    error = refusal(anonymous, 'mutation { login(email: """a\x00b""", password: "x") { accessToken } }')
    assert_refused(error, "email", NUL_REASON)


def test_lone_surrogate_escape_in_a_literal_does_not_parse(anonymous):
    error = refusal(anonymous, 'mutation { login(email: "\\ud800", password: "x") { accessToken } }')
    assert error["extensions"] == {"code": "GRAPHQL_PARSE_FAILED"}


def test_a_field_name_with_unstorable_text_is_refused(alice):
    account = {"name": "Cash", "type": "CASH", "currency": "EUR", f"x{LONE_SURROGATE}": "1"}
    error = refusal(alice, CREATE_ACCOUNT, {"input": account})
    assert_refused(error, "input", f"a field name {SURROGATE_REASON}")


def test_variables_the_operation_does_not_declare_are_ignored(anonymous):
    assert anonymous.ok("query { __typename }", {"unused": NUL}) == {"__typename": "Query"}


def test_storable_text_passes_unchanged():
    text = "Ümlaut, emoji \U0001F600, tab\t and CJK 中文"
    assert first_unstorable_text({"a": [text, {"b": text}]}, "input") is None


def test_nesting_deeper_than_the_recursion_limit_is_walked():
    value: object = f"deep{NUL}"
    for _ in range(5000):
        value = [value]
    refusal = first_unstorable_text(value, "v")
    assert refusal is not None
    assert refusal.field == "v" + "[0]" * 5000
