"""Creating the records of due schedules, exactly once however many requests and workers try at once.

Each due date is first claimed by inserting (schedule_id, due_on) into `schedule_occurrences` with
ON CONFLICT DO NOTHING; records are then created, through the ledger writer, only for the dates
this transaction claimed, in the same transaction. A claim that conflicts means another request
or worker has (or is about to have) created that record: PostgreSQL makes the second insert wait
for the first transaction and then skip, SQLite serialises the writing transactions.

Three callers: creating or changing a schedule (its dates due already), the first read of a
signed-in user's records, balances or schedules (`api.recurring.extension`), and a sweep at
start-up and every hour over every user's due schedules (`run_sweeps`, from the app's lifespan).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import islice

from sqlalchemy import Select, bindparam, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value

from api.accounts.models import Account
from api.database import utc_now
from api.ledger import writer
from api.ledger.writer import RecordValues
from api.recurring.models import Schedule, ScheduleOccurrence
from api.users.models import User
from api.users.service import today_in_zone

logger = logging.getLogger("api.recurring")

ESTIMATED_TAG = "estimated"
"""The tag on records created from an estimated amount, so they can be found and corrected."""

MAX_DATES_PER_RUN = 500
"""Due dates one schedule creates per run; a longer backlog (a long-archived account) continues next run."""

SWEEP_INTERVAL = timedelta(hours=1)

_INSERTS: dict[str, Callable[..., sqlite.Insert | postgresql.Insert]] = {
    "sqlite": sqlite.insert, "postgresql": postgresql.insert,
}


async def materialize_schedule(session: AsyncSession, schedule: Schedule, today: date) -> int:
    """Create the records of the schedule's dates due through `today`; returns how many this call created."""
    recurrence = schedule.recurrence
    due = [day for _, day in islice(recurrence.occurrences(schedule.materialized_through, today),
                                    MAX_DATES_PER_RUN)]
    if not due:
        return 0
    claimed = await _claim(session, schedule.id, due)
    if claimed:
        record_ids = await writer.insert_records_returning_ids(
            session, schedule.user_id, [_record_values(schedule, day) for day in claimed]
        )
        table = ScheduleOccurrence.__table__
        await session.execute(
            update(table)
            .where(table.c.schedule_id == bindparam("claimed_schedule"),
                   table.c.due_on == bindparam("claimed_on"))
            .values(record_id=bindparam("created_record")),
            [{"claimed_schedule": schedule.id, "claimed_on": day, "created_record": record_id}
             for day, record_id in zip(claimed, record_ids)],
        )
    through = due[-1]
    next_due_on = recurrence.next_after(through)
    # Only forwards: a slower transaction that claimed nothing must not move the mark back.
    await session.execute(
        update(Schedule)
        .where(Schedule.id == schedule.id,
               or_(Schedule.materialized_through.is_(None), Schedule.materialized_through < through))
        .values(materialized_through=through, next_due_on=next_due_on)
        .execution_options(synchronize_session=False)
    )
    # Committed values, not changes: a flush would otherwise write them again, unconditionally.
    set_committed_value(schedule, "materialized_through", through)
    set_committed_value(schedule, "next_due_on", next_due_on)
    return len(claimed)


async def materialize_due_for_user(session: AsyncSession, user_id: int, today: date) -> int:
    """Create the user's due records (one indexed query when nothing is due); returns how many."""
    schedules = await session.scalars(due_schedules(today).where(Schedule.user_id == user_id))
    created = 0
    for schedule in schedules.all():
        created += await materialize_schedule(session, schedule, today)
    return created


async def materialize_on_access(
    session_factory: async_sessionmaker[AsyncSession], user: User, now: datetime
) -> int:
    """The user's due records as of `now` in their time zone, in a transaction of its own (committed)."""
    async with session_factory() as session:
        created = await materialize_due_for_user(session, user.id, today_in_zone(user.time_zone, now))
        await session.commit()
    return created


async def sweep(session_factory: async_sessionmaker[AsyncSession], now: datetime) -> int:
    """Every user's due records as of `now`, a transaction per user; a failing user is logged, skipped."""
    # No time zone is more than a day ahead of UTC: a cheap superset of the users with something due.
    latest_today = now.date() + timedelta(days=1)
    async with session_factory() as session:
        users = (await session.execute(
            select(User.id, User.time_zone)
            .where(User.id.in_(due_schedules(latest_today).with_only_columns(Schedule.user_id)))
            .order_by(User.id)
        )).all()
    created = 0
    for user_id, time_zone in users:
        try:
            async with session_factory() as session:
                created += await materialize_due_for_user(session, user_id, today_in_zone(time_zone, now))
                await session.commit()
        except Exception:  # one user's failure must not stop everyone else's records
            logger.exception("Creating the due recurring records of user %s failed", user_id)
    return created


async def run_sweeps(session_factory: async_sessionmaker[AsyncSession], interval: timedelta) -> None:
    """Sweep at once (start-up), then every `interval`, until cancelled (the app's shutdown)."""
    while True:
        try:
            created = await sweep(session_factory, utc_now())
            if created:
                logger.info("Created %s due recurring records", created)
        except Exception:  # the database may be away for a while: try again next time
            logger.exception("Sweeping due recurring records failed")
        await asyncio.sleep(interval.total_seconds())


def due_schedules(today: date) -> Select[Schedule]:
    """Schedules with a date due on or before `today` whose accounts take records (none archived).

    A schedule on an archived account waits: its dates are created once the account is unarchived.
    """
    counterpart = aliased(Account)
    return (
        select(Schedule)
        .join(Account, Account.id == Schedule.account_id)
        .outerjoin(counterpart, counterpart.id == Schedule.counterpart_account_id)
        .where(Schedule.next_due_on <= today, Account.archived.is_(False),
               or_(counterpart.id.is_(None), counterpart.archived.is_(False)))
        .order_by(Schedule.id)
    )


async def _claim(session: AsyncSession, schedule_id: int, due: list[date]) -> list[date]:
    """Insert the occurrences; the dates whose rows this transaction inserted, in order."""
    statement = (
        _INSERTS[session.get_bind().dialect.name](ScheduleOccurrence)
        .values([{"schedule_id": schedule_id, "due_on": day} for day in due])
        .on_conflict_do_nothing(index_elements=["schedule_id", "due_on"])
        .returning(ScheduleOccurrence.due_on)
    )
    return sorted((await session.execute(statement)).scalars())


def _record_values(schedule: Schedule, day: date) -> RecordValues:
    """The record a schedule creates on `day` (validated when the schedule was saved)."""
    return RecordValues(
        account_id=schedule.account_id,
        kind=schedule.kind,
        amount_minor=schedule.amount_minor,
        currency=schedule.currency,
        occurred_on=day,
        payee=schedule.payee,
        description=schedule.description,
        notes="",
        category_id=schedule.category_id,
        counterpart_account_id=schedule.counterpart_account_id,
        counterpart_amount_minor=schedule.counterpart_amount_minor,
        tags=[ESTIMATED_TAG] if schedule.estimated else [],
    )
