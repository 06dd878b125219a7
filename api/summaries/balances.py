"""Account balances at the end of every period of a summary's range.

Balances follow the accounts, not the filter: only the filter's accountIds apply (categories,
kinds, amounts, text, tags and its own dates are ignored), since a balance counts every record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.ledger.legs import account_legs
from api.ledger.periods import next_period_start, period_start_sql, period_starts
from api.summaries.service import SummaryScope, money, timed_part


@dataclass(frozen=True)
class BalancePoint:
    """The balance at the end of `day` (the last day of a period, or the range's end)."""

    day: date
    balance: Decimal


@dataclass(frozen=True)
class BalanceSeries:
    """One account's balance over the range, one point per period, periods without records included."""

    account_id: int
    currency: str
    points: tuple[BalancePoint, ...]


@timed_part("balances")
async def balance_series(session: AsyncSession, user_id: int, scope: SummaryScope) -> list[BalanceSeries]:
    """A series per non-archived account (of the filter's accounts, if any), by account name."""
    query = select(Account.id, Account.currency, Account.opening_balance_minor).where(
        Account.user_id == user_id, Account.archived.is_(False)
    )
    if scope.criteria.account_ids:
        query = query.where(Account.id.in_(scope.criteria.account_ids))
    accounts = (await session.execute(query.order_by(Account.name))).all()
    if not accounts:
        return []
    account_ids = [account_id for account_id, _, _ in accounts]
    opening = await _legs_before(session, user_id, account_ids, scope.date_from)
    changes = await _changes_per_period(session, user_id, account_ids, scope)
    ends = _period_ends(scope)
    series = []
    for account_id, currency, opening_minor in accounts:
        balance = opening_minor + opening.get(account_id, 0)
        points = []
        for start, end in ends:
            balance += changes[account_id].get(start, 0)
            points.append(BalancePoint(day=end, balance=money(balance, currency)))
        series.append(BalanceSeries(account_id=account_id, currency=currency, points=tuple(points)))
    return series


async def _legs_before(
    session: AsyncSession, user_id: int, account_ids: Sequence[int], day: date
) -> dict[int, int]:
    """Per account, the sum of its legs before `day`, in minor units."""
    legs = account_legs(user_id)
    rows = await session.execute(
        select(legs.c.account_id, func.sum(legs.c.signed_minor))
        .where(legs.c.account_id.in_(account_ids), legs.c.occurred_on < day)
        .group_by(legs.c.account_id)
    )
    return {account_id: int(total) for account_id, total in rows}


async def _changes_per_period(
    session: AsyncSession, user_id: int, account_ids: Sequence[int], scope: SummaryScope
) -> dict[int, dict[date, int]]:
    """Per account and period start, the sum of its legs within the range, in minor units."""
    legs = account_legs(user_id)
    start = period_start_sql(legs.c.occurred_on, scope.period, session.bind.dialect.name).label("start")
    rows = await session.execute(
        select(legs.c.account_id, start, func.sum(legs.c.signed_minor))
        .where(
            legs.c.account_id.in_(account_ids),
            legs.c.occurred_on >= scope.date_from,
            legs.c.occurred_on <= scope.date_to,
        )
        .group_by(legs.c.account_id, start)
    )
    changes: dict[int, dict[date, int]] = defaultdict(dict)
    for account_id, period_start, total in rows:
        changes[account_id][period_start] = int(total)
    return changes


def _period_ends(scope: SummaryScope) -> list[tuple[date, date]]:
    """(start, last day within the range) of every period overlapping the range."""
    return [
        (start, min(next_period_start(start, scope.period) - timedelta(days=1), scope.date_to))
        for start in period_starts(scope.date_from, scope.date_to, scope.period)
    ]
