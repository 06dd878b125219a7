"""Which exception each coded GraphQL error (or bare HTTP answer) becomes."""

from __future__ import annotations

import pytest

from analytics.errors import (
    ApiError,
    AuthenticationError,
    InputError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TransportError,
    error_from_graphql,
    error_from_status,
)


@pytest.mark.parametrize(("code", "error_class"), [
    ("UNAUTHENTICATED", AuthenticationError),
    ("NOT_FOUND", NotFoundError),
    ("BAD_USER_INPUT", InputError),
    ("GRAPHQL_PARSE_FAILED", InputError),
    ("GRAPHQL_VALIDATION_FAILED", InputError),
    ("RATE_LIMITED", RateLimitedError),
    ("INTERNAL_SERVER_ERROR", ServerError),
    ("SOMETHING_NEW", ApiError),
])
def test_the_code_chooses_the_exception(code: str, error_class: type[ApiError]):
    error = error_from_graphql({"message": "no", "extensions": {"code": code}})
    assert type(error) is error_class
    assert (error.code, error.message) == (code, "no")


def test_an_input_error_carries_the_field():
    error = error_from_graphql({
        "message": "input.amount: must be positive",
        "extensions": {"code": "BAD_USER_INPUT", "field": "input.amount", "reason": "must be positive"},
    })
    assert error.field == "input.amount"
    assert str(error) == "BAD_USER_INPUT: input.amount: must be positive"


def test_rate_limited_and_server_errors_expose_what_to_do_next():
    limited = error_from_graphql(
        {"message": "wait", "extensions": {"code": "RATE_LIMITED", "retryAfterSeconds": 42}}
    )
    failed = error_from_graphql(
        {"message": "oops", "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": "r-1"}}
    )
    assert isinstance(limited, RateLimitedError) and limited.retry_after_seconds == 42
    assert isinstance(failed, ServerError) and failed.request_id == "r-1"


def test_an_error_without_extensions_is_a_plain_api_error():
    error = error_from_graphql({"message": "mystery"})
    assert type(error) is ApiError and error.code == "UNKNOWN" and error.field is None


@pytest.mark.parametrize(("status", "error_class"), [
    (429, RateLimitedError), (502, ServerError), (404, TransportError),
])
def test_http_answers_without_graphql_become_errors_too(status: int, error_class: type[ApiError]):
    error = error_from_status(status, "<html>")
    assert isinstance(error, error_class) and f"HTTP {status}" in error.message
