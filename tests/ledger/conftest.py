"""Ledger checks: roll-ups against their reference GROUP BY, balances against legs summed in Python."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.config import Settings
from api.database import create_database_engine, create_session_factory
from api.ledger.models import Record, RecordKind
from api.ledger.rollups import RollupDifference, find_rollup_differences
from api.money import to_minor_units
from tests.conftest import GraphQL

T = TypeVar("T")

ACCOUNT_BALANCES = "{ accounts(includeArchived: true) { id balance openingBalance currency } }"


class Ledger:
    """Reads the test's database directly, beside the API, to check what the writer maintains."""

    def __init__(self, settings: Settings) -> None:
        self.url = settings.resolved_database_url

    def run(self, action: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run an async action on a session of its own (an engine per call: each asyncio.run has its loop)."""

        async def run() -> T:
            engine = create_database_engine(self.url)
            try:
                async with create_session_factory(engine)() as session:
                    return await action(session)
            finally:
                await engine.dispose()

        return asyncio.run(run())

    def rollup_differences(self) -> list[RollupDifference]:
        """Every stored roll-up row that differs from the reference, for all users."""
        return self.run(find_rollup_differences)

    def balances_from_records(self) -> dict[int, int]:
        """Every account's opening balance plus its legs, summed in Python from the raw rows."""

        async def read(session: AsyncSession) -> dict[int, int]:
            balances = dict((await session.execute(select(Account.id, Account.opening_balance_minor))).all())
            for record in await session.scalars(select(Record)):
                if record.kind is RecordKind.TRANSFER:
                    balances[record.account_id] -= record.amount_minor
                    balances[record.counterpart_account_id] += record.counterpart_amount_minor
                elif record.kind is RecordKind.INCOME:
                    balances[record.account_id] += record.amount_minor
                else:  # an expense; a refund is a negative one and so adds
                    balances[record.account_id] -= record.amount_minor
            return balances

        return self.run(read)

    def assert_consistent(self, *users: GraphQL) -> None:
        """Roll-ups equal the reference, and each user's API balances equal the raw-record sums."""
        assert self.rollup_differences() == []
        expected = self.balances_from_records()
        for user in users:
            for account in user.ok(ACCOUNT_BALANCES)["accounts"]:
                balance_minor = to_minor_units(Decimal(account["balance"]), account["currency"])
                assert balance_minor == expected[int(account["id"])], account

    def count_rows(self, entity: Any) -> int:
        """How many rows a mapped table holds."""

        async def count(session: AsyncSession) -> int:
            return len((await session.execute(select(entity))).all())

        return self.run(count)


@pytest.fixture
def ledger(client, settings: Settings) -> Ledger:
    """Direct checks on the database the `client` fixture's app uses."""
    return Ledger(settings)
