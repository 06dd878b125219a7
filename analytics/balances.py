"""Balances over time per account, and net worth per currency (currencies are never added)."""

from __future__ import annotations

import polars as pl

from analytics.frames import BALANCE_SCHEMA, MONEY, NET_WORTH_SCHEMA


def _account_legs(records: pl.DataFrame) -> pl.DataFrame:
    """Each record's effect on each account it touches: (account_id, date, change)."""
    departures = records.select(
        "account_id",
        "date",
        change=pl.when(pl.col("kind") == "income").then(pl.col("amount")).otherwise(-pl.col("amount")),
    )
    arrivals = records.filter(pl.col("kind") == "transfer").select(
        account_id="counterpart_account_id",
        date="date",
        change=pl.coalesce("counterpart_amount", "amount"),
    )
    return pl.concat([departures, arrivals]).with_columns(pl.col("change").cast(MONEY))


def currencies_by_use(accounts: pl.DataFrame) -> list[str]:
    """The accounts' currencies, the one most accounts use first (then by code): what pages show first."""
    counts = accounts.group_by("currency").len().sort(["len", "currency"], descending=[True, False])
    return counts["currency"].to_list()


def running_balance(records: pl.DataFrame, opening_balances: pl.DataFrame) -> pl.DataFrame:
    """The balance of each account at the end of the first record's day and of every day it moved.

    `opening_balances` lists every account: account_id, account, currency, opening_balance (the
    frame `FinanceClient.accounts()` returns fits). Every listed account starts on the first day,
    so that net worth counts it from there; transfers count on both sides, each in its own currency.
    """
    legs = _account_legs(records)
    unknown = set(legs["account_id"].to_list()) - set(opening_balances["account_id"].to_list())
    if unknown:
        raise ValueError(f"opening_balances lacks accounts {sorted(unknown)}")
    starts = opening_balances.select("account_id").with_columns(
        date=pl.lit(legs["date"].min(), dtype=pl.Date), change=pl.lit(0, dtype=MONEY)
    )
    daily = (
        pl.concat([legs, starts.filter(pl.col("date").is_not_null())])
        .group_by("account_id", "date")
        .agg(pl.col("change").sum())
    )
    return (
        daily.join(
            opening_balances.select("account_id", "account", "currency", "opening_balance"), on="account_id"
        )
        .with_columns(
            balance=pl.col("opening_balance")
            + pl.col("change").cum_sum().over("account_id", order_by="date")
        )
        .select(BALANCE_SCHEMA.names())
        .cast(BALANCE_SCHEMA)
        .sort("date", "account_id")
    )


def net_worth(balances: pl.DataFrame) -> pl.DataFrame:
    """Per currency and date in `balances`, the sum of each account's latest balance so far.

    An account counts from its first balance point on (before it, it is unknown, not zero).
    """
    dates = balances.select("date", "currency").unique()
    accounts = balances.select("account_id", "currency").unique()
    points = balances.select("date", "account_id", "balance").sort("date")
    latest = (
        dates.join(accounts, on="currency")
        .sort("date")
        .join_asof(points, on="date", by="account_id", strategy="backward", check_sortedness=False)
    )
    return (
        latest.group_by("date", "currency")
        .agg(net_worth=pl.col("balance").sum())
        .cast(NET_WORTH_SCHEMA)
        .select(NET_WORTH_SCHEMA.names())
        .sort("date", "currency")
    )
