"""Introspection and the playground: on by default, both off with GRAPHQL_INTROSPECTION=false."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from tests.conftest import GraphQL

SCHEMA = "{ __schema { queryType { name } } }"
TYPE = '{ __type(name: "Account") { fields { name } } }'
IN_A_FRAGMENT = "query { ...Peek } fragment Peek on Query { __schema { types { name } } }"
PLAYGROUND_ASSET = "/static/graphiql/playground.js"


@pytest.fixture
def closed(settings) -> Iterator[GraphQL]:
    """GraphQL on an app with introspection switched off."""
    with TestClient(create_app(settings.model_copy(update={"graphql_introspection": False}))) as client:
        yield GraphQL(client)


def test_introspection_is_answered_by_default(anonymous):
    assert anonymous.ok(SCHEMA) == {"__schema": {"queryType": {"name": "Query"}}}
    assert anonymous.ok(TYPE)["__type"]["fields"]


def test_the_playground_is_served_by_default(client):
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("query", [SCHEMA, TYPE, IN_A_FRAGMENT], ids=["schema", "type", "fragment"])
def test_introspection_switched_off_is_refused_with_a_code(closed, query):
    error = closed.error(query)
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert "introspection has been disabled" in error["message"]


def test_typename_and_ordinary_queries_still_work_without_introspection(closed):
    assert closed.ok("{ __typename }") == {"__typename": "Query"}
    assert closed.error("{ me { id } }")["extensions"]["code"] == "UNAUTHENTICATED"


def test_no_playground_without_introspection(closed):
    response = closed.client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert closed.client.get(PLAYGROUND_ASSET).status_code == 404


def test_one_apps_setting_does_not_leak_into_another(closed, anonymous):
    """Both apps share one schema and its validation cache: the switch must hold for each app."""
    for _ in range(2):
        assert anonymous.ok(SCHEMA)
        assert closed.error(SCHEMA)["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
