"""The Recurring page's projected balance chart, and the same figures in words for those who cannot see it.

Amounts become floats for drawing only; tooltips and the text alternative show them exact, with
their currency. Several currencies are drawn as separate rows, never on one axis.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from analytics.formatting import format_money, money_labels
from analytics.date_format import DateFormat

NO_EDITOR = {"embedOptions": {"actions": False}}  # no "Open in Vega Editor": it sends the data away
CHART_HEIGHT = 220


def changing_balances(balances: pl.DataFrame) -> pl.DataFrame:
    """The projected balances of the accounts whose balance changes over the horizon (worth a line)."""
    return balances.filter(pl.col("balance").n_unique().over("account_id") > 1)


def projected_balance_chart(balances: pl.DataFrame, dates: DateFormat) -> alt.Chart | alt.FacetChart:
    """Each account's projected balance day by day (a step at each scheduled record), per currency, dated
    as `dates` writes days; the axis starts near the balances, not at zero, so that each step shows."""
    day = dates.time_format()
    data = balances.with_columns(money_labels(balances, "balance")).with_columns(
        pl.col("balance").cast(pl.Float64), account_label=pl.col("account") + " (" + pl.col("currency") + ")",
    )
    chart = alt.Chart(data).mark_line(interpolate="step-after", strokeWidth=2).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format=day, labelOverlap=True)),
        y=alt.Y("balance:Q", title="Balance", axis=alt.Axis(format=",.0f", tickCount=5),
                scale=alt.Scale(zero=False)),
        color=alt.Color("account_label:N", title="Account", legend=alt.Legend(orient="bottom", columns=2)),
        tooltip=[
            alt.Tooltip("date:T", title="Date", format=day),
            alt.Tooltip("account:N", title="Account"),
            alt.Tooltip("balance_label:N", title="Projected balance"),
        ],
    ).properties(height=CHART_HEIGHT)
    if balances["currency"].n_unique() <= 1:
        return chart.properties(width="container", usermeta=NO_EDITOR)
    faceted = chart.properties(width=560).facet(row=alt.Row("currency:N", title=None))
    return faceted.resolve_scale(y="independent").properties(usermeta=NO_EDITOR)


def projected_balance_sentences(balances: pl.DataFrame, dates: DateFormat) -> list[str]:
    """Per account, the chart in words: today's balance, the lowest point and the balance at the end, dated
    as `dates` writes.

    "Main checking: 2,345.00 EUR today; lowest 1,160.00 EUR on 1 Dec 2026; 3,100.00 EUR on 28 Feb 2027."
    """
    sentences = []
    for (account, currency), points in balances.sort("date").group_by(
        "account", "currency", maintain_order=True
    ):
        first, last = points.row(0, named=True), points.row(-1, named=True)
        lowest = points.sort("balance", "date").row(0, named=True)
        if points["balance"].n_unique() == 1:
            sentences.append(f"{account}: {format_money(first['balance'], currency)}, no change.")
            continue
        parts = [f"{format_money(first['balance'], currency)} today"]
        if lowest["balance"] < min(first["balance"], last["balance"]):
            lowest_balance = format_money(lowest["balance"], currency)
            parts.append(f"lowest {lowest_balance} on {dates.long_day(lowest['date'])}")
        if last["date"] != first["date"]:
            parts.append(f"{format_money(last['balance'], currency)} on {dates.long_day(last['date'])}")
        sentences.append(f"{account}: " + "; ".join(parts) + ".")
    return sentences
