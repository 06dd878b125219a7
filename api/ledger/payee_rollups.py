"""Monthly payee roll-ups as the records define them: the reference the writer's deltas must equal.

A row sums the income or expense records of one month, account, category, payee and currency
(`MonthlyPayeeRollup`). Records without a payee and transfers are left out, as byPayee leaves
them out or reads them from the records.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, func, select, type_coerce

from api.ledger.models import UNCATEGORIZED_KEY, MonthlyPayeeRollup, Record, RecordKind, RollupKind
from api.ledger.periods import Period, period_start_sql

PayeeRollupKey = tuple[int, RollupKind, date, int, int, str, str]
"""(user_id, kind, month, account_id, category_key, payee, currency): a payee roll-up's primary key."""

PAYEE_ROLLUP_KINDS = (RecordKind.INCOME, RecordKind.EXPENSE)
"""The kinds of record payee roll-ups sum (under the RollupKind of the same value)."""
# Looked up per record written, not built with RollupKind(kind.value): an enum call costs more.
_PAYEE_ROLLUP_KIND = {kind: RollupKind(kind.value) for kind in PAYEE_ROLLUP_KINDS}


def payee_rollup_kind(kind: RecordKind, payee: str) -> RollupKind | None:
    """The kind of the payee roll-up row a record of this kind and payee counts in; None: it counts in none.

    Its key is (user_id, this kind, month, account_id, category_key, payee, currency): `PayeeRollupKey`.
    """
    return _PAYEE_ROLLUP_KIND.get(kind) if payee else None


def payee_rollups_from_records(
    dialect_name: str, user_id: int | None = None, condition: ColumnElement[bool] | None = None
) -> Select[tuple[object, ...]]:
    """SELECT of every payee roll-up row (columns named like MonthlyPayeeRollup's) from the records.

    `condition` (on Record's columns) limits it to what some records contribute, which the writer
    takes away before deleting or changing them in bulk.
    """
    conditions = [Record.kind.in_(PAYEE_ROLLUP_KINDS), Record.payee != ""]
    if condition is not None:
        conditions.append(condition)
    if user_id is not None:
        conditions.append(Record.user_id == user_id)
    # 'income' and 'expense' are stored alike in both kinds: read the record's kind as a RollupKind.
    kind = type_coerce(Record.kind, MonthlyPayeeRollup.__table__.c.kind.type).label("kind")
    month = period_start_sql(Record.occurred_on, Period.MONTH, dialect_name).label("month")
    category_key = func.coalesce(Record.category_id, UNCATEGORIZED_KEY).label("category_key")
    keys = (Record.user_id, kind, month, Record.account_id, category_key, Record.payee, Record.currency)
    return (
        select(*keys, func.sum(Record.amount_minor).label("amount_minor"), func.count().label("record_count"))
        .where(*conditions)
        .group_by(*keys)
    )
