"""Every response carries an X-Request-ID: the client's when it is sane, a fresh one otherwise."""

from __future__ import annotations

import re

import pytest

from api.request_id import NO_REQUEST_ID, current_request_id


def test_request_id_is_generated_when_absent(client):
    first, second = (client.get("/healthz").headers["x-request-id"] for _ in range(2))
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_sane_request_id_is_echoed(client):
    response = client.post("/graphql", json={"query": "{ __typename }"},
                           headers={"X-Request-ID": "abc-123.x_y"})
    assert response.headers["x-request-id"] == "abc-123.x_y"


@pytest.mark.parametrize("unsafe", ["has spaces", "x" * 65, "new\\nline", "<script>", "ünïcode"])
def test_unsafe_request_id_is_replaced(client, unsafe):
    response = client.get("/healthz", headers={"X-Request-ID": unsafe.encode()})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])


def test_refused_and_unknown_requests_carry_an_id_too(client):
    assert client.get("/no-such-page").headers["x-request-id"]
    refused = client.post("/graphql", content=b"{", headers={"Content-Type": "application/json"})
    assert refused.status_code == 400 and refused.headers["x-request-id"]


def test_outside_a_request_there_is_no_request_id():
    assert current_request_id() == NO_REQUEST_ID
