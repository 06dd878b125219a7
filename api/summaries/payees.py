"""The biggest payees of one kind of record, per currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from api.errors import InvalidInput
from api.ledger.models import Record, RecordKind
from api.summaries.service import SummarySource, money, timed_part

MAX_PAYEES = 100


@dataclass(frozen=True)
class PayeeTotals:
    """What one payee received (or paid) in one currency."""

    payee: str
    currency: str
    amount: Decimal
    record_count: int


@timed_part("by_payee")
async def payee_totals(source: SummarySource, kind: RecordKind, limit: int) -> list[PayeeTotals]:
    """The `limit` biggest payees per currency by amount; records without a payee are left out."""
    if not 1 <= limit <= MAX_PAYEES:
        raise InvalidInput("limit", f"must be between 1 and {MAX_PAYEES}")
    amount = func.sum(Record.amount_minor)
    ranked = (
        select(
            Record.payee,
            Record.currency,
            amount.label("amount_minor"),
            func.count().label("record_count"),
            func.row_number()
            .over(partition_by=Record.currency, order_by=(amount.desc(), Record.payee))
            .label("rank"),
        )
        .where(*await source.conditions(), Record.kind == kind, Record.payee != "")
        .group_by(Record.payee, Record.currency)
        .subquery("ranked")
    )
    rows = await source.session.execute(
        select(ranked.c.payee, ranked.c.currency, ranked.c.amount_minor, ranked.c.record_count)
        .where(ranked.c.rank <= limit)
        .order_by(ranked.c.currency, ranked.c.amount_minor.desc(), ranked.c.payee)
    )
    return [
        PayeeTotals(payee=payee, currency=currency, amount=money(minor, currency), record_count=count)
        for payee, currency, minor, count in rows
    ]
