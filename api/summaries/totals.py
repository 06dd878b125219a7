"""Income, expense and net per currency, overall and per period; transfers are not income or expense."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.ledger.models import Record, RecordKind
from api.ledger.periods import period_start_sql
from api.summaries.service import SummaryScope, money, sum_where, summary_conditions, timed_part

INCOME_MINOR = sum_where(Record.kind == RecordKind.INCOME, Record.amount_minor)
EXPENSE_MINOR = sum_where(Record.kind == RecordKind.EXPENSE, Record.amount_minor)


@dataclass(frozen=True)
class CurrencyTotals:
    """One currency's totals over the whole range."""

    currency: str
    income: Decimal
    expense: Decimal
    net: Decimal
    savings_rate: float | None
    transfer_count: int
    record_count: int


@dataclass(frozen=True)
class PeriodTotals:
    """One currency's totals within one period."""

    period_start: date
    currency: str
    income: Decimal
    expense: Decimal
    net: Decimal


@timed_part("totals")
async def currency_totals(session: AsyncSession, user_id: int, scope: SummaryScope) -> list[CurrencyTotals]:
    """One row per currency with records in scope, by currency code."""
    transfers = func.count(Record.id).filter(Record.kind == RecordKind.TRANSFER)
    rows = await session.execute(
        select(Record.currency, INCOME_MINOR, EXPENSE_MINOR, transfers, func.count(Record.id))
        .where(*await summary_conditions(session, user_id, scope))
        .group_by(Record.currency)
        .order_by(Record.currency)
    )
    return [
        CurrencyTotals(
            currency=currency,
            income=money(income, currency),
            expense=money(expense, currency),
            net=money(income - expense, currency),
            savings_rate=float((income - expense) / income) if income else None,
            transfer_count=transfer_count,
            record_count=record_count,
        )
        for currency, income, expense, transfer_count, record_count in rows
    ]


@timed_part("by_period")
async def period_totals(session: AsyncSession, user_id: int, scope: SummaryScope) -> list[PeriodTotals]:
    """One row per (period start, currency) with income or expenses, in date then currency order."""
    start = period_start_sql(Record.occurred_on, scope.period, session.bind.dialect.name).label("start")
    rows = await session.execute(
        select(start, Record.currency, INCOME_MINOR, EXPENSE_MINOR)
        .where(*await summary_conditions(session, user_id, scope), Record.kind != RecordKind.TRANSFER)
        .group_by(start, Record.currency)
        .order_by(start, Record.currency)
    )
    return [
        PeriodTotals(
            period_start=period_start,
            currency=currency,
            income=money(income, currency),
            expense=money(expense, currency),
            net=money(income - expense, currency),
        )
        for period_start, currency, income, expense in rows
    ]
