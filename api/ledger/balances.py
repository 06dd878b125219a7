"""Account balances: the opening balance plus the account's legs, read from the monthly roll-ups.

Whole months come from the roll-ups, so the cost of a balance does not grow with the years of
history before it; only the days of a month that has started are read from the records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date

from sqlalchemy import Select, and_, func, select, union_all
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
    month = period_start(day, Period.MONTH)
    parts = [_rollup_totals(user_id, account_ids).where(MonthlyRollup.month < month)]
    if day > month:
        in_month_before_day = and_(
            Record.user_id == user_id, Record.occurred_on >= month, Record.occurred_on < day
        )
        legs = record_legs(in_month_before_day, account_ids)
        parts.append(
            select(legs.c.account_id, func.sum(signed_minor(legs.c.kind, legs.c.amount_minor)))
            .group_by(legs.c.account_id)
        )
    totals: dict[int, int] = defaultdict(int)
    for account_id, total in await session.execute(union_all(*parts)):
        totals[account_id] += int(total)
    return dict(totals)


def _rollup_totals(user_id: int, account_ids: Collection[int]) -> Select[int, int]:
    """Per account, the signed sum of its roll-ups (add conditions on the month to narrow it)."""
    return (
        select(
            MonthlyRollup.account_id.label("account_id"),
            func.sum(signed_minor(MonthlyRollup.kind, MonthlyRollup.amount_minor)).label("total_minor"),
        )
        .where(MonthlyRollup.user_id == user_id, MonthlyRollup.account_id.in_(account_ids))
        .group_by(MonthlyRollup.account_id)
    )
