"""Every GraphQL error carries extensions.code; unexpected ones are masked and logged with the request id."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.config import Settings
from tests.graphql.probe import SECRET, BrokenContextView, FailingOnExit, probe_client, probe_schema

CREATE_ACCOUNT = """
mutation CreateAccount($input: CreateAccountInput!) {
  createAccount(input: $input) { id openingBalance }
}
"""


def account_input(**fields: Any) -> dict[str, Any]:
    return {"name": "Wallet", "type": "CASH", "currency": "EUR", "openingBalance": "10.00", **fields}


@pytest.fixture
def probe(settings: Settings) -> Iterator[TestClient]:
    settings.ensure_data_dir()
    with probe_client(settings, probe_schema()) as client:
        yield client


def probe_errors(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> list[dict]:
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    return response.json()["errors"]


# Documents that fail before anything runs


def test_syntax_error_is_graphql_parse_failed(anonymous):
    error = anonymous.error("{ me { email ")
    assert error["extensions"] == {"code": "GRAPHQL_PARSE_FAILED"}
    assert error["message"].startswith("Syntax Error")


def test_syntax_error_is_coded_without_the_parser_cache_too(probe):
    [error] = probe_errors(probe, "{ echo(")
    assert error["extensions"] == {"code": "GRAPHQL_PARSE_FAILED"}


def test_unknown_field_is_graphql_validation_failed(anonymous):
    error = anonymous.error("{ me { shoeSize } }")
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert "shoeSize" in error["message"]


def test_missing_required_argument_is_graphql_validation_failed(anonymous):
    error = anonymous.error("mutation { createAccount { id } }")
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


# Variables that do not coerce: bad input naming the variable and the path inside it


@pytest.mark.parametrize("amount", ["abc", "NaN", "Infinity", "1e5", "", 12.5, 10])
def test_bad_money_variable_is_bad_user_input_naming_the_field(anonymous, amount):
    error = anonymous.error(CREATE_ACCOUNT, {"input": account_input(openingBalance=amount)})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "input.openingBalance"
    assert error["message"].startswith("input.openingBalance: ")


def test_bad_currency_variable_is_bad_user_input_naming_the_field(anonymous):
    error = anonymous.error(CREATE_ACCOUNT, {"input": account_input(currency="EURO")})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "input.currency"
    assert "EURO" in error["extensions"]["reason"]


def test_unknown_enum_value_is_bad_user_input(anonymous):
    error = anonymous.error(CREATE_ACCOUNT, {"input": account_input(type="MATTRESS")})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "input.type"


def test_missing_variable_is_bad_user_input_naming_it(anonymous):
    error = anonymous.error(CREATE_ACCOUNT, {})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "input"


def test_missing_required_input_field_is_bad_user_input(anonymous):
    variables = {"input": {"name": "Wallet", "type": "CASH", "openingBalance": "1"}}
    error = anonymous.error(CREATE_ACCOUNT, variables)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "input"
    assert "currency" in error["message"]


def test_every_bad_variable_is_reported(anonymous):
    body = anonymous.execute(CREATE_ACCOUNT, {"input": account_input(openingBalance="x", currency="?")})
    fields = sorted(error["extensions"]["field"] for error in body["errors"])
    assert fields == ["input.currency", "input.openingBalance"]
    assert body["data"] is None


def test_bad_value_in_a_list_variable_names_its_index(probe):
    inputs = [{"amount": "1.00", "currency": "EUR"}, {"amount": "NaN", "currency": "EUR"}]
    [error] = probe_errors(probe, "query Q($inputs: [ProbeInput!]!) { count(inputs: $inputs) }",
                           {"inputs": inputs})
    assert error["extensions"]["field"] == "inputs[1].amount"
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_bad_date_variable_is_bad_user_input(probe):
    [error] = probe_errors(probe, "query Q($input: ProbeInput!) { echo(input: $input) }",
                           {"input": {"amount": "1", "currency": "EUR", "day": "2024-13-01"}})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "input.day"


def test_client_text_in_a_bad_value_cannot_fake_the_field(probe):
    amount = "x at .currency: "
    [error] = probe_errors(probe, "query Q($input: ProbeInput!) { echo(input: $input) }",
                           {"input": {"amount": amount, "currency": "EUR"}})
    assert error["extensions"]["field"] == "input.amount"


# Literal values written in the document


def test_bad_money_literal_is_bad_user_input_naming_the_field(anonymous):
    error = anonymous.error(
        'mutation { createAccount(input: {name: "W", type: CASH, currency: "EUR", openingBalance: "1e5"})'
        " { id } }"
    )
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "input.openingBalance"


def test_float_money_literal_in_a_list_names_its_index(probe):
    [error] = probe_errors(probe, '{ count(inputs: [{amount: "1", currency: "EUR"}, '
                                  '{amount: 12.5, currency: "EUR"}]) }')
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "inputs[1].amount"
    assert "string" in error["extensions"]["reason"]


# Errors raised while resolving


@pytest.mark.parametrize(
    ("kind", "extensions"),
    [
        ("not_found", {"code": "NOT_FOUND"}),
        ("invalid_input", {"code": "BAD_USER_INPUT", "field": "input.name", "reason": "must not be empty"}),
        ("rate_limited", {"code": "RATE_LIMITED", "retryAfterSeconds": 60}),
        ("unauthenticated", {"code": "UNAUTHENTICATED"}),
    ],
)
def test_domain_errors_keep_their_code_and_details(probe, kind, extensions):
    [error] = probe_errors(probe, "query Q($kind: String!) { fail(kind: $kind) }", {"kind": kind})
    assert error["extensions"] == extensions
    assert error["path"] == ["fail"]


def test_domain_error_message_is_the_one_a_person_reads(probe):
    [error] = probe_errors(probe, '{ fail(kind: "not_found") }')
    assert error["message"] == "Account 7 was not found"


def test_permission_denied_keeps_the_permission_code(probe):
    [error] = probe_errors(probe, "{ forbidden }")
    assert error["extensions"] == {"code": "FORBIDDEN"}
    assert error["message"] == "Not for you"


def test_anonymous_user_is_unauthenticated_on_the_real_schema(anonymous):
    assert anonymous.error("{ me { id } }")["extensions"]["code"] == "UNAUTHENTICATED"


# Unexpected errors


def test_unexpected_exception_is_masked_and_logged_with_the_request_id(probe, caplog):
    caplog.set_level(logging.ERROR, logger="api.graphql")
    response = probe.post("/graphql", json={"query": '{ fail(kind: "crash") }'},
                          headers={"X-Request-ID": "trace-42"})
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "trace-42"}
    assert "trace-42" in error["message"] and SECRET not in response.text
    assert response.headers["x-request-id"] == "trace-42"
    [record] = [record for record in caplog.records if record.name == "api.graphql"]
    assert "trace-42" in record.getMessage()
    assert record.exc_info is not None and SECRET in str(record.exc_info[1])


def test_wrongly_typed_result_is_an_internal_error(probe):
    [error] = probe_errors(probe, "{ wronglyTyped }")
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"


def test_error_raised_by_another_extension_is_still_coded_and_masked(settings):
    settings.ensure_data_dir()
    with probe_client(settings, probe_schema(FailingOnExit)) as client:
        response = client.post("/graphql", json={"query": '{ echo(input: {amount: "1", currency: "EUR"}) }'})
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert SECRET not in response.text


def test_failure_outside_any_operation_is_a_coded_500(settings, caplog):
    settings.ensure_data_dir()
    with probe_client(settings, probe_schema(), BrokenContextView) as client:
        response = client.post("/graphql", json={"query": "{ __typename }"},
                               headers={"X-Request-ID": "ctx-1"})
    assert response.status_code == 500
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "ctx-1"}
    assert SECRET not in response.text
    assert any("ctx-1" in record.getMessage() and record.exc_info for record in caplog.records)


@pytest.fixture
def unreachable_database_client(tmp_path) -> Iterator[TestClient]:
    """The real app whose database file lives in a directory that does not exist."""
    missing = tmp_path / "missing" / "db.sqlite3"
    settings = Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{missing}", bcrypt_rounds=4,
                        dashboard_enabled=False)
    with TestClient(create_app(settings)) as client:
        yield client


def test_database_failure_is_an_internal_error_with_request_id(unreachable_database_client, caplog):
    caplog.set_level(logging.ERROR, logger="api.graphql")
    login = 'mutation { login(email: "a@example.com", password: "secret secret") { accessToken } }'
    response = unreachable_database_client.post("/graphql", json={"query": login})
    assert response.status_code == 200
    [error] = response.json()["errors"]
    request_id = response.headers["x-request-id"]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    assert "sqlite" not in error["message"].lower()
    assert any(request_id in record.getMessage() for record in caplog.records)
