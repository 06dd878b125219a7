"""Income, expense and net per currency, overall and per period; transfers are not income or expense."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from api.ledger.models import Record, RecordKind, RollupKind
from api.summaries.facts import CategoryFact
from api.summaries.service import SummarySource, timed_part


@dataclass(frozen=True)
class CurrencyTotals:
    """One currency's totals over the whole range, amounts in its minor units."""

    currency: str
    income: int
    expense: int
    net: int
    savings_rate: float | None
    transfer_count: int
    record_count: int


@dataclass(frozen=True)
class PeriodTotals:
    """One currency's totals within one period, amounts in its minor units."""

    period_start: date
    currency: str
    income: int
    expense: int
    net: int


@dataclass
class IncomeAndExpense:
    """Running sums in minor units, and how many records (or transfers) they hold."""

    income: int = 0
    expense: int = 0
    record_count: int = 0
    transfer_count: int = 0

    def add(self, fact: CategoryFact) -> None:
        """Count one fact; a transfer counts once, as it leaves its account."""
        if fact.kind is RollupKind.INCOME:
            self.income += fact.amount_minor
        elif fact.kind is RollupKind.EXPENSE:
            self.expense += fact.amount_minor
        elif fact.kind is RollupKind.TRANSFER_OUT:
            self.transfer_count += fact.record_count
        if fact.kind is not RollupKind.TRANSFER_IN:
            self.record_count += fact.record_count


@timed_part("totals")
async def currency_totals(source: SummarySource) -> list[CurrencyTotals]:
    """One row per currency with records in scope, by currency code."""
    sums: dict[str, IncomeAndExpense] = defaultdict(IncomeAndExpense)
    for fact in await source.category_facts():
        sums[fact.currency].add(fact)
    for currency, count in (await _transfers_from_other_accounts(source)).items():
        sums[currency].transfer_count += count
        sums[currency].record_count += count
    return [
        CurrencyTotals(
            currency=currency,
            income=total.income,
            expense=total.expense,
            net=total.income - total.expense,
            savings_rate=(total.income - total.expense) / total.income if total.income else None,
            transfer_count=total.transfer_count,
            record_count=total.record_count,
        )
        for currency, total in sorted(sums.items())
        if total.record_count
    ]


@timed_part("by_period")
async def period_totals(source: SummarySource) -> list[PeriodTotals]:
    """One row per (period start, currency) with income or expenses, in date then currency order."""
    sums = sums_per_period(await source.category_facts(), source.period_of)
    return [
        PeriodTotals(
            period_start=start,
            currency=currency,
            income=total.income,
            expense=total.expense,
            net=total.income - total.expense,
        )
        for (start, currency), total in sorted(sums.items())
    ]


def sums_per_period(
    facts: Iterable[CategoryFact], period_of: Callable[[date], date]
) -> dict[tuple[date, str], IncomeAndExpense]:
    """Income and expense per (period start, currency), for periods with either; `period_of` gives
    the start of the period holding a fact's bucket."""
    sums: dict[tuple[date, str], IncomeAndExpense] = defaultdict(IncomeAndExpense)
    for fact in facts:
        if fact.kind in (RollupKind.INCOME, RollupKind.EXPENSE):
            sums[period_of(fact.bucket), fact.currency].add(fact)
    return sums


async def _transfers_from_other_accounts(source: SummarySource) -> Counter[str]:
    """Per currency, transfers into the filter's accounts from accounts outside it.

    Facts hold only the legs of the filter's accounts; a transfer counts in the currency it left
    in, which its arrival leg does not know, so these few are counted from the records.
    """
    account_ids = source.scope.criteria.account_ids
    if not account_ids:
        return Counter()
    rows = await source.session.execute(
        select(Record.currency, func.count())
        .where(*await source.conditions(), Record.kind == RecordKind.TRANSFER,
               Record.account_id.not_in(account_ids))
        .group_by(Record.currency)
    )
    return Counter({currency: count for currency, count in rows})
