"""HTTP-level limits: oversized bodies get 413 before they are read whole, absurdly nested JSON a 400."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from api.config import Settings

LIMIT = 256 * 1024
CHUNK = b" " * 4096


@pytest.fixture
def settings(settings: Settings) -> Settings:
    settings.max_body_bytes = LIMIT
    return settings


def padded_query(size: int) -> bytes:
    """A valid GraphQL request body of exactly `size` bytes (the padding is JSON whitespace)."""
    body = json.dumps({"query": "{ __typename }"}).encode()
    return body + b" " * (size - len(body))


def assert_payload_too_large(response) -> None:
    assert response.status_code == 413, response.text
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "PAYLOAD_TOO_LARGE", "maxBytes": LIMIT}


def test_body_at_the_limit_is_answered(client):
    response = client.post("/graphql", content=padded_query(LIMIT),
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


def test_body_declared_over_the_limit_is_refused_with_413(client):
    response = client.post("/graphql", content=padded_query(LIMIT + 1),
                           headers={"Content-Type": "application/json"})
    assert_payload_too_large(response)


def test_chunked_body_over_the_limit_is_refused_with_413(client):
    def chunks() -> Iterator[bytes]:
        yield padded_query(LIMIT + 1)

    response = client.post("/graphql", content=chunks(), headers={"Content-Type": "application/json"})
    assert "content-length" not in response.request.headers
    assert_payload_too_large(response)


def test_endless_streamed_body_is_refused_after_reading_just_past_the_limit(client: TestClient):
    """A body with no length that never ends: the answer comes once the limit is passed, not at its end."""
    chunks_read = 0
    sent: list[dict] = []

    async def receive() -> dict:
        nonlocal chunks_read
        chunks_read += 1
        return {"type": "http.request", "body": CHUNK, "more_body": True}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/graphql", "raw_path": b"/graphql", "query_string": b"", "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"),
                    (b"transfer-encoding", b"chunked")],
        "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
    }
    client.portal.call(client.app, scope, receive, send)
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 413
    body = b"".join(message.get("body", b"") for message in sent[1:])
    assert json.loads(body)["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert chunks_read == LIMIT // len(CHUNK) + 1


def test_json_nested_100000_deep_is_a_coded_400_without_a_logged_traceback(client, caplog):
    caplog.set_level(logging.ERROR)
    nested = b'{"query": "{ __typename }", "variables": {"v": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}"
    response = client.post("/graphql", content=nested, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_REQUEST"}
    assert "nested too deeply" in error["message"]
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_deeply_nested_variables_in_a_get_request_are_a_coded_400(client):
    response = client.get("/graphql", params={"query": "{ __typename }", "variables": "[" * 20_000})
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
