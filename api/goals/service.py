"""Savings goals: create, change, list and delete them, and measure their progress at the user's today."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.accounts.service import get_account
from api.errors import InvalidInput, NotFound
from api.goals.models import Goal
from api.ledger.balances import current_balances
from api.ledger.legs import signed_minor
from api.ledger.models import MonthlyRollup
from api.ledger.periods import Period, period_start
from api.money import from_minor_units, to_minor_units
from api.names import clean_name

MAX_GOALS = 100
PACE_MONTHS = 3


@dataclass(frozen=True)
class GoalFields:
    """A whole goal as the service validates it; the target is in the account's currency."""

    name: str
    account_id: int
    target: Decimal
    target_date: date
    share_percent: int = 100


@dataclass(frozen=True)
class GoalProgress:
    """Where a goal stands at `today`, in minor units of its account's currency."""

    current_minor: int
    remaining_minor: int
    months_left: int
    monthly_needed_minor: int
    monthly_pace_minor: int
    pace_enough: bool


async def list_goals(session: AsyncSession, user_id: int) -> list[Goal]:
    """The user's goals, soonest target first."""
    rows = await session.scalars(
        select(Goal).where(Goal.user_id == user_id).order_by(Goal.target_date, Goal.id)
    )
    return list(rows)


async def create_goal(session: AsyncSession, user_id: int, fields: GoalFields, path: str) -> Goal:
    """Add a goal (at most MAX_GOALS per user); the caller commits."""
    count = await session.scalar(select(func.count()).select_from(Goal).where(Goal.user_id == user_id))
    if (count or 0) >= MAX_GOALS:
        raise InvalidInput(path, f"at most {MAX_GOALS} goals")
    goal = Goal(user_id=user_id)
    await _apply(session, user_id, goal, fields, path)
    session.add(goal)
    await session.flush()
    return goal


async def update_goal(
    session: AsyncSession, user_id: int, goal_id: int, changes: dict[str, Any], path: str
) -> Goal:
    """Change the fields given (GoalFields names); the goal must still be valid as a whole."""
    goal = await _get_goal(session, user_id, goal_id)
    account = await get_account(session, user_id, goal.account_id)
    current = GoalFields(
        name=goal.name, account_id=goal.account_id,
        target=from_minor_units(goal.target_minor, account.currency),
        target_date=goal.target_date, share_percent=goal.share_percent,
    )
    await _apply(session, user_id, goal, replace(current, **changes), path)
    await session.flush()
    return goal


async def delete_goal(session: AsyncSession, user_id: int, goal_id: int) -> int:
    """Delete a goal (the account and its money stay); returns its id."""
    goal = await _get_goal(session, user_id, goal_id)
    await session.delete(goal)
    await session.flush()
    return goal_id


async def goal_progress(
    session: AsyncSession, user_id: int, goals: list[Goal], today: date
) -> dict[int, GoalProgress]:
    """Per goal id: progress from its account's balance, and the pace of the last three full months.

    Two queries whatever the number of goals: the balances and the roll-ups of the pace months.
    """
    account_ids = {goal.account_id for goal in goals}
    if not account_ids:
        return {}
    balances = await current_balances(session, user_id, account_ids)
    changes = await _net_change_of_full_months(session, user_id, account_ids, today)
    return {
        goal.id: measure(goal, balances.get(goal.account_id, 0), changes.get(goal.account_id, 0), today)
        for goal in goals
    }


def measure(goal: Goal, balance_minor: int, pace_change_minor: int, today: date) -> GoalProgress:
    """Progress of one goal from its account's balance and net change over the pace months.

    Months left count the month ends from today's month to the target date's (a target later this
    month leaves 0: the rest is needed now, like an overdue one). The pace is enough when the
    goal is reached, or when the target date has not passed and the average monthly change of the
    goal's share is at least the monthly amount needed.
    """
    current = balance_minor * goal.share_percent // 100
    remaining = max(goal.target_minor - current, 0)
    months_left = max(_month_index(goal.target_date) - _month_index(today), 0)
    needed = -(-remaining // max(months_left, 1))  # rounded up: saving this much gets there
    pace = pace_change_minor * goal.share_percent // 100 // PACE_MONTHS
    enough = remaining == 0 or (goal.target_date >= today and pace >= needed)
    return GoalProgress(current, remaining, months_left, needed, pace, enough)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


async def _net_change_of_full_months(
    session: AsyncSession, user_id: int, account_ids: set[int], today: date
) -> dict[int, int]:
    """Per account, the net change of its balance over the PACE_MONTHS full months before today's."""
    this_month = period_start(today, Period.MONTH)
    index = _month_index(this_month) - PACE_MONTHS
    first = date(index // 12, index % 12 + 1, 1)
    rows = await session.execute(
        select(
            MonthlyRollup.account_id, func.sum(signed_minor(MonthlyRollup.kind, MonthlyRollup.amount_minor))
        )
        .where(
            MonthlyRollup.user_id == user_id,
            MonthlyRollup.account_id.in_(account_ids),
            MonthlyRollup.month >= first,
            MonthlyRollup.month < this_month,
        )
        .group_by(MonthlyRollup.account_id)
    )
    # PostgreSQL sums bigints as numeric; the values are whole numbers either way.
    return {account_id: int(total) for account_id, total in rows}


async def _get_goal(session: AsyncSession, user_id: int, goal_id: int) -> Goal:
    goal = await session.scalar(select(Goal).where(Goal.id == goal_id, Goal.user_id == user_id))
    if goal is None:
        raise NotFound("Goal", goal_id)
    return goal


async def _apply(session: AsyncSession, user_id: int, goal: Goal, fields: GoalFields, path: str) -> None:
    """Validate the whole goal and write it onto the ORM object."""
    name = clean_name(fields.name, f"{path}.name")
    account: Account = await get_account(session, user_id, fields.account_id)
    target_minor = to_minor_units(fields.target, account.currency, f"{path}.target")
    if target_minor <= 0:
        raise InvalidInput(f"{path}.target", "must be more than zero")
    if not 1 <= fields.share_percent <= 100:
        raise InvalidInput(f"{path}.sharePercent", "must be between 1 and 100")
    goal.name, goal.account_id, goal.target_minor = name, account.id, target_minor
    goal.target_date, goal.share_percent = fields.target_date, fields.share_percent
