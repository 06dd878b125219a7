"""The recurring-payment finder run on one user's recent history, account by account (polars frames).

Imported by `api.recurring.suggestions` only when suggestions are asked for, so that polars is loaded
by the processes that need it and not by every API worker.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import polars as pl

from analytics.frames import MONEY, frame_schema
from analytics.recurring import find_recurring_payments
from api.ledger.models import RecordKind
from api.money import minor_unit_exponent
from api.recurring.dates import Recurrence, Unit
from api.recurring.suggestions import HistoryRow, Suggestion

CADENCES = {
    "weekly": (Unit.WEEK, 1),
    "biweekly": (Unit.WEEK, 2),
    "monthly": (Unit.MONTH, 1),
    "quarterly": (Unit.MONTH, 3),
    "yearly": (Unit.YEAR, 1),
}
"""The finder's interval names as schedule recurrences."""

_HISTORY_SCHEMA = frame_schema({
    "kind": pl.String, "payee": pl.String, "currency": pl.String, "amount": MONEY, "date": pl.Date,
    "category_id": pl.Int64,
})


def suggestions_in(by_account: dict[int, list[HistoryRow]], today: date) -> list[Suggestion]:
    """Every series the finder sees in each account's history, still running at `today`; soonest first."""
    found: dict[str, Suggestion] = {}
    for account_id, history in sorted(by_account.items()):
        frame = pl.DataFrame(history, schema=_HISTORY_SCHEMA, orient="row")
        for kind in (RecordKind.EXPENSE, RecordKind.INCOME):
            for series in find_recurring_payments(frame, kind=kind.value).iter_rows(named=True):
                suggestion = _suggestion(account_id, kind, series, frame, today)
                if suggestion is not None:
                    found.setdefault(suggestion.key, suggestion)
    return sorted(found.values(), key=lambda item: (item.next_expected, item.payee.casefold(), item.key))


def _suggestion(
    account_id: int, kind: RecordKind, series: dict[str, object], history: pl.DataFrame, today: date
) -> Suggestion | None:
    """The suggestion for one series; None when it has stopped (its next date passed over a week ago)."""
    unit, every = CADENCES[str(series["interval"])]
    last_date = series["last_date"]
    expected = series["next_expected"]
    if not isinstance(last_date, date) or not isinstance(expected, date):
        return None
    if expected < today - timedelta(days=7):
        return None
    next_expected = Recurrence(unit, last_date, every).next_after(today)
    if next_expected is None:
        return None
    payee = str(series["payee"])
    payee_key = payee.strip().casefold()
    categories = Counter(
        history.filter(pl.col("kind") == kind.value,
                       pl.col("payee").str.strip_chars().str.to_lowercase() == payee.strip().lower())
        ["category_id"].to_list()
    )
    digest = hashlib.sha256(f"{account_id}:{kind.value}:{payee_key}:{series['interval']}".encode())
    return Suggestion(
        key=digest.hexdigest()[:32],
        account_id=account_id,
        kind=kind,
        payee=payee.strip(),
        cadence=str(series["interval"]),
        unit=unit,
        every=every,
        typical_amount=Decimal(str(series["typical_amount"])).quantize(
            Decimal(1).scaleb(-minor_unit_exponent(str(series["currency"])))
        ),
        currency=str(series["currency"]),
        occurrences=int(str(series["occurrences"])),
        last_date=last_date,
        next_expected=next_expected,
        category_id=categories.most_common(1)[0][0] if categories else None,
    )
