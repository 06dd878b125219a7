"""The biggest payees of one kind of record, per currency, from payee roll-ups and records."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, literal_column, select, type_coerce, union_all

from api.errors import InvalidInput
from api.ledger.models import MonthlyPayeeRollup, Record, RecordKind, RollupKind
from api.ledger.payee_rollups import PAYEE_ROLLUP_KINDS
from api.ledger.periods import Period
from api.summaries.facts import FactQuery, bigint_sums, plan_reads, rollup_conditions
from api.summaries.service import SummarySource, timed_part

MAX_PAYEES = 100
SHORT_RANGE_DAYS = 92
"""When the records answer a whole range (transfers, or a filter roll-ups cannot answer): up to a
quarter, the range's records read by date beat the whole kind read by payee.

The covering index (user_id, kind, payee, currency, occurred_on, amount_minor) answers a long
range without touching the table, but its dates come after the payee, so it is read whole for
the kind: 50 ms for 165,000 expenses whatever the range. A month is read by ix_records_user_date
in a fifth of that; the two meet around six months of a five-year history.
"""


@dataclass(frozen=True)
class PayeeTotals:
    """What one payee received (or paid) in minor units of one currency."""

    payee: str
    currency: str
    amount: int
    record_count: int


@timed_part("by_payee")
async def payee_totals(source: SummarySource, kind: RecordKind, limit: int) -> list[PayeeTotals]:
    """The `limit` biggest payees per currency by amount; records without a payee are left out."""
    if not 1 <= limit <= MAX_PAYEES:
        raise InvalidInput("limit", f"must be between 1 and {MAX_PAYEES}")
    parts = await _payee_sums(source, kind)
    sums = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery("sums")
    amount = func.sum(sums.c.amount_minor)
    amount_minor, record_count = bigint_sums(sums.c.amount_minor, func.sum(sums.c.record_count))
    ranked = (
        select(
            sums.c.payee,
            sums.c.currency,
            amount_minor.label("amount_minor"),
            record_count.label("record_count"),
            func.row_number()
            .over(partition_by=sums.c.currency, order_by=(amount.desc(), sums.c.payee))
            .label("rank"),
        )
        .group_by(sums.c.payee, sums.c.currency)
        .subquery("ranked")
    )
    rows = await source.session.execute(
        select(ranked.c.payee, ranked.c.currency, ranked.c.amount_minor, ranked.c.record_count)
        .where(ranked.c.rank <= limit)
        .order_by(ranked.c.currency, ranked.c.amount_minor.desc(), ranked.c.payee)
    )
    return [
        PayeeTotals(payee=payee, currency=currency, amount=int(minor), record_count=count)
        for payee, currency, minor, count in rows
    ]


async def _payee_sums(source: SummarySource, kind: RecordKind) -> list[Select[str, str, int, int]]:
    """SELECTs of (payee, currency, amount_minor, record_count) whose rows add up to the payees' totals.

    Payee roll-ups answer the whole months of the range and the records its partial edge months;
    the records answer everything for transfers (not rolled up per payee) and for filters roll-ups
    cannot answer (text, tags, amounts).
    """
    conditions = [*await source.conditions(), Record.payee != ""]
    first_day, last_day = source.scope.filtered_dates()
    plan = plan_reads(FactQuery(source.scope.criteria, first_day, last_day, Period.MONTH))
    if kind not in PAYEE_ROLLUP_KINDS or plan.rollup_months is None:
        short = (last_day - first_day).days < SHORT_RANGE_DAYS
        return [_from_records(source, [*conditions, _kind_is(source, kind, short)])]
    table = MonthlyPayeeRollup.__table__
    rollups = (
        select(
            table.c.payee,
            table.c.currency,
            func.sum(table.c.amount_minor).label("amount_minor"),
            func.sum(table.c.record_count).label("record_count"),
        )
        .where(
            table.c.user_id == source.user_id,
            table.c.kind == RollupKind(kind.value),
            table.c.month.between(*plan.rollup_months),
            *rollup_conditions(table, await source.category_tree(), source.scope.criteria),
        )
        .group_by(table.c.payee, table.c.currency)
    )
    # One SELECT per edge: SQLite reads an OR of two date ranges as the whole span between them.
    kind_is = _kind_is(source, kind, short=True)
    edges = [_from_records(source, [*conditions, Record.occurred_on.between(first, last), kind_is])
             for first, last in plan.record_days]
    return [rollups, *edges]


def _from_records(source: SummarySource, conditions: list[ColumnElement[bool]]) -> Select[str, str, int, int]:
    """SELECT of the sums per payee and currency of the records matching `conditions`."""
    return (
        select(Record.payee, Record.currency, func.sum(Record.amount_minor).label("amount_minor"),
               func.count().label("record_count"))
        .where(*conditions)
        .group_by(Record.payee, Record.currency)
    )


def _kind_is(source: SummarySource, kind: RecordKind, short: bool) -> ColumnElement[bool]:
    """The condition on the kind, one SQLite cannot choose the payee index for when the days are few."""
    if not short or source.session.get_bind().dialect.name != "sqlite":
        return Record.kind == kind  # PostgreSQL weighs the dates' selectivity itself
    # SQLite's unary + keeps a term from choosing an index: the dates then choose ix_records_user_date.
    return type_coerce(literal_column("+records.kind"), Record.kind.type) == kind
