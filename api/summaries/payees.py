"""The biggest payees of one kind of record, per currency, from payee roll-ups and records."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import NamedTuple

from sqlalchemy import (
    ColumnElement, Integer, Select, bindparam, func, literal_column, select, type_coerce, union_all,
)

from api.errors import InvalidInput
from api.ledger.models import MonthlyPayeeRollup, Record, RecordKind, RollupKind
from api.ledger.payee_rollups import PAYEE_ROLLUP_KINDS
from api.ledger.periods import Period
from api.summaries.facts import (
    NO_FILTER, RECORD_DAYS, ROLLUP_MONTHS, USER_ID, DayRange, bigint_sums, plan_reads,
    range_values, rollup_conditions,
)
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
    query = replace(source.scope.filtered_query(), period=Period.MONTH)
    criteria, first_day, last_day = query.criteria, query.first_day, query.last_day
    plan = plan_reads(query)
    from_rollups = kind in PAYEE_ROLLUP_KINDS and plan.rollup_months is not None
    record_days = plan.record_days if from_rollups else (DayRange(first_day, last_day, 1),)
    dialect = source.session.get_bind().dialect.name
    # SQLite: whether the dates, not the kind, should choose the index (see SHORT_RANGE_DAYS).
    by_date = dialect == "sqlite" and (from_rollups or (last_day - first_day).days < SHORT_RANGE_DAYS)
    shape = _Shape(from_rollups, tuple(days.sign for days in record_days), by_date)
    if criteria == NO_FILTER:
        statement = _unfiltered_statement(shape)
    else:
        rollups = rollup_conditions(MonthlyPayeeRollup.__table__, await source.category_tree(), criteria)
        statement = _statement(shape, await source.undated_conditions(), rollups)
    values = range_values(source.user_id, plan.rollup_months if from_rollups else None, record_days)
    values.update({_KIND.key: kind, _LIMIT.key: limit})
    if from_rollups:
        values[_ROLLUP_KIND.key] = RollupKind(kind.value)
    rows = await source.session.execute(statement, values)
    return [
        PayeeTotals(payee=payee, currency=currency, amount=int(minor), record_count=count)
        for payee, currency, minor, count in rows
    ]


class _Shape(NamedTuple):
    """What a payee statement's text depends on besides the filter."""

    from_rollups: bool
    record_signs: tuple[int, ...]
    """The sign of each range of days read from the records (`DayRange.sign`)."""
    by_date: bool


# Bound parameters, as in api.summaries.facts: a summary without a filter reuses one statement per shape.
_LIMIT = bindparam("limit", type_=Integer())
_KIND = bindparam("kind", type_=Record.kind.type)
_ROLLUP_KIND = bindparam("rollup_kind", type_=MonthlyPayeeRollup.kind.type)


@functools.lru_cache(maxsize=16)
def _unfiltered_statement(shape: _Shape) -> Select[str, str, int, int]:
    """The statement of a shape for the user's every record, built once per process."""
    return _statement(shape, [Record.user_id == USER_ID], [])


def _statement(
    shape: _Shape, record_conditions: list[ColumnElement[bool]], rollup_filter: list[ColumnElement[bool]]
) -> Select[str, str, int, int]:
    """SELECT of the `limit` biggest payees per currency, from payee roll-ups and records.

    Payee roll-ups answer the whole months of the range and the records its partial edge months;
    the records answer everything for transfers (not rolled up per payee) and for filters roll-ups
    cannot answer (text, tags, amounts).
    """
    # SQLite's unary + keeps the kind from choosing an index: the dates then choose ix_records_user_date.
    by_date = type_coerce(literal_column("+records.kind"), Record.kind.type)
    kind_column = by_date if shape.by_date else Record.kind
    conditions = [*record_conditions, Record.payee != "", kind_column == _KIND]
    # One SELECT per range: SQLite reads an OR of two date ranges as the whole span between them.
    parts = [_from_records([*conditions, Record.occurred_on.between(*days)], sign)
             for days, sign in zip(RECORD_DAYS, shape.record_signs)]
    if shape.from_rollups:
        parts.insert(0, _from_payee_rollups(rollup_filter))
    sums = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery("sums")
    amount, count = func.sum(sums.c.amount_minor), func.sum(sums.c.record_count)
    amount_minor, record_count = bigint_sums(sums.c.amount_minor, count)
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
        .having(count != 0)  # a payee whose records all lie on days subtracted from the roll-ups
        .subquery("ranked")
    )
    return (
        select(ranked.c.payee, ranked.c.currency, ranked.c.amount_minor, ranked.c.record_count)
        .where(ranked.c.rank <= _LIMIT)
        .order_by(ranked.c.currency, ranked.c.amount_minor.desc(), ranked.c.payee)
    )


def _from_payee_rollups(rollup_filter: list[ColumnElement[bool]]) -> Select[str, str, int, int]:
    """SELECT of the sums per payee and currency of the payee roll-ups of the range's whole months."""
    table = MonthlyPayeeRollup.__table__
    return (
        select(
            table.c.payee,
            table.c.currency,
            func.sum(table.c.amount_minor).label("amount_minor"),
            func.sum(table.c.record_count).label("record_count"),
        )
        .where(table.c.user_id == USER_ID, table.c.kind == _ROLLUP_KIND,
               table.c.month.between(*ROLLUP_MONTHS), *rollup_filter)
        .group_by(table.c.payee, table.c.currency)
    )


def _from_records(conditions: list[ColumnElement[bool]], sign: int) -> Select[str, str, int, int]:
    """SELECT of the sums per payee and currency of the records matching `conditions`, negated for
    days subtracted from their month's roll-up."""
    amount_minor, count = func.sum(Record.amount_minor), func.count()
    return (
        select(Record.payee, Record.currency,
               (amount_minor if sign > 0 else -amount_minor).label("amount_minor"),
               (count if sign > 0 else -count).label("record_count"))
        .where(*conditions)
        .group_by(Record.payee, Record.currency)
    )
