"""The column layouts of every frame the package produces, and empty frames that honour them.

Amounts are `pl.Decimal(38, 3)`: three decimal places hold the minor units of every ISO 4217
currency (BHD, KWD and others use three; most use two; JPY none), and 35 integer digits leave
room for any sum. Amounts are never cast to float except to draw them.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

MONEY = pl.Decimal(38, 3)
"""Exact amounts: enough scale for every currency's minor units."""

RATIO_SCALE = 12
"""Decimal places kept when dividing amounts before a ratio (a share, a rate) becomes a float."""


def frame_schema(columns: Mapping[str, pl.DataType | type[pl.DataType]]) -> pl.Schema:
    """A polars schema from column types, dtype classes (`pl.Int64`) and instances (`MONEY`) alike.

    `pl.Schema` takes a union of layouts, so mypy cannot type a dict literal mixing both kinds;
    this parameter gives the literal its type.
    """
    return pl.Schema(columns)


RECORDS_SCHEMA = frame_schema({
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

CASH_FLOW_SCHEMA = frame_schema({
    "period_start": pl.Date,
    "currency": pl.String,
    "income": MONEY,
    "expense": MONEY,
    "net": MONEY,
})

CATEGORY_SCHEMA = frame_schema({
    "category_id": pl.Int64,  # null for uncategorized records
    "category": pl.String,
    "color": pl.String,
    "kind": pl.String,
    "currency": pl.String,
    "amount": MONEY,
    "share": pl.Float64,  # of the currency's total for that kind
})

BALANCE_SCHEMA = frame_schema({
    "date": pl.Date,
    "account_id": pl.Int64,
    "account": pl.String,
    "currency": pl.String,
    "balance": MONEY,
})

PAYEE_SCHEMA = frame_schema({
    "payee": pl.String,
    "currency": pl.String,
    "amount": MONEY,
    "record_count": pl.Int64,
})

NET_WORTH_SCHEMA = frame_schema({"date": pl.Date, "currency": pl.String, "net_worth": MONEY})

HEATMAP_SCHEMA = frame_schema({
    "currency": pl.String,
    "month": pl.Date,  # first day of the calendar month
    "weekday": pl.Int64,  # 1 = Monday … 7 = Sunday (ISO)
    "weekday_name": pl.String,
    "amount": MONEY,
    "record_count": pl.Int64,
})

RECURRING_SCHEMA = frame_schema({
    "payee": pl.String,
    "currency": pl.String,
    "typical_amount": MONEY,  # the median payment (an amount actually paid)
    "interval": pl.String,  # "weekly", "biweekly", "monthly", "quarterly" or "yearly"
    "occurrences": pl.Int64,
    "first_date": pl.Date,
    "last_date": pl.Date,
    "next_expected": pl.Date,
})

# Frames only the client makes (analytics.client), from what the API reports.
# Frames only the client makes (analytics.client), from what the API reports.
TOTALS_SCHEMA = frame_schema({
    "currency": pl.String,
    "income": MONEY,
    "expense": MONEY,
    "net": MONEY,
    "savings_rate": pl.Float64,  # net / income; null when there was no income
    "transfer_count": pl.Int64,
    "record_count": pl.Int64,
})

ACCOUNT_TOTALS_SCHEMA = frame_schema({
    "account_id": pl.Int64,
    "account": pl.String,
    "currency": pl.String,
    "income": MONEY,
    "expense": MONEY,
    "transfers_in": MONEY,
    "transfers_out": MONEY,
    "net": MONEY,
})

SUBCATEGORY_SCHEMA = frame_schema({"parent_category_id": pl.Int64, **CATEGORY_SCHEMA})

ACCOUNTS_SCHEMA = frame_schema({
    "account_id": pl.Int64,
    "account": pl.String,
    "type": pl.String,  # "checking", "savings", "credit_card", "cash", "investment" or "loan"
    "currency": pl.String,
    "opening_balance": MONEY,
    "balance": MONEY,
    "archived": pl.Boolean,
})

CATEGORIES_SCHEMA = frame_schema({
    "category_id": pl.Int64,
    "category": pl.String,
    "full_name": pl.String,  # "Food / Groceries"
    "kind": pl.String,
    "color": pl.String,
    "parent_category_id": pl.Int64,  # the direct parent; null for top-level categories
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
