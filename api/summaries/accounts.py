"""Per-account activity: income, expenses and transfers in and out, from the legs of each account."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from api.ledger.models import RollupKind
from api.summaries.service import SummarySource, timed_part

INCOME, EXPENSE, TRANSFER_IN = RollupKind.INCOME, RollupKind.EXPENSE, RollupKind.TRANSFER_IN


@dataclass(frozen=True)
class AccountTotals:
    """One account's activity in minor units of its own currency; expense and transfers out are positive."""

    account_id: int
    currency: str
    income: int
    expense: int
    transfers_in: int
    transfers_out: int
    net: int


@timed_part("by_account")
async def account_totals(source: SummarySource) -> list[AccountTotals]:
    """One row per account with legs in scope, by account name.

    A transfer matching the filter shows on both of its accounts, unless the filter names
    accounts: then only those accounts get rows.
    """
    # Per account: income, expense, transfers in, transfers out, picked by identity (an Enum's hash
    # is a Python call, twice per fact as a dict key).
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for fact in await source.account_facts():
        kind = fact.kind
        column = 0 if kind is INCOME else 1 if kind is EXPENSE else 2 if kind is TRANSFER_IN else 3
        sums[fact.account_id][column] += fact.amount_minor
    if not sums:
        return []
    accounts = [account for account in (await source.accounts()).values() if account.id in sums]
    return [_totals(account.id, account.currency, sums[account.id]) for account in accounts]


def _totals(account_id: int, currency: str, minor: list[int]) -> AccountTotals:
    income, expense, transfers_in, transfers_out = minor
    return AccountTotals(
        account_id=account_id,
        currency=currency,
        income=income,
        expense=expense,
        transfers_in=transfers_in,
        transfers_out=transfers_out,
        net=income - expense + transfers_in - transfers_out,
    )
