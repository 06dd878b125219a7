"""The biggest payees of one kind of record, per currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, func, literal_column, select, type_coerce

from api.errors import InvalidInput
from api.ledger.models import Record, RecordKind
from api.summaries.service import SummarySource, money, timed_part

MAX_PAYEES = 100
SHORT_RANGE_DAYS = 92
"""Up to a quarter, the range's records read by date beat the whole kind read by payee.

The covering index (user_id, kind, payee, currency, occurred_on, amount_minor) answers a long
range without touching the table, but its dates come after the payee, so it is read whole for
the kind: 50 ms for 165,000 expenses whatever the range. A month is read by ix_records_user_date
in a fifth of that; the two meet around six months of a five-year history.
"""


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
        .where(*await source.conditions(), _kind_is(source, kind), Record.payee != "")
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


def _kind_is(source: SummarySource, kind: RecordKind) -> ColumnElement[bool]:
    """The condition on the kind, one SQLite cannot choose the payee index for on a short range."""
    first_day, last_day = source.scope.filtered_dates()
    if (last_day - first_day).days >= SHORT_RANGE_DAYS or source.session.bind.dialect.name != "sqlite":
        return Record.kind == kind  # PostgreSQL weighs the dates' selectivity itself
    # SQLite's unary + keeps a term from choosing an index: the dates then choose ix_records_user_date.
    return type_coerce(literal_column("+records.kind"), Record.kind.type) == kind
