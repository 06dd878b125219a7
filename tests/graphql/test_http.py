"""GraphQL over HTTP: GraphiQL, GET for queries only, coded JSON errors for refused requests, CORS."""

from __future__ import annotations

import pytest

from api.config import Settings

ALLOWED_ORIGIN = "https://budget.example.com"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    settings.cors_origins = [ALLOWED_ORIGIN]
    return settings


def assert_refused(response, status_code: int, code: str) -> None:
    assert response.status_code == status_code, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == code
    assert error["message"]


def test_browser_get_serves_the_graphiql_playground(client):
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


def test_query_over_get_is_answered(client):
    response = client.get("/graphql", params={"query": "query Ping { __typename }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


def test_mutation_over_get_is_refused_with_405_and_not_executed(client, anonymous):
    register = 'mutation { register(email: "get@example.com", password: "horse battery") { accessToken } }'
    response = client.get("/graphql", params={"query": register})
    assert_refused(response, 405, "METHOD_NOT_ALLOWED")
    assert response.headers["allow"] == "POST"
    assert anonymous.ok(register)["register"]["accessToken"]  # the address was still free


def test_batched_requests_are_refused(client):
    response = client.post("/graphql", json=[{"query": "{ __typename }"}, {"query": "{ __typename }"}])
    assert_refused(response, 400, "BAD_REQUEST")


def test_body_that_is_not_json_is_refused(client):
    response = client.post("/graphql", content=b"{not json", headers={"Content-Type": "application/json"})
    assert_refused(response, 400, "BAD_REQUEST")


def test_unsupported_content_type_is_refused(client):
    response = client.post("/graphql", content=b"{ __typename }", headers={"Content-Type": "text/plain"})
    assert_refused(response, 400, "BAD_REQUEST")


def test_missing_query_is_refused(client):
    assert_refused(client.post("/graphql", json={"variables": {}}), 400, "BAD_REQUEST")


def test_unknown_operation_name_is_refused(client):
    response = client.post("/graphql", json={"query": "query A { __typename }", "operationName": "B"})
    assert_refused(response, 400, "BAD_REQUEST")


def test_failed_operation_still_answers_200(anonymous, client):
    response = client.post("/graphql", json={"query": "{ me { id } }"})
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def preflight(client, origin: str):
    return client.options("/graphql", headers={
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    })


def test_cors_preflight_is_allowed_for_a_configured_origin(client):
    response = preflight(client, ALLOWED_ORIGIN)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "authorization" in response.headers["access-control-allow-headers"].lower()


def test_cors_preflight_is_refused_for_another_origin(client):
    response = preflight(client, "https://evil.example.net")
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


def test_cors_response_exposes_the_request_id_to_the_allowed_origin(client):
    response = client.post("/graphql", json={"query": "{ __typename }"}, headers={"Origin": ALLOWED_ORIGIN})
    assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()


def test_no_cors_headers_for_another_origin(client):
    response = client.post("/graphql", json={"query": "{ __typename }"},
                           headers={"Origin": "https://evil.example.net"})
    assert "access-control-allow-origin" not in response.headers
