"""Cash flow over time: income, expense and net per month and currency, and what follows from it.

Transfers move money between the user's own accounts, so they are neither income nor expense.
"""

from __future__ import annotations

import polars as pl

from analytics.frames import CASH_FLOW_SCHEMA, MONEY, ratio

CASH_FLOW_AMOUNTS = ("income", "expense", "net")


def _sum_of_kind(kind: str) -> pl.Expr:
    """Aggregation: the exact sum of the amounts of one record kind (0 when there are none)."""
    return pl.col("amount").filter(pl.col("kind") == kind).sum().cast(MONEY).alias(kind)


def monthly_cash_flow(records: pl.DataFrame) -> pl.DataFrame:
    """Income, expense and net per (month, currency), transfers left out.

    Months without records inside a currency's range are rows of zeros, so that rolling averages
    and month-over-month changes count them.
    """
    totals = (
        records.filter(pl.col("kind") != "transfer")
        .group_by(period_start=pl.col("date").dt.truncate("1mo"), currency=pl.col("currency"))
        .agg(_sum_of_kind("income"), _sum_of_kind("expense"))
    )
    months = totals.group_by("currency").agg(
        period_start=pl.date_ranges(pl.col("period_start").min(), pl.col("period_start").max(), "1mo")
    ).explode("period_start")
    return (
        months.join(totals, on=["currency", "period_start"], how="left")
        .with_columns(pl.col("income", "expense").fill_null(0).cast(MONEY))
        .with_columns(net=pl.col("income") - pl.col("expense"))
        .select(CASH_FLOW_SCHEMA.names())
        .cast(CASH_FLOW_SCHEMA)
        .sort("period_start", "currency")
    )


def rolling_average(
    frame: pl.DataFrame,
    column: str,
    window: int,
    *,
    order_by: str = "period_start",
    group_by: str = "currency",
) -> pl.DataFrame:
    """Add `<column>_rolling_average`: the exact mean of the last `window` rows of each currency.

    Null until a currency has `window` rows; the mean is rounded half to even to the amount's scale.
    """
    if window < 1:
        raise ValueError("window must be at least 1")
    running = pl.col(column).cum_sum().over(group_by, order_by=order_by)
    previous = running.shift(window).over(group_by, order_by=order_by)
    position = pl.int_range(pl.len()).over(group_by, order_by=order_by)
    window_sum = running - previous.fill_null(0)
    return frame.with_columns(
        pl.when(position >= window - 1)
        .then(window_sum / window)
        .otherwise(None)
        .cast(frame.schema[column])
        .alias(f"{column}_rolling_average")
    )


def savings_rate(cash_flow: pl.DataFrame) -> pl.DataFrame:
    """Add `savings_rate` = net / income per row (a ratio, null when there was no income)."""
    return cash_flow.with_columns(savings_rate=ratio(pl.col("net"), pl.col("income")))


def month_over_month(cash_flow: pl.DataFrame) -> pl.DataFrame:
    """Add each amount's change against the previous calendar month of the same currency.

    `<column>_change` is exact; `<column>_change_ratio` is the change over the previous month's size
    (so a smaller loss is positive), null when there is no previous month or it was 0.
    """
    previous = cash_flow.select(
        pl.col("period_start").dt.offset_by("1mo"),
        "currency",
        *(pl.col(column).alias(f"{column}_previous") for column in CASH_FLOW_AMOUNTS),
    )
    joined = cash_flow.join(previous, on=["period_start", "currency"], how="left")
    return joined.with_columns(
        *(
            (pl.col(column) - pl.col(f"{column}_previous")).alias(f"{column}_change")
            for column in CASH_FLOW_AMOUNTS
        ),
        *(
            ratio(pl.col(column) - pl.col(f"{column}_previous"), pl.col(f"{column}_previous").abs())
            .alias(f"{column}_change_ratio")
            for column in CASH_FLOW_AMOUNTS
        ),
    ).drop(f"{column}_previous" for column in CASH_FLOW_AMOUNTS)
