"""Security headers: nosniff and no referrer everywhere; HTML pages get a policy that forbids framing."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from api.security_headers import DASHBOARD_POLICY, STRICT_PAGE_POLICY, SecurityHeadersMiddleware


def assert_everywhere_headers(headers) -> None:
    assert headers.get_list("x-content-type-options") == ["nosniff"]
    assert headers.get_list("referrer-policy") == ["no-referrer"]


def test_json_responses_get_nosniff_and_no_referrer_but_no_page_policy(client):
    for response in (client.get("/healthz"), client.post("/graphql", json={"query": "{ __typename }"})):
        assert_everywhere_headers(response.headers)
        assert "content-security-policy" not in response.headers


def test_the_playground_gets_the_strict_policy(client):
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == STRICT_PAGE_POLICY
    assert response.headers["x-frame-options"] == "DENY"
    assert_everywhere_headers(response.headers)


def test_the_strict_policy_allows_no_inline_script_and_no_other_origin():
    directives = dict(directive.split(" ", 1) for directive in STRICT_PAGE_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


def test_the_dashboard_gets_its_own_policy_and_its_weaker_referrer_policy_is_replaced(client):
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == DASHBOARD_POLICY
    assert "frame-ancestors 'none'" in DASHBOARD_POLICY and "http" not in DASHBOARD_POLICY
    assert response.headers["x-frame-options"] == "DENY"
    assert_everywhere_headers(response.headers)  # marimo says strict-origin-when-cross-origin


async def html_without_headers(scope: Scope, receive: Receive, send: Send) -> None:
    """An ASGI app whose start message has no headers at all (the key is optional)."""
    await send({"type": "http.response.start", "status": 200})
    await send({"type": "http.response.body", "body": b"plain"})


def test_a_response_started_without_headers_gets_them():
    client = TestClient(SecurityHeadersMiddleware(html_without_headers))
    assert_everywhere_headers(client.get("/").headers)


def test_the_longest_matching_prefix_chooses_the_policy():
    middleware = SecurityHeadersMiddleware(Starlette(), {"/a": "A", "/a/b": "AB"}, default_policy="D")
    assert [middleware.policy_for(path) for path in ("/a/b/c", "/a/x", "/z")] == ["AB", "A", "D"]
