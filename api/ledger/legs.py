"""The ledger view of records: one signed leg per account a record touches.

Income adds to its account, an expense subtracts, and a transfer subtracts `amount_minor` from
its account and adds `counterpart_amount_minor` to the counterpart. Balances and per-account
summaries are sums over these legs, always within one account and so one currency.
"""

from __future__ import annotations

from sqlalchemy import Subquery, case, literal, select, union_all

from api.ledger.models import Record, RecordKind


def account_legs(user_id: int) -> Subquery:
    """Subquery of (record_id, account_id, occurred_on, kind, category_id, signed_minor, is_arrival)."""
    departures = select(
        Record.id.label("record_id"),
        Record.account_id.label("account_id"),
        Record.occurred_on.label("occurred_on"),
        Record.kind.label("kind"),
        Record.category_id.label("category_id"),
        case((Record.kind == RecordKind.INCOME, Record.amount_minor), else_=-Record.amount_minor).label(
            "signed_minor"
        ),
        literal(False).label("is_arrival"),
    ).where(Record.user_id == user_id)
    arrivals = select(
        Record.id,
        Record.counterpart_account_id,
        Record.occurred_on,
        Record.kind,
        Record.category_id,
        Record.counterpart_amount_minor,
        literal(True),
    ).where(Record.user_id == user_id, Record.kind == RecordKind.TRANSFER)
    return union_all(departures, arrivals).subquery("legs")
