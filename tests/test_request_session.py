"""The decision of `api.request_session`: one session per request whose operations take turns,
and resolvers that compute in sequence and hand plain values down instead of a task per field."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import httpx
from sqlalchemy import literal, select

from api.app import create_app
from api.config import Settings
from api.database import create_database_engine, create_session_factory
from api.request_session import SerializedAsyncSession
from tests.accounts.operations import create_account
from tests.conftest import GraphQL
from tests.records.operations import CREATE_RECORDS, RECORD_FIELDS, category_id, record_input

PAGE = f"query($first: Int!) {{ records(first: $first) {{ totalCount nodes {{ {RECORD_FIELDS} }} }} }}"


def test_request_session_lets_concurrent_operations_take_turns(settings: Settings, client):
    async def run() -> list[int]:
        engine = create_database_engine(settings.resolved_database_url)
        try:
            async with create_session_factory(engine)() as session:
                assert isinstance(session, SerializedAsyncSession)
                return list(await asyncio.gather(*(session.scalar(select(literal(n))) for n in range(20))))
        finally:
            await engine.dispose()

    assert asyncio.run(run()) == list(range(20))


def test_request_session_serves_sibling_fields_that_each_read_the_database(alice: GraphQL):
    account = create_account(alice)
    groceries = category_id(alice, "Food / Groceries")
    alice.ok(CREATE_RECORDS, {"inputs": [record_input(account, categoryId=groceries)]})
    nested = "records { totalCount nodes { account { balance } category { fullName parent { name } } } }"
    together = alice.ok(f"{{ me {{ id }} accounts {{ balance }} {nested} categories {{ fullName }} }}")
    apart = {field: alice.ok(f"{{ {query} }}")[field] for field, query in [
        ("me", "me { id }"), ("accounts", "accounts { balance }"), ("records", nested),
        ("categories", "categories { fullName }"),
    ]}
    assert together == apart
    assert together["records"]["nodes"][0]["category"]["fullName"] == "Food / Groceries"


def test_request_session_page_of_fifty_creates_no_more_tasks_than_a_page_of_five(
    settings: Settings, alice: GraphQL
):
    accounts = [create_account(alice, f"Account {n}") for n in range(3)]
    groceries = category_id(alice, "Food / Groceries")
    inputs = [
        record_input(accounts[n % 3], categoryId=groceries) if n % 2 else
        record_input(accounts[n % 3], kind="TRANSFER", counterpartAccountId=accounts[(n + 1) % 3]["id"])
        for n in range(50)
    ]
    alice.ok(CREATE_RECORDS, {"inputs": inputs})
    five, fifty = asyncio.run(tasks_per_page(settings, alice.token or "", [5, 50]))
    assert fifty == five <= 5, (five, fifty)


async def tasks_per_page(settings: Settings, token: str, page_sizes: list[int]) -> list[int]:
    """How many asyncio tasks one request for a page of each size creates, through the real app."""
    app = create_app(settings)
    loop = asyncio.get_running_loop()
    created = 0

    def counting_factory(
        loop: asyncio.AbstractEventLoop, coroutine: Coroutine[Any, Any, Any], **options: Any
    ) -> asyncio.Task[Any]:
        nonlocal created
        created += 1
        return asyncio.Task(coroutine, loop=loop, **options)

    async def page(http: httpx.AsyncClient, first: int) -> None:
        response = await http.post("/graphql", json={"query": PAGE, "variables": {"first": first}},
                                   headers={"Authorization": f"Bearer {token}"})
        assert not response.json().get("errors"), response.text

    counts = []
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
            await page(http, 1)  # connects and warms caches outside the count
            for first in page_sizes:
                created = 0
                loop.set_task_factory(counting_factory)
                await page(http, first)
                loop.set_task_factory(None)
                counts.append(created)
    finally:
        await app.state.app_state.engine.dispose()
    return counts
