"""The ledger view of records: one leg per account a record touches, shaped like a roll-up row.

Income and expenses are one leg on their account; a transfer is a TRANSFER_OUT leg of its account
(`amount_minor`, in the record's currency) and a TRANSFER_IN leg of its counterpart
(`counterpart_amount_minor`, in the counterpart's currency). Summed per month, the legs are the
monthly roll-ups; summed over partial months, they complete them.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, SQLColumnExpression, Subquery, case, func, literal, select, union_all

from api.accounts.models import Account
from api.ledger.models import UNCATEGORIZED_KEY, MonthlyRollup, Record, RecordKind, RollupKind

INFLOWS = (RollupKind.INCOME, RollupKind.TRANSFER_IN)
"""Roll-up kinds that add to their account's balance; the others take from it."""


def record_legs(condition: ColumnElement[bool], account_ids: Collection[int] = ()) -> Subquery:
    """Legs of the records matching `condition` (on Record's columns), of the given accounts if any.

    Columns: user_id, occurred_on, account_id, kind (a RollupKind), category_key, currency,
    amount_minor.
    """
    own_kind = case(
        (Record.kind == RecordKind.INCOME, _kind(RollupKind.INCOME)),
        (Record.kind == RecordKind.EXPENSE, _kind(RollupKind.EXPENSE)),
        else_=_kind(RollupKind.TRANSFER_OUT),
    )
    departures = select(
        Record.user_id.label("user_id"),
        Record.occurred_on.label("occurred_on"),
        Record.account_id.label("account_id"),
        own_kind.label("kind"),
        func.coalesce(Record.category_id, UNCATEGORIZED_KEY).label("category_key"),
        Record.currency.label("currency"),
        Record.amount_minor.label("amount_minor"),
    ).where(condition)
    arrivals = (  # an arrival is in its account's currency
        select(
            Record.user_id,
            Record.occurred_on,
            Record.counterpart_account_id,
            _kind(RollupKind.TRANSFER_IN),
            func.coalesce(Record.category_id, UNCATEGORIZED_KEY),
            Account.currency,
            Record.counterpart_amount_minor,
        )
        .join(Account, Account.id == Record.counterpart_account_id)
        .where(condition, Record.kind == RecordKind.TRANSFER)
    )
    if account_ids:
        departures = departures.where(Record.account_id.in_(account_ids))
        arrivals = arrivals.where(Record.counterpart_account_id.in_(account_ids))
    return union_all(departures, arrivals).subquery("legs")


def signed_minor(
    kind: SQLColumnExpression[RollupKind], amount_minor: SQLColumnExpression[int]
) -> ColumnElement[int]:
    """SQL: the amount as it changes its account's balance (inflows add, the rest subtract)."""
    return case((kind.in_(INFLOWS), amount_minor), else_=-amount_minor)


def _kind(kind: RollupKind) -> ColumnElement[RollupKind]:
    """A roll-up kind typed like the roll-up column, so legs and roll-ups compare and read alike."""
    return literal(kind, MonthlyRollup.__table__.c.kind.type)
