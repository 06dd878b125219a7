"""Loading the demo data: a real user who signs in and sees the generated history."""

from __future__ import annotations

import time

import pytest

from api.cli import run_with_state
from api.demo import DEMO_EMAIL, delete_demo_user, demo_user_exists, generate_demo_data, load_demo_data
from tests.conftest import GraphQL
from tests.demo.test_generator import TODAY, final_and_lowest_balances

LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken }
}
"""


def sign_in(anonymous: GraphQL, email: str, password: str) -> GraphQL:
    token = anonymous.ok(LOGIN, {"email": email, "password": password})["login"]["accessToken"]
    return GraphQL(anonymous.client, token=token)


@pytest.fixture
def credentials(client, settings):
    """The demo data loaded into the test database (the client fixture migrated it)."""
    return run_with_state(settings, lambda state: load_demo_data(state, today=TODAY))


def test_demo_loads_in_a_few_seconds(client, settings):
    started = time.monotonic()
    credentials = run_with_state(settings, lambda state: load_demo_data(state, today=TODAY))
    assert time.monotonic() - started < 10
    assert credentials.record_count == len(generate_demo_data(TODAY).records)


def test_demo_user_signs_in_with_the_printed_random_password(credentials, anonymous):
    assert credentials.email == DEMO_EMAIL
    assert len(credentials.password) >= 16
    demo = sign_in(anonymous, credentials.email, credentials.password)
    assert demo.ok("{ me { email } }")["me"]["email"] == DEMO_EMAIL


def test_each_load_gets_a_different_password(credentials, settings):
    run_with_state(settings, delete_demo_user)
    reloaded = run_with_state(settings, lambda state: load_demo_data(state, today=TODAY))
    assert reloaded.password != credentials.password


def test_account_balances_match_the_generated_history(credentials, anonymous):
    demo = sign_in(anonymous, credentials.email, credentials.password)
    accounts = demo.ok("{ accounts { name currency balance } }")["accounts"]
    expected, _ = final_and_lowest_balances(generate_demo_data(TODAY))
    assert {account["name"]: account["balance"] for account in accounts} == {
        name: str(balance) for name, balance in expected.items()
    }


def test_demo_user_exists_until_deleted(credentials, settings):
    assert run_with_state(settings, demo_user_exists)
    run_with_state(settings, delete_demo_user)
    assert not run_with_state(settings, demo_user_exists)
