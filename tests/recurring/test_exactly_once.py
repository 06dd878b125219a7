"""Due records are created exactly once (concurrent requests, several workers); today per time zone."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.app import create_app
from api.database import create_database_engine, create_session_factory
from api.ledger.models import Record
from api.ledger.rollups import find_rollup_differences
from api.recurring.materialize import materialize_due_for_user, materialize_on_access, sweep
from api.recurring.models import ScheduleOccurrence
from api.users.models import User
from tests.accounts.operations import create_account
from tests.recurring.operations import create_schedule, utc_today

CONCURRENCY = 6


def user_id(user) -> int:
    return int(user.ok("{ me { id } }")["me"]["id"])


def on_engines(url: str, how_many: int,
               action: Callable[[async_sessionmaker[AsyncSession]], Awaitable[object]]) -> list[object]:
    """Run `action` at once on `how_many` engines of their own (as separate workers would)."""

    async def run() -> list[object]:
        engines = [create_database_engine(url) for _ in range(how_many)]
        try:
            return list(await asyncio.gather(*(action(create_session_factory(engine)) for engine in engines)))
        finally:
            for engine in engines:
                await engine.dispose()

    return asyncio.run(run())


Facts = tuple[list[tuple[date, int]], int, list[object]]


def database_facts(url: str) -> Facts:
    """Records per date, occurrence rows, and the roll-up differences from the reference."""

    async def read(factory: async_sessionmaker[AsyncSession]) -> Facts:
        async with factory() as session:
            per_day = (await session.execute(
                select(Record.occurred_on, func.count())
                .group_by(Record.occurred_on).order_by(Record.occurred_on)
            )).all()
            occurrences = await session.scalar(select(func.count()).select_from(ScheduleOccurrence))
            return [tuple(row) for row in per_day], occurrences or 0, await find_rollup_differences(session)

    (facts,) = on_engines(url, 1, read)
    return facts  # type: ignore[return-value]


def test_concurrent_materialisations_create_each_record_once(alice, migrated_database):
    account = create_account(alice)
    start = utc_today() + timedelta(days=10)
    create_schedule(alice, account, start, frequency="WEEK")
    owner, later = user_id(alice), start + timedelta(weeks=4)

    async def materialize(factory: async_sessionmaker[AsyncSession]) -> int:
        async with factory() as session:
            created = await materialize_due_for_user(session, owner, later)
            await session.commit()
            return created

    created = on_engines(migrated_database.resolved_database_url, CONCURRENCY, materialize)
    assert sum(created) == 5  # type: ignore[arg-type]
    per_day, occurrences, differences = database_facts(migrated_database.resolved_database_url)
    assert per_day == [(start + timedelta(weeks=weeks), 1) for weeks in range(5)]
    assert occurrences == 5 and differences == []


def test_two_app_instances_sweeping_together_create_each_record_once(alice, migrated_database):
    account = create_account(alice)
    start = utc_today() + timedelta(days=3)
    create_schedule(alice, account, start, frequency="MONTH", lastDayOfMonth=True)
    later = datetime.combine(start + timedelta(days=130), datetime.min.time(), timezone.utc)
    workers = [create_app(migrated_database).state.app_state for _ in range(2)]

    async def sweep_together() -> list[int]:
        try:
            return list(await asyncio.gather(*(sweep(worker.session_factory, later) for worker in workers),
                                             sweep(workers[0].session_factory, later)))
        finally:
            for worker in workers:
                await worker.engine.dispose()

    created = asyncio.run(sweep_together())
    per_day, occurrences, differences = database_facts(migrated_database.resolved_database_url)
    assert sum(created) == len(per_day) == occurrences >= 4
    assert all(count == 1 for _, count in per_day)
    assert all((day + timedelta(days=1)).day == 1 for day, _ in per_day)
    assert differences == []


def test_today_is_the_users_time_zones_date(alice, migrated_database):
    account = create_account(alice)
    due = utc_today() + timedelta(days=5)
    create_schedule(alice, account, due, frequency="YEAR")
    owner = user_id(alice)
    # 10:30 UTC on the day before: already the due date in Kiritimati (UTC+14), not in Los Angeles.
    now = datetime.combine(due - timedelta(days=1), datetime.min.time(), timezone.utc) + timedelta(hours=10.5)
    url = migrated_database.resolved_database_url

    async def access(time_zone: str) -> Callable[[async_sessionmaker[AsyncSession]], Awaitable[int]]:
        async def run(factory: async_sessionmaker[AsyncSession]) -> int:
            return await materialize_on_access(factory, User(id=owner, time_zone=time_zone), now)
        return run

    assert on_engines(url, 1, asyncio.run(access("America/Los_Angeles"))) == [0]
    assert on_engines(url, 1, asyncio.run(access("Pacific/Kiritimati"))) == [1]
    assert database_facts(url)[0] == [(due, 1)]


def test_the_sweep_reads_each_users_time_zone(alice, migrated_database):
    account = create_account(alice)
    due = utc_today() + timedelta(days=5)
    create_schedule(alice, account, due)
    owner = user_id(alice)
    now = datetime.combine(due - timedelta(days=1), datetime.min.time(), timezone.utc) + timedelta(hours=11)
    url = migrated_database.resolved_database_url

    async def set_zone_and_sweep(factory: async_sessionmaker[AsyncSession]) -> list[int]:
        created = [await sweep(factory, now)]
        async with factory() as session:
            await session.execute(update(User).where(User.id == owner).values(time_zone="Pacific/Kiritimati"))
            await session.commit()
        created.append(await sweep(factory, now))
        return created

    assert on_engines(url, 1, set_zone_and_sweep) == [[0, 1]]
