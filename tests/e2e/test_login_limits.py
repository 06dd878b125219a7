"""A real `fintrack serve`: X-Forwarded-For cannot multiply the sign-in attempts unless a proxy is trusted."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery"
REGISTER = "mutation($e: String!, $p: String!) { register(email: $e, password: $p) { accessToken } }"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"


def login_codes(url: str, attempts: list[tuple[str, str]]) -> list[str]:
    """The outcome of each (password, claimed X-Forwarded-For) login for carol: OK or the error code."""
    codes = []
    with httpx.Client(timeout=60) as client:
        for password, claimed_address in attempts:
            payload = {"query": LOGIN, "variables": {"e": "carol@example.com", "p": password}}
            headers = {"X-Forwarded-For": claimed_address}
            body = client.post(f"{url}/graphql", headers=headers, json=payload).json()
            codes.append(body["errors"][0]["extensions"]["code"] if body.get("errors") else "OK")
    return codes


def register_carol(url: str) -> None:
    payload = {"query": REGISTER, "variables": {"e": "carol@example.com", "p": PASSWORD}}
    assert not httpx.post(f"{url}/graphql", json=payload).json().get("errors")


def wrong_passwords_from_claimed_addresses(count: int) -> list[tuple[str, str]]:
    return [("a wrong guess", f"198.51.100.{number}") for number in range(count)]


def test_claimed_addresses_are_ignored_without_a_trusted_proxy(start_server):
    server = start_server()
    register_carol(server.url)

    codes = login_codes(server.url, wrong_passwords_from_claimed_addresses(25) + [(PASSWORD, "203.0.113.7")])

    assert codes == ["UNAUTHENTICATED"] * 10 + ["RATE_LIMITED"] * 16


def test_behind_a_trusted_proxy_guesses_from_many_addresses_still_hit_the_email_limit(start_server):
    server = start_server(settings={"FORWARDED_ALLOW_IPS": "127.0.0.1"})
    register_carol(server.url)

    codes = login_codes(server.url, wrong_passwords_from_claimed_addresses(25) + [(PASSWORD, "203.0.113.7")])

    # Each claimed address is believed (more than 10 guesses get checked), but the email's own
    # limit (20, then a wait that doubles) stops the guessing, and the right password too.
    assert codes[:20] == ["UNAUTHENTICATED"] * 20
    assert "RATE_LIMITED" in codes[20:25]
    assert codes[-1] == "RATE_LIMITED"
