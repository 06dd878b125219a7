"""Who gets (or pays) the most, per currency."""

from __future__ import annotations

import polars as pl

from analytics.frames import MONEY, PAYEE_SCHEMA


def top_payees(records: pl.DataFrame, n: int = 10, kind: str = "expense") -> pl.DataFrame:
    """The `n` payees with the largest total of one kind in each currency, biggest first."""
    if n < 1:
        raise ValueError("n must be at least 1")
    return (
        records.filter(pl.col("kind") == kind)
        .group_by("payee", "currency")
        .agg(pl.col("amount").sum().cast(MONEY), record_count=pl.len().cast(pl.Int64))
        .sort(["currency", "amount", "payee"], descending=[False, True, False])
        .group_by("currency", maintain_order=True)
        .head(n)
        .select(PAYEE_SCHEMA.names())
        .cast(PAYEE_SCHEMA)
    )
