"""The budget page's pictures: budget against actual per category (Altair) and a progress bar per budget.

Amounts become floats here for drawing only; tooltips and text show the exact amounts with their currency.
"""

from __future__ import annotations

import html
from typing import Any

import altair as alt
import polars as pl

from analytics.budgets import chart_text, line_sentence, percent_text
from analytics.formatting import money_labels

WITHIN_COLOR = "#2f8f5b"
PACE_COLOR = "#b86e00"  # amber dark enough for the 3:1 contrast of graphics on white
OVER_COLOR = "#c0392b"
AVAILABLE_COLOR = "#dcdcdc"
STATUSES = {"Within budget": WITHIN_COLOR, "On pace to overspend": PACE_COLOR, "Overspent": OVER_COLOR}
CHART_META = {"embedOptions": {"actions": False, "renderer": "svg"}}  # no "Open in Vega Editor"
ROW_HEIGHT = 38


def line_status(row: dict[str, Any]) -> str:
    """ "Overspent" once spending passed what is available, "On pace to overspend", or "Within budget"."""
    if row["remaining"] < 0:
        return "Overspent"
    return "On pace to overspend" if row["projected_overspend"] else "Within budget"


def _drawn(lines: pl.DataFrame) -> pl.DataFrame:
    amounts = ("available", "spent", "projected")
    statuses = [line_status(row) for row in lines.iter_rows(named=True)]
    labelled = lines.with_columns(*(money_labels(lines, column) for column in amounts),
                                  status=pl.Series(statuses, dtype=pl.String))
    return labelled.select(
        "category", "currency", "status", *(f"{column}_label" for column in amounts),
        *(pl.col(column).cast(pl.Float64) for column in amounts),
    )


def budget_chart(lines: pl.DataFrame, description: str = "Budget against spending") -> alt.LayerChart:
    """Per category of one currency: what is available (grey), what was spent (coloured by status) and
    the projection by the month's end (a black tick)."""
    data = _drawn(lines)
    category = alt.Y("category:N", sort=None, title=None, axis=alt.Axis(labelLimit=130))
    tooltip = [
        alt.Tooltip("category:N", title="Category"), alt.Tooltip("available_label:N", title="Available"),
        alt.Tooltip("spent_label:N", title="Spent"), alt.Tooltip("projected_label:N", title="Projected"),
        alt.Tooltip("status:N", title="Status"),
    ]
    base = alt.Chart(data).encode(y=category, tooltip=tooltip)
    amount_axis = alt.Axis(title=f"Amount ({', '.join(data['currency'].unique().sort())})",
                           format="~s", tickCount=5)
    available = base.mark_bar(color=AVAILABLE_COLOR, size=ROW_HEIGHT * 0.7).encode(
        x=alt.X("available:Q", axis=amount_axis))
    status_scale = alt.Scale(domain=list(STATUSES), range=list(STATUSES.values()))
    spent = base.mark_bar(size=ROW_HEIGHT * 0.32).encode(
        x="spent:Q",
        color=alt.Color("status:N", scale=status_scale, legend=None),  # legend_html() explains the marks
    )
    projected = base.mark_tick(color="#222222", thickness=2, size=ROW_HEIGHT * 0.8).encode(x="projected:Q")
    layered = alt.layer(available, spent, projected)
    return layered.properties(  # type: ignore[return-value]  # properties() is typed for every chart kind
        width="container", height=alt.Step(ROW_HEIGHT), usermeta=CHART_META,
        description=description,
    )


def budget_charts(lines: pl.DataFrame) -> dict[str, alt.LayerChart]:
    """One chart per currency (amounts of two currencies never share an axis), with its text alternative."""
    charts = {}
    for currency in lines["currency"].unique().sort():
        of_currency = lines.filter(pl.col("currency") == currency)
        charts[currency] = budget_chart(of_currency, " ".join(chart_text(of_currency)))
    return charts


def legend_html() -> str:
    """The charts' legend as HTML that wraps on a phone: what grey, each colour and the tick stand for."""
    def swatch(color: str, label: str, width: str = "0.8rem") -> str:
        return (f"<span style='display: inline-flex; align-items: center; gap: 0.35rem; white-space: nowrap'>"
                f"<span aria-hidden='true' style='display: inline-block; width: {width}; height: 0.8rem; "
                f"background: {color}'></span>{html.escape(label)}</span>")

    items = [swatch(AVAILABLE_COLOR, "Available"),
             *(swatch(color, f"Spent: {status.lower()}") for status, color in STATUSES.items()),
             swatch("#222222", "Projected by the month's end", width="2px")]
    return ("<div style='display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; font-size: 0.85rem'>"
            f"{''.join(items)}</div>")


VISUALLY_HIDDEN = ("position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); "
                   "white-space: nowrap")


def edit_label(category: str, currency: str) -> str:
    """An Edit button's label: "Edit" on screen, "Edit Food budget in EUR" to a screen reader."""
    return f"Edit<span style='{VISUALLY_HIDDEN}'> {html.escape(category)} budget in {currency}</span>"


def progress_bar(row: dict[str, Any]) -> str:
    """An accessible progress bar (role="progressbar", its value in words) of one budget line, as HTML."""
    percent = row["percent_used"]
    shown = 100.0 if percent is None and row["spent"] > 0 else min(max(float(percent or 0), 0.0), 100.0)
    color = STATUSES[line_status(row)]
    words = html.escape(f"{percent_text(row)}: {line_sentence(row)}", quote=True)
    name = html.escape(f"{row['category']} budget in {row['currency']}", quote=True)
    return (
        f"<div role='progressbar' aria-label='{name}' aria-valuemin='0' aria-valuemax='100' "
        f"aria-valuenow='{shown:.0f}' aria-valuetext='{words}' "
        "style='height: 0.7rem; border-radius: 0.35rem; background: #e6e6e6; overflow: hidden; "
        "margin: 0.3rem 0'>"
        f"<div style='width: {shown:.1f}%; height: 100%; background: {color}'></div></div>"
    )
