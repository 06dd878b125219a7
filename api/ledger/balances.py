"""Account balances: the opening balance plus the account's legs, read from the monthly roll-ups.

Whole months come from the roll-ups, so the cost of a balance does not grow with the years of
history before it; only the days of a month that has started are read from the records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date

from sqlalchemy import ColumnElement, CompoundSelect, Select, and_, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.ledger.legs import record_legs, signed_minor
from api.ledger.models import MonthlyRollup, Record
from api.ledger.periods import Period, period_start


async def current_balances(
    session: AsyncSession, user_id: int, account_ids: Collection[int]
) -> dict[int, int]:
    """Per account of the user: opening balance plus every leg, future-dated ones too, in minor units."""
    totals = _rollup_totals(user_id, account_ids).subquery("totals")
    rows = await session.execute(
        select(Account.id, Account.opening_balance_minor + func.coalesce(totals.c.total_minor, 0))
        .outerjoin(totals, totals.c.account_id == Account.id)
        .where(Account.id.in_(account_ids), Account.user_id == user_id)
    )
    # PostgreSQL sums bigints as numeric; the values are whole numbers either way.
    return {account_id: int(balance) for account_id, balance in rows}


async def legs_before(
    session: AsyncSession, user_id: int, account_ids: Collection[int], day: date
) -> dict[int, int]:
    """Per account, the sum of its legs dated before `day` (opening balance not included)."""
    totals: dict[int, int] = defaultdict(int)
    for account_id, total in await session.execute(legs_before_query(user_id, account_ids, day)):
        totals[account_id] += int(total)
    return dict(totals)


def legs_before_query(
    user_id: int, account_ids: Collection[int] | None, day: date
) -> Select[int, int] | CompoundSelect[int, int]:
    """SELECT of (account_id, total_minor) rows that add up, per account, to its legs dated before `day`.

    An account may have two rows (roll-ups of the months before, records of the month begun);
    `account_ids` None means every account of the user.
    """
    month = period_start(day, Period.MONTH)
    return legs_before_month_query(user_id, account_ids, month, None if day == month else day)


def legs_before_month_query(
    user_id: int | ColumnElement[int],
    account_ids: Collection[int] | None,
    month: date | ColumnElement[date],
    day: date | ColumnElement[date] | None,
) -> Select[int, int] | CompoundSelect[int, int]:
    """`legs_before_query` for a day of the month starting `month`, or for the month's first day when
    `day` is None. The user and dates may be bound parameters: a summary reuses one statement."""
    rollups = _rollup_totals(user_id, account_ids).where(MonthlyRollup.month < month)
    if day is None:
        return rollups
    in_month_before_day = and_(
        Record.user_id == user_id, Record.occurred_on >= month, Record.occurred_on < day
    )
    legs = record_legs(in_month_before_day, account_ids or ())
    records = (
        select(legs.c.account_id, func.sum(signed_minor(legs.c.kind, legs.c.amount_minor)))
        .group_by(legs.c.account_id)
    )
    return union_all(rollups, records)


def _rollup_totals(
    user_id: int | ColumnElement[int], account_ids: Collection[int] | None
) -> Select[int, int]:
    """Per account, the signed sum of its roll-ups (add conditions on the month to narrow it)."""
    return (
        select(
            MonthlyRollup.account_id.label("account_id"),
            func.sum(signed_minor(MonthlyRollup.kind, MonthlyRollup.amount_minor)).label("total_minor"),
        )
        .where(MonthlyRollup.user_id == user_id, *_of_accounts(account_ids))
        .group_by(MonthlyRollup.account_id)
    )


def _of_accounts(account_ids: Collection[int] | None) -> list[ColumnElement[bool]]:
    """The roll-ups of these accounts, or of every account for None."""
    return [] if account_ids is None else [MonthlyRollup.account_id.in_(account_ids)]
