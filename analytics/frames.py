"""The column layouts of every frame the package produces, and empty frames that honour them.

Amounts are `pl.Decimal(38, 3)`: three decimal places hold the minor units of every ISO 4217
currency (BHD, KWD and others use three; most use two; JPY none), and 35 integer digits leave
room for any sum. Amounts are never cast to float except to draw them.
"""

from __future__ import annotations

import polars as pl

MONEY = pl.Decimal(38, 3)
"""Exact amounts: enough scale for every currency's minor units."""

RATIO_SCALE = 12
"""Decimal places kept when dividing amounts before a ratio (a share, a rate) becomes a float."""

RECORDS_SCHEMA = pl.Schema({
    "id": pl.Int64,
    "date": pl.Date,
    "kind": pl.String,  # "income", "expense" or "transfer"
    "amount": MONEY,  # always positive; the kind gives the direction
    "currency": pl.String,
    "account_id": pl.Int64,
    "account": pl.String,
    "category_id": pl.Int64,
    "category": pl.String,
    "parent_category_id": pl.Int64,  # the top-level category; null when the category is top-level
    "parent_category": pl.String,
    "color": pl.String,  # colour of the top-level category, the one charts use after the roll-up
    "payee": pl.String,
    "description": pl.String,
    "tags": pl.List(pl.String),
    "counterpart_account_id": pl.Int64,
    "counterpart_amount": MONEY,
})

CASH_FLOW_SCHEMA = pl.Schema({
    "period_start": pl.Date,
    "currency": pl.String,
    "income": MONEY,
    "expense": MONEY,
    "net": MONEY,
})

CATEGORY_SCHEMA = pl.Schema({
    "category_id": pl.Int64,  # null for uncategorized records
    "category": pl.String,
    "color": pl.String,
    "kind": pl.String,
    "currency": pl.String,
    "amount": MONEY,
    "share": pl.Float64,  # of the currency's total for that kind
})

BALANCE_SCHEMA = pl.Schema({
    "date": pl.Date,
    "account_id": pl.Int64,
    "account": pl.String,
    "currency": pl.String,
    "balance": MONEY,
})

PAYEE_SCHEMA = pl.Schema({
    "payee": pl.String,
    "currency": pl.String,
    "amount": MONEY,
    "record_count": pl.Int64,
})

UNCATEGORIZED_NAME = "Uncategorized"
UNCATEGORIZED_COLOR = "#8c8c8c"


def frame_from_rows(rows: list[dict[str, object]], schema: pl.Schema) -> pl.DataFrame:
    """A frame with exactly this schema (also when there are no rows)."""
    return pl.DataFrame(rows, schema=schema, orient="row")


def ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """numerator / denominator as a float, computed on exact decimals; null when the denominator is 0."""
    exact = numerator.cast(pl.Decimal(38, RATIO_SCALE)) / denominator.cast(pl.Decimal(38, RATIO_SCALE))
    return pl.when(denominator != 0).then(exact.cast(pl.Float64)).otherwise(None)
