"""Per-account activity: income, expenses and transfers in and out, from the legs of each account."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from api.ledger.models import RollupKind
from api.summaries.service import SummarySource, timed_part


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
    sums: dict[int, dict[RollupKind, int]] = defaultdict(lambda: dict.fromkeys(RollupKind, 0))
    for fact in await source.account_facts():
        sums[fact.account_id][fact.kind] += fact.amount_minor
    if not sums:
        return []
    accounts = [account for account in (await source.accounts()).values() if account.id in sums]
    return [_totals(account.id, account.currency, sums[account.id]) for account in accounts]


def _totals(account_id: int, currency: str, minor: dict[RollupKind, int]) -> AccountTotals:
    income, expense = minor[RollupKind.INCOME], minor[RollupKind.EXPENSE]
    transfers_in, transfers_out = minor[RollupKind.TRANSFER_IN], minor[RollupKind.TRANSFER_OUT]
    return AccountTotals(
        account_id=account_id,
        currency=currency,
        income=income,
        expense=expense,
        transfers_in=transfers_in,
        transfers_out=transfers_out,
        net=income - expense + transfers_in - transfers_out,
    )
