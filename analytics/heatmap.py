"""When the spending happens: expense per weekday and calendar month."""

from __future__ import annotations

import polars as pl

from analytics.frames import HEATMAP_SCHEMA, MONEY

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def spending_heatmap(records: pl.DataFrame) -> pl.DataFrame:
    """Total expense and record count per (currency, month, weekday); cells without spending are absent."""
    return (
        records.filter(pl.col("kind") == "expense")
        .group_by(
            "currency",
            month=pl.col("date").dt.truncate("1mo"),
            weekday=pl.col("date").dt.weekday().cast(pl.Int64),
        )
        .agg(pl.col("amount").sum().cast(MONEY), record_count=pl.len().cast(pl.Int64))
        .with_columns(
            weekday_name=pl.col("weekday").replace_strict(
                list(range(1, 8)), list(WEEKDAY_NAMES), return_dtype=pl.String
            )
        )
        .select(HEATMAP_SCHEMA.names())
        .cast(HEATMAP_SCHEMA)
        .sort("currency", "month", "weekday")
    )
