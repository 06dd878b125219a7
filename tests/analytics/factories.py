"""Small builders for hand-written records frames."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import polars as pl

from analytics.frames import MONEY, RECORDS_SCHEMA, frame_from_rows

_ids = itertools.count(1)


def record(day: str, kind: str, amount: str, **fields: object) -> dict[str, object]:
    """One records-frame row in EUR on account 1 ("Checking"); any column can be overridden."""
    row: dict[str, object] = {
        "id": next(_ids),
        "date": date.fromisoformat(day),
        "kind": kind,
        "amount": Decimal(amount),
        "currency": "EUR",
        "account_id": 1,
        "account": "Checking",
        "payee": "",
        "description": "",
        "tags": [],
    }
    row.update(fields)
    for money_column in ("amount", "counterpart_amount"):
        if isinstance(row.get(money_column), str):
            row[money_column] = Decimal(row[money_column])  # type: ignore[arg-type]
    return row


def records(*rows: dict[str, object]) -> pl.DataFrame:
    """A records frame with the package's schema."""
    return frame_from_rows(list(rows), RECORDS_SCHEMA)


def money(*amounts: str | None) -> list[Decimal | None]:
    """Decimals for comparing with a frame column."""
    return [None if amount is None else Decimal(amount) for amount in amounts]


def accounts(*rows: tuple[int, str, str, str]) -> pl.DataFrame:
    """Opening balances: (account_id, account, currency, opening_balance)."""
    schema = {"account_id": pl.Int64, "account": pl.String, "currency": pl.String, "opening_balance": MONEY}
    return pl.DataFrame(
        [(account_id, name, currency, Decimal(opening)) for account_id, name, currency, opening in rows],
        schema=schema,
        orient="row",
    )
