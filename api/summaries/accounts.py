"""Per-account activity: income, expenses and transfers in and out, from the ledger's legs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import and_, not_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.records.filters import RecordCriteria
from api.ledger.legs import account_legs
from api.ledger.models import Record, RecordKind
from api.summaries.service import SummaryScope, money, sum_where, summary_conditions, timed_part


@dataclass(frozen=True)
class AccountTotals:
    """One account's activity in its own currency; expense and transfers out are positive amounts."""

    account_id: int
    currency: str
    income: Decimal
    expense: Decimal
    transfers_in: Decimal
    transfers_out: Decimal
    net: Decimal


@timed_part("by_account")
async def account_totals(session: AsyncSession, user_id: int, scope: SummaryScope) -> list[AccountTotals]:
    """One row per account with legs in scope, by account name.

    A transfer matching the filter shows on both of its accounts, unless the filter names
    accounts: then only those accounts get rows.
    """
    legs = account_legs(user_id)
    transfer = legs.c.kind == RecordKind.TRANSFER
    first_day, last_day = scope.filtered_dates()
    query = (
        select(
            Account.id,
            Account.currency,
            sum_where(legs.c.kind == RecordKind.INCOME, legs.c.signed_minor),
            sum_where(legs.c.kind == RecordKind.EXPENSE, -legs.c.signed_minor),
            sum_where(and_(transfer, legs.c.is_arrival), legs.c.signed_minor),
            sum_where(and_(transfer, not_(legs.c.is_arrival)), -legs.c.signed_minor),
        )
        .select_from(legs)
        .join(Account, Account.id == legs.c.account_id)
        .where(legs.c.occurred_on >= first_day, legs.c.occurred_on <= last_day)
        .group_by(Account.id, Account.currency, Account.name)
        .order_by(Account.name)
    )
    if scope.criteria.account_ids:
        query = query.where(legs.c.account_id.in_(scope.criteria.account_ids))
    if _narrows_records(scope.criteria):
        matching = select(Record.id).where(*await summary_conditions(session, user_id, scope))
        query = query.where(legs.c.record_id.in_(matching))
    return [
        AccountTotals(
            account_id=account_id,
            currency=currency,
            income=money(income, currency),
            expense=money(expense, currency),
            transfers_in=money(transfers_in, currency),
            transfers_out=money(transfers_out, currency),
            net=money(income - expense + transfers_in - transfers_out, currency),
        )
        for account_id, currency, income, expense, transfers_in, transfers_out in await session.execute(query)
    ]


def _narrows_records(criteria: RecordCriteria) -> bool:
    """Whether the filter asks more of a record than dates and accounts, which legs handle directly."""
    return replace(criteria, date_from=None, date_to=None, account_ids=()) != RecordCriteria()
