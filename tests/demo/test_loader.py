"""Loading the demo data: a real user who signs in and sees the generated history."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest

from api.config import Settings
from api.demo import DEMO_EMAIL, delete_demo_user, demo_user_exists, generate_demo_data, load_demo_data
from api.state import AppState
from tests.conftest import GraphQL
from tests.demo.test_generator import TODAY, final_and_lowest_balances

T = TypeVar("T")

LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken }
}
"""


def run(settings: Settings, action: Callable[[AppState], Awaitable[T]]) -> T:
    """Run an async action with the app's state, as the command line does."""

    async def main() -> T:
        state = AppState.from_settings(settings)
        try:
            return await action(state)
        finally:
            await state.engine.dispose()

    return asyncio.run(main())


def sign_in(anonymous: GraphQL, email: str, password: str) -> GraphQL:
    token = anonymous.ok(LOGIN, {"email": email, "password": password})["login"]["accessToken"]
    return GraphQL(anonymous.client, token=token)


@pytest.fixture
def credentials(client, settings):
    """The demo data loaded into the test database (the client fixture migrated it)."""
    return run(settings, lambda state: load_demo_data(state, today=TODAY))


def test_demo_loads_in_a_few_seconds(client, settings):
    started = time.monotonic()
    credentials = run(settings, lambda state: load_demo_data(state, today=TODAY))
    assert time.monotonic() - started < 10
    assert credentials.record_count == len(generate_demo_data(TODAY).records)


def test_demo_user_signs_in_with_the_printed_random_password(credentials, anonymous):
    assert credentials.email == DEMO_EMAIL
    assert len(credentials.password) >= 16
    demo = sign_in(anonymous, credentials.email, credentials.password)
    assert demo.ok("{ me { email } }")["me"]["email"] == DEMO_EMAIL


def test_each_load_gets_a_different_password(credentials, settings):
    run(settings, delete_demo_user)
    assert run(settings, lambda state: load_demo_data(state, today=TODAY)).password != credentials.password


def test_account_balances_match_the_generated_history(credentials, anonymous):
    demo = sign_in(anonymous, credentials.email, credentials.password)
    accounts = demo.ok("{ accounts { name currency balance } }")["accounts"]
    expected, _ = final_and_lowest_balances(generate_demo_data(TODAY))
    assert {account["name"]: account["balance"] for account in accounts} == {
        name: str(balance) for name, balance in expected.items()
    }


def test_demo_user_exists_until_deleted(credentials, settings):
    assert run(settings, demo_user_exists)
    run(settings, delete_demo_user)
    assert not run(settings, demo_user_exists)
