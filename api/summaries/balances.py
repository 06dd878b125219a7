"""Account balances at the end of every period of a summary's range.

Balances follow the accounts, not the filter: only the filter's accountIds apply (categories,
kinds, amounts, text, tags and its own dates are ignored), since a balance counts every record.
The balance before the range comes from the ledger (roll-ups of earlier months, records of the
month begun), read with the summary's facts; the changes within it from those facts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from api.ledger.legs import INFLOWS
from api.ledger.periods import next_period_start, period_starts
from api.summaries.service import (
    SummaryScope,
    SummarySource,
    timed_part,
)


@dataclass(frozen=True)
class BalancePoint:
    """The balance at the end of `day` (the last day of a period, or the range's end), in minor units."""

    day: date
    balance: int


@dataclass(frozen=True)
class BalanceSeries:
    """One account's balance over the range, one point per period, periods without records included."""

    account_id: int
    currency: str
    points: tuple[BalancePoint, ...]


@timed_part("balances")
async def balance_series(source: SummarySource) -> list[BalanceSeries]:
    """A series per non-archived account (of the filter's accounts, if any), by account name."""
    scope = source.scope
    named = scope.criteria.account_ids
    accounts = [
        account for account in (await source.accounts()).values()
        if not account.archived and (not named or account.id in named)
    ]
    if not accounts:
        return []
    before = await source.balances_before()
    changes: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for fact in await source.balance_facts():
        signed = fact.amount_minor if fact.kind in INFLOWS else -fact.amount_minor
        changes[fact.account_id][source.period_of(fact.bucket)] += signed
    ends = _period_ends(scope)
    series = []
    for account in accounts:
        balance = account.opening_balance_minor + before.get(account.id, 0)
        points = []
        for start, end in ends:
            balance += changes[account.id].get(start, 0)
            points.append(BalancePoint(day=end, balance=balance))
        series.append(BalanceSeries(account_id=account.id, currency=account.currency, points=tuple(points)))
    return series


def _period_ends(scope: SummaryScope) -> list[tuple[date, date]]:
    """(start, last day within the range) of every period overlapping the range."""
    return [
        (start, min(next_period_start(start, scope.period) - timedelta(days=1), scope.date_to))
        for start in period_starts(scope.date_from, scope.date_to, scope.period)
    ]
