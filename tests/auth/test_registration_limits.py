"""Registrations are limited per client address and overall, counted before the password is hashed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.auth.passwords import PasswordHasher
from api.client_address import forwarding_headers
from api.config import Settings
from tests.auth.operations import PASSWORD, REGISTER
from tests.conftest import UNLIMITED_REGISTRATIONS

DEFAULT_LIMITS = {name: Settings.model_fields[name].default for name in UNLIMITED_REGISTRATIONS}


@pytest.fixture
def limited_client(migrated_database: Settings) -> Iterator[TestClient]:
    """The app with the default registration limits (the shared fixtures lift them)."""
    with TestClient(create_app(migrated_database.model_copy(update=DEFAULT_LIMITS))) as client:
        yield client


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The passwords hashed from now on."""
    hashed: list[str] = []
    original = PasswordHasher.hash

    async def counting_hash(self: PasswordHasher, password: str) -> str:
        hashed.append(password)
        return await original(self, password)

    monkeypatch.setattr(PasswordHasher, "hash", counting_hash)
    return hashed


def register(client: TestClient, email: str, address: str | None = None, password: str = PASSWORD) -> dict:
    """The first error of a registration (None when it succeeds), from the test client or `address`."""
    headers = forwarding_headers(client.app.state.app_state.forwarding_token, address) if address else {}
    variables = {"email": email, "password": password}
    body = client.post("/graphql", json={"query": REGISTER, "variables": variables}, headers=headers).json()
    return body["errors"][0] if body.get("errors") else None


def test_defaults_are_ten_per_address_and_a_hundred_overall() -> None:
    assert DEFAULT_LIMITS == {"registrations_per_address_per_hour": 10, "registrations_global_per_hour": 100}


def test_the_eleventh_registration_from_one_address_within_the_hour_is_refused(limited_client, hashes):
    assert register(limited_client, "carol@example.com") is None
    for _ in range(9):  # probing whether an email exists counts too: each costs a hash
        assert register(limited_client, "carol@example.com")["extensions"]["field"] == "email"
    hashed_before = len(hashes)

    error = register(limited_client, "dave@example.com")

    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert 3500 < error["extensions"]["retryAfterSeconds"] <= 3600
    assert len(hashes) == hashed_before, "a refused registration must not hash its password"
    assert register(limited_client, "dave@example.com", address="198.51.100.7") is None


def test_refused_input_is_not_counted(limited_client):
    for _ in range(12):
        short_password = register(limited_client, "carol@example.com", password="short")
        assert short_password["extensions"]["field"] == "password"
        assert register(limited_client, "not-an-email")["extensions"]["field"] == "email"
    assert register(limited_client, "carol@example.com") is None


def test_registrations_from_everyone_together_are_capped(migrated_database):
    capped = migrated_database.model_copy(update={"registrations_global_per_hour": 3})
    with TestClient(create_app(capped)) as client:
        for number in range(3):
            assert register(client, f"user{number}@example.com", address=f"198.51.100.{number}") is None
        error = register(client, "late@example.com", address="203.0.113.1")
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert error["extensions"]["retryAfterSeconds"] >= 1


def test_registrations_counted_by_one_worker_limit_another(migrated_database):
    """Two apps on one database, as two workers: the count is the database's."""
    limited = migrated_database.model_copy(update={"registrations_per_address_per_hour": 2})
    with TestClient(create_app(limited)) as first_worker:
        assert register(first_worker, "carol@example.com") is None
        assert register(first_worker, "dave@example.com") is None
    with TestClient(create_app(limited)) as second_worker:
        assert register(second_worker, "erin@example.com")["extensions"]["code"] == "RATE_LIMITED"
