"""Schedules: plain functions over a session, scoped to one user; the caller commits.

A schedule's record is checked by the records' own rules (`validate_record`) when the schedule is
saved, so every record it later creates is valid as long as its accounts are not archived (a
schedule on an archived account waits, see `api.recurring.materialize`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.service import load_accounts_by_id
from api.errors import InvalidInput, NotFound
from api.ledger.models import RecordKind
from api.money import from_minor_units
from api.records.validation import LATEST_DATE, RecordFields, load_references, validate_record
from api.recurring.dates import Unit
from api.recurring.materialize import ESTIMATED_TAG, materialize_schedule
from api.recurring.models import Schedule

MAX_SCHEDULES = 200
MAX_EVERY = 99
MAX_OCCURRENCE_LIMIT = 10_000
MAX_DAYS_IN_THE_PAST = 366
"""How far back a new start may lie: its missed records are created at once, so this bounds that work."""


@dataclass(frozen=True)
class ScheduleFields:
    """What a client states about a schedule, before validation."""

    account_id: int
    kind: RecordKind
    amount: Decimal
    unit: Unit
    start_on: date
    every: int = 1
    day_of_month: int | None = None
    last_day_of_month: bool = False
    end_on: date | None = None
    occurrence_limit: int | None = None
    estimated: bool = False
    category_id: int | None = None
    counterpart_account_id: int | None = None
    counterpart_amount: Decimal | None = None
    payee: str = ""
    description: str = ""


RECURRENCE_COLUMNS = ("unit", "start_on", "every", "day_of_month", "last_day_of_month", "end_on",
                      "occurrence_limit")


async def list_schedules(session: AsyncSession, user_id: int) -> list[Schedule]:
    """The user's schedules, soonest next due date first (ended ones last)."""
    rows = await session.scalars(select(Schedule).where(Schedule.user_id == user_id))
    return sorted(rows, key=lambda schedule: (schedule.next_due_on is None, schedule.next_due_on or date.min,
                                              schedule.id))


async def get_schedule(session: AsyncSession, user_id: int, schedule_id: int) -> Schedule:
    """The user's schedule with this id; another user's id is NotFound like a missing one."""
    schedule = await session.scalar(
        select(Schedule).where(Schedule.id == schedule_id, Schedule.user_id == user_id)
    )
    if schedule is None:
        raise NotFound("Schedule", schedule_id)
    return schedule


async def create_schedule(
    session: AsyncSession, user_id: int, fields: ScheduleFields, today: date, path: str = "input"
) -> Schedule:
    """Validate and add a schedule, then create the records already due (a start in the past)."""
    count = await session.scalar(select(func.count()).where(Schedule.user_id == user_id))
    if (count or 0) >= MAX_SCHEDULES:
        raise InvalidInput(path, f"at most {MAX_SCHEDULES} schedules")
    _check_start(fields.start_on, today, f"{path}.startOn")
    schedule = Schedule(user_id=user_id)
    await _apply_fields(session, schedule, fields, path)
    schedule.next_due_on = schedule.recurrence.next_after(None)
    session.add(schedule)
    await session.flush()
    await materialize_schedule(session, schedule, today)
    return schedule


async def update_schedule(
    session: AsyncSession, user_id: int, schedule_id: int, changes: dict[str, Any], today: date,
    path: str = "input",
) -> Schedule:
    """Apply the named changes (ScheduleFields names); records already created stay, later ones follow.

    A changed recurrence continues after the last record created: its dates on or before that
    one are not created (again).
    """
    schedule = await get_schedule(session, user_id, schedule_id)
    stored = await _stored_fields(session, schedule)
    merged = replace(stored, **changes)
    if merged.start_on != stored.start_on:
        _check_start(merged.start_on, today, f"{path}.startOn")
    kind_changed = "kind" in changes
    if kind_changed and merged.kind is not RecordKind.TRANSFER and "counterpart_account_id" not in changes:
        merged = replace(merged, counterpart_account_id=None, counterpart_amount=None)
    if kind_changed and merged.kind is RecordKind.TRANSFER and "category_id" not in changes:
        merged = replace(merged, category_id=None)
    if "unit" in changes and merged.unit is not Unit.MONTH:
        merged = replace(merged, day_of_month=None, last_day_of_month=False)
    await _apply_fields(session, schedule, merged, path)
    if any(name in changes for name in RECURRENCE_COLUMNS):
        schedule.next_due_on = schedule.recurrence.next_after(schedule.materialized_through)
    await session.flush()
    await materialize_schedule(session, schedule, today)
    return schedule


async def delete_schedule(session: AsyncSession, user_id: int, schedule_id: int) -> int:
    """Delete the schedule (and its list of created dates); the records it created stay."""
    await get_schedule(session, user_id, schedule_id)
    await session.execute(delete(Schedule).where(Schedule.id == schedule_id, Schedule.user_id == user_id))
    return schedule_id


def _check_start(start_on: date, today: date, path: str) -> None:
    earliest = today - timedelta(days=MAX_DAYS_IN_THE_PAST)
    if not earliest <= start_on <= LATEST_DATE:
        raise InvalidInput(path, f"must be between {earliest} and {LATEST_DATE} (older records: import them)")


async def _apply_fields(session: AsyncSession, schedule: Schedule, fields: ScheduleFields, path: str) -> None:
    """Validate the fields (the record by the records' rules) and set them on the schedule."""
    if fields.amount <= 0:
        raise InvalidInput(f"{path}.amount", "must be greater than zero")
    _check_recurrence(fields, path)
    record = RecordFields(
        account_id=fields.account_id, kind=fields.kind, amount=fields.amount, date=fields.start_on,
        payee=fields.payee, description=fields.description, category_id=fields.category_id,
        counterpart_account_id=fields.counterpart_account_id, counterpart_amount=fields.counterpart_amount,
        tags=[ESTIMATED_TAG] if fields.estimated else [],
    )
    references = await load_references(session, schedule.user_id, [record])
    values = validate_record(record, references, path)
    schedule.account_id = values.account_id
    schedule.kind = values.kind
    schedule.amount_minor = values.amount_minor
    schedule.currency = values.currency
    schedule.category_id = values.category_id
    schedule.counterpart_account_id = values.counterpart_account_id
    schedule.counterpart_amount_minor = values.counterpart_amount_minor
    schedule.payee = values.payee
    schedule.description = values.description
    schedule.estimated = fields.estimated
    for column in RECURRENCE_COLUMNS:
        setattr(schedule, column, getattr(fields, column))


def _check_recurrence(fields: ScheduleFields, path: str) -> None:
    """Intervals, days of month, end and count within bounds, and only where they apply."""
    if not 1 <= fields.every <= MAX_EVERY:
        raise InvalidInput(f"{path}.every", f"must be between 1 and {MAX_EVERY}")
    if fields.unit is not Unit.MONTH:
        if fields.day_of_month is not None:
            raise InvalidInput(f"{path}.dayOfMonth", "only monthly schedules take a day of month")
        if fields.last_day_of_month:
            raise InvalidInput(f"{path}.lastDayOfMonth", "only monthly schedules fall on the last day")
    if fields.day_of_month is not None:
        if not 1 <= fields.day_of_month <= 31:
            raise InvalidInput(f"{path}.dayOfMonth", "must be between 1 and 31 (29-31: the last day in "
                               "shorter months)")
        if fields.last_day_of_month:
            raise InvalidInput(f"{path}.dayOfMonth", "give a day of month or lastDayOfMonth, not both")
    if fields.end_on is not None and fields.end_on < fields.start_on:
        raise InvalidInput(f"{path}.endOn", "must not be before the start")
    if fields.occurrence_limit is not None and not 1 <= fields.occurrence_limit <= MAX_OCCURRENCE_LIMIT:
        raise InvalidInput(f"{path}.count", f"must be between 1 and {MAX_OCCURRENCE_LIMIT}")


async def _stored_fields(session: AsyncSession, schedule: Schedule) -> ScheduleFields:
    """The schedule as stored, in the form an update merges its changes into.

    A transfer's arrival amount is kept only between currencies: between accounts of one currency
    it follows the amount (validation refuses a different one).
    """
    counterpart_amount = None
    if schedule.counterpart_account_id is not None and schedule.counterpart_amount_minor is not None:
        account_ids = [schedule.counterpart_account_id]
        (counterpart,) = await load_accounts_by_id(session, schedule.user_id, account_ids)
        if counterpart is not None and counterpart.currency != schedule.currency:
            counterpart_amount = from_minor_units(schedule.counterpart_amount_minor, counterpart.currency)
    return ScheduleFields(
        account_id=schedule.account_id,
        kind=schedule.kind,
        amount=from_minor_units(schedule.amount_minor, schedule.currency),
        unit=schedule.unit,
        start_on=schedule.start_on,
        every=schedule.every,
        day_of_month=schedule.day_of_month,
        last_day_of_month=schedule.last_day_of_month,
        end_on=schedule.end_on,
        occurrence_limit=schedule.occurrence_limit,
        estimated=schedule.estimated,
        category_id=schedule.category_id,
        counterpart_account_id=schedule.counterpart_account_id,
        counterpart_amount=counterpart_amount,
        payee=schedule.payee,
        description=schedule.description,
    )
