"""What the schedules will create over the next days, and each account's balance day by day meanwhile.

A projected balance at the end of a day is the account's balance today (opening balance and
every leg dated today or earlier), plus the records already entered for later days (a record
may be dated ahead), plus the records the schedules will create, transfers on both accounts.
Schedules on archived accounts wait (see `api.recurring.materialize`), so they project nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.errors import InvalidInput
from api.ledger.balances import legs_before
from api.ledger.legs import record_legs, signed_minor
from api.ledger.models import Record, RecordKind
from api.recurring.materialize import due_schedules
from api.recurring.models import Schedule

MAX_UPCOMING_DAYS = 366


@dataclass(frozen=True)
class UpcomingRecord:
    """A record a schedule will create on `due_on`."""

    schedule: Schedule
    due_on: date


@dataclass(frozen=True)
class ProjectedBalance:
    """An account's projected balance (minor units) at the end of each day from today, in order."""

    account: Account
    balances_minor: list[int]


@dataclass(frozen=True)
class Upcoming:
    """The records to come, by date, and the projected balances of the user's active accounts."""

    today: date
    records: list[UpcomingRecord]
    balances: list[ProjectedBalance]


async def upcoming(session: AsyncSession, user_id: int, today: date, days: int) -> Upcoming:
    """The next `days` days after `today` (1 to MAX_UPCOMING_DAYS)."""
    if not 1 <= days <= MAX_UPCOMING_DAYS:
        raise InvalidInput("days", f"must be between 1 and {MAX_UPCOMING_DAYS}")
    horizon = today + timedelta(days=days)
    schedules = await session.scalars(due_schedules(horizon).where(Schedule.user_id == user_id))
    records = sorted(
        (UpcomingRecord(schedule, day)
         for schedule in schedules.all()
         for _, day in schedule.recurrence.occurrences(schedule.materialized_through, horizon)),
        key=lambda item: (item.due_on, item.schedule.id),
    )
    accounts = list(await session.scalars(
        select(Account).where(Account.user_id == user_id, Account.archived.is_(False))
        .order_by(func.lower(Account.name), Account.id)
    ))
    account_ids = [account.id for account in accounts]
    if not account_ids:
        return Upcoming(today, records, [])
    before = await legs_before(session, user_id, account_ids, today + timedelta(days=1))
    changes = await _entered_changes(session, user_id, account_ids, today, horizon)
    for item in records:
        _add_scheduled(changes, item)
    balances = []
    for account in accounts:
        balance = account.opening_balance_minor + before.get(account.id, 0)
        series = [balance]
        for offset in range(1, days + 1):
            balance += changes.get((account.id, today + timedelta(days=offset)), 0)
            series.append(balance)
        balances.append(ProjectedBalance(account, series))
    return Upcoming(today, records, balances)


async def _entered_changes(
    session: AsyncSession, user_id: int, account_ids: list[int], today: date, horizon: date
) -> defaultdict[tuple[int, date], int]:
    """Per (account, day) after today through the horizon: what records already entered change."""
    in_range = and_(Record.user_id == user_id, Record.occurred_on > today, Record.occurred_on <= horizon)
    legs = record_legs(in_range, account_ids)
    rows = await session.execute(
        select(legs.c.account_id, legs.c.occurred_on,
               func.sum(signed_minor(legs.c.kind, legs.c.amount_minor)))
        .group_by(legs.c.account_id, legs.c.occurred_on)
    )
    changes: defaultdict[tuple[int, date], int] = defaultdict(int)
    for account_id, day, total in rows:
        changes[(account_id, day)] += int(total)
    return changes


def _add_scheduled(changes: defaultdict[tuple[int, date], int], item: UpcomingRecord) -> None:
    """What the scheduled record will change: income adds, an expense takes, a transfer moves."""
    schedule = item.schedule
    sign = 1 if schedule.kind is RecordKind.INCOME else -1
    changes[(schedule.account_id, item.due_on)] += sign * schedule.amount_minor
    if schedule.kind is RecordKind.TRANSFER and schedule.counterpart_account_id is not None:
        changes[(schedule.counterpart_account_id, item.due_on)] += schedule.counterpart_amount_minor or 0
