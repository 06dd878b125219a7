"""The Overview's KPIs: income, expense, net and savings rate per currency, each against the period before."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

import polars as pl

from analytics.formatting import format_money

KPI_NAMES = ("income", "expense", "net", "savings_rate")
Direction = Literal["increase", "decrease"]


def percent_change(current: Decimal, previous: Decimal | None) -> float | None:
    """(current - previous) / |previous|, or None when there is nothing to compare with."""
    if previous is None or previous == 0:
        return None
    return float((current - previous) / abs(previous))


def kpi_values(current: pl.DataFrame, previous: pl.DataFrame) -> list[dict[str, Any]]:
    """Per currency of the current totals: income, expense, net and savings rate, now and before."""
    before = {row["currency"]: row for row in previous.iter_rows(named=True)}
    rows = []
    for row in current.sort("currency").iter_rows(named=True):
        earlier = before.get(row["currency"], {})
        rows.append({
            "currency": row["currency"],
            **{name: row[name] for name in KPI_NAMES},
            **{f"{name}_previous": earlier.get(name) for name in KPI_NAMES},
        })
    return rows


def money_change_caption(current: Decimal, previous: Decimal | None, currency: str) -> str:
    """ "+3.7% · was 53,570.12 EUR": the change against the previous period, and what it was."""
    if previous is None:
        return "none in the previous period"
    change = percent_change(current, previous)
    was = f"was {format_money(previous, currency)}"
    return was if change is None else f"{change:+.1%} · {was}"


def savings_rate_caption(rate: float | None, previous: float | None) -> str:
    """ "+1.2 points · was 19.2%", or why there is nothing to compare."""
    if rate is None:
        return "no income in this period"
    if previous is None:
        return "no income in the previous period"
    return f"{(rate - previous) * 100:+.1f} points · was {previous:.1%}"


def trend(current: Decimal | float | None, previous: Decimal | float | None) -> Direction | None:
    """The arrow of a KPI card: "increase", "decrease", or None when there is no change to show."""
    if current is None or previous is None or current == previous:
        return None
    return "increase" if current > previous else "decrease"


def cards_scope(selected_categories: list[str]) -> str:
    """What the KPI cards count while categories are selected in the charts (nothing to say otherwise):
    the cards stay with the filters, the charts and the records follow the selection."""
    if not selected_categories:
        return ""
    shown = ", ".join(selected_categories)
    return (f"The cards count every category the filters allow; the charts below and the records show "
            f"**{shown}** only.")
