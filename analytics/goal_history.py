"""One savings goal over time: what its share of the account held at each month end of the last year, and
two paths from today to the target date, the one that reaches the target and the one the recent pace
follows. Amounts stay exact; the chart converts them to floats for drawing only."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_FLOOR, Decimal
from typing import Any

import altair as alt
import polars as pl

from analytics.client import FinanceClient
from analytics.date_format import DateFormat
from analytics.formatting import currency_decimal_places, format_money, money_labels
from analytics.frames import MONEY, frame_from_rows, frame_schema
from analytics.goals import BEHIND_COLOR, ON_TRACK_COLOR, REACHED_COLOR
from analytics.periods import shift_months

SAVED = "Saved"
NEEDED_PATH = "Needed to reach it"
PACE_PATH = "At the last three months' pace"
HISTORY_MONTHS = 12
HISTORY_SCHEMA = frame_schema({"date": pl.Date, "series": pl.String, "currency": pl.String, "amount": MONEY})
SERIES_COLORS = {SAVED: ON_TRACK_COLOR, NEEDED_PATH: "#555555", PACE_PATH: BEHIND_COLOR}


def share_of(balance: Decimal, share_percent: int, currency: str) -> Decimal:
    """The goal's part of a balance, rounded down to the currency's minor unit (as the API counts it)."""
    unit = Decimal(1).scaleb(-currency_decimal_places(currency))
    return (balance * share_percent / 100).quantize(unit, rounding=ROUND_FLOOR)


def goal_history(client: FinanceClient, goal: dict[str, Any], today: date) -> pl.DataFrame:
    """The goal's share of its account at each month end of the last year and today, then (while it is
    neither reached nor overdue) both paths from today to the target date (see HISTORY_SCHEMA; `series`
    names the line)."""
    start = shift_months(today.replace(day=1), -HISTORY_MONTHS)
    balances = client.summary(start, today, parts=("balances",),
                              filter={"accountIds": [str(goal["account_id"])]}).balances
    currency = goal["currency"]
    points = balances.filter(pl.col("account_id") == goal["account_id"]).sort("date")
    rows = [
        {"date": day, "series": SAVED, "currency": currency,
         "amount": share_of(balance, goal["share_percent"], currency)}
        for day, balance in zip(points["date"], points["balance"]) if day < today
    ]
    rows.append({"date": today, "series": SAVED, "currency": currency, "amount": goal["current"]})
    if goal["target_date"] > today and goal["remaining"] > 0:
        months = max(goal["months_left"], 1)
        for series, end in ((NEEDED_PATH, goal["target"]),
                            (PACE_PATH, goal["current"] + goal["monthly_pace"] * months)):
            rows += [{"date": today, "series": series, "currency": currency, "amount": goal["current"]},
                     {"date": goal["target_date"], "series": series, "currency": currency, "amount": end}]
    return frame_from_rows(rows, HISTORY_SCHEMA)


def history_sentences(history: pl.DataFrame, goal: dict[str, Any], dates: DateFormat) -> list[str]:
    """The history chart as text: what was saved at each month end, and where each path ends (dated as
    `dates` writes)."""
    currency = goal["currency"]
    saved = history.filter(pl.col("series") == SAVED)
    lines = [f"{dates.long_day(day)}: {format_money(amount, currency)} saved"
             for day, amount in zip(saved["date"], saved["amount"])]
    for series in (NEEDED_PATH, PACE_PATH):
        path = history.filter(pl.col("series") == series)
        if not path.is_empty():
            lines.append(f"{series}: {format_money(path['amount'][-1], currency)} "
                         f"by {dates.long_day(path['date'][-1])}")
    return lines


def history_chart(history: pl.DataFrame, goal: dict[str, Any], dates: DateFormat) -> alt.LayerChart:
    """The saved amount as a line up to today, the two paths dashed to the target date, the target a rule;
    months on the axis, days in the tooltips as `dates` writes them."""
    data = history.with_columns(money_labels(history, "amount"), pl.col("amount").cast(pl.Float64))
    series = list(SERIES_COLORS)
    lines = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=-45)),
        y=alt.Y("amount:Q", title=f"Amount ({goal['currency']})"),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom", direction="vertical"),
                        scale=alt.Scale(domain=series, range=list(SERIES_COLORS.values()))),
        strokeDash=alt.StrokeDash("series:N", legend=None,
                                  scale=alt.Scale(domain=series, range=[[1, 0], [6, 4], [2, 3]])),
        tooltip=[
            alt.Tooltip("date:T", title="Date", format=dates.time_format()),
            alt.Tooltip("series:N", title="Line"),
            alt.Tooltip("amount_label:N", title="Amount"),
        ],
    )
    target = alt.Chart(pl.DataFrame({"target": [float(goal["target"])],
                                     "label": [f"Target {format_money(goal['target'], goal['currency'])}"]}))
    rule = target.mark_rule(color=REACHED_COLOR, strokeWidth=1.5).encode(y="target:Q")
    text = target.mark_text(align="left", dy=-6, x=4, color=REACHED_COLOR).encode(
        y="target:Q", text="label:N"
    )
    return alt.LayerChart(layer=[rule, text, lines]).properties(
        width="container", height=240, usermeta={"embedOptions": {"actions": False}}
    )
