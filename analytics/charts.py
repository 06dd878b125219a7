"""Altair charts over the analytics frames, with tooltips, click selections and category colours.

Amounts become floats here, for drawing only; tooltips show the exact amounts formatted with
their currency. Several currencies are drawn as separate rows, never on one axis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import altair as alt
import polars as pl

from analytics.date_format import DateFormat
from analytics.formatting import money_labels
from analytics.heatmap import WEEKDAY_NAMES

# marimo draws Vega on canvas by default; clicks on marks need SVG. No actions menu: its "Open in Vega
# Editor" sends the chart's data to a public website.
NO_ACTIONS = {"embedOptions": {"actions": False}}
SVG_RENDERER = {"embedOptions": {"renderer": "svg", "actions": False}}
INCOME_COLOR = "#2f8f5b"
EXPENSE_COLOR = "#d1495b"
NET_COLOR = "#8c8c8c"  # seen on light and dark backgrounds alike
UNSELECTED_OPACITY = 0.35
BOTTOM_LEGEND = alt.Legend(orient="bottom", direction="horizontal")  # below: a phone has no room beside
CHART_WIDTH = "container"  # as wide as the page allows (single views only; Vega-Lite facets cannot)
# Amount axes in short form from a thousand on (12k, 1.5M, 2B), so labels never run into each other at
# large amounts; exact amounts are in the tooltips and the charts' text.
COMPACT_LABELS = ("abs(datum.value) >= 1000 ? replace(format(datum.value, '.3~s'), 'G', 'B')"
                  " : format(datum.value, ',~r')")

MONTH_KEY = "%Y-%m"  # how the cash-flow chart names the month a click selects
Chart = alt.Chart | alt.LayerChart | alt.FacetChart


def _plot_frame(frame: pl.DataFrame, amount_columns: tuple[str, ...]) -> pl.DataFrame:
    """The frame with a `<column>_label` for each amount, and the amounts as floats to draw."""
    labelled = frame.with_columns(money_labels(frame, column) for column in amount_columns)
    return labelled.with_columns(pl.col(column).cast(pl.Float64) for column in amount_columns)


def _by_currency(chart: alt.Chart | alt.LayerChart, frame: pl.DataFrame) -> Chart:
    """One row per currency when there are several, each with its own amount scale."""
    if frame["currency"].n_unique() <= 1:
        return chart.properties(width=CHART_WIDTH)
    return chart.facet(row=alt.Row("currency:N", title=None)).resolve_scale(x="independent", y="independent")


def _highlight(selection: alt.Parameter) -> Mapping[str, Any]:
    """Full opacity for the selected marks (or all of them when nothing is selected)."""
    return alt.when(selection).then(alt.value(1.0)).otherwise(alt.value(UNSELECTED_OPACITY))


def toggled_point(
    name: str, field: str, chosen: Sequence[Any] = (), **options: Any
) -> alt.Parameter:
    """A click selection of one bar that a second click on the same bar clears (any other bar replaces it),
    starting with the `chosen` values of `field` selected (picked from a list, say); `options` as
    `alt.selection_point` takes them (`on`, `bind`).

    Vega-Lite's `toggle` removes a clicked value that is already selected: asked only then, a click
    elsewhere still selects that one alone. A legend entry's datum holds its `value`, not the field.
    """
    store = f"{name}_store"
    legend_entry = f"{{{field}: datum.value}}"
    already_selected = (f"!!datum && (vlSelectionTest('{store}', datum)"
                        f" || (isDefined(datum.value) && vlSelectionTest('{store}', {legend_entry})))")
    value = [{field: item} for item in chosen] if chosen else alt.Undefined
    return alt.selection_point(name=name, fields=[field], toggle=already_selected, value=value, **options)


def category_color_scale(categories: pl.DataFrame) -> alt.Scale:
    """Each category name drawn in the category's own colour, the same in every chart."""
    pairs = categories.select("category", "color").unique("category", keep="first", maintain_order=True)
    return alt.Scale(domain=pairs["category"].to_list(), range=pairs["color"].to_list())


def cash_flow_chart(cash_flow: pl.DataFrame, chosen: Sequence[date] = ()) -> Chart:
    """Income and expense bars per month side by side, the net as a line; click a month to select it
    (the `chosen` months' first days selected to begin with)."""
    flows = pl.concat(
        cash_flow.select("period_start", "currency", "net", flow=pl.lit(name), amount=column)
        for name, column in (("Income", "income"), ("Expense", "expense"))
    )
    # Selected by the month as text: a date would be matched in the browser's time zone.
    data = _plot_frame(flows, ("amount", "net")).with_columns(
        month=pl.col("period_start").dt.strftime(MONTH_KEY))
    month = alt.X("yearmonth(period_start):O", title=None, axis=alt.Axis(format="%b %Y", labelAngle=-45))
    period = toggled_point("period", "month", [f"{day:{MONTH_KEY}}" for day in chosen])
    base = alt.Chart(data)
    bars = base.mark_bar().encode(
        x=month,
        xOffset=alt.XOffset("flow:N", sort=["Income", "Expense"]),
        y=alt.Y("amount:Q", title="Amount", axis=alt.Axis(labelExpr=COMPACT_LABELS)),
        color=alt.Color(
            "flow:N",
            title=None,
            scale=alt.Scale(domain=["Income", "Expense"], range=[INCOME_COLOR, EXPENSE_COLOR]),
            legend=BOTTOM_LEGEND,
        ),
        opacity=_highlight(period),
        tooltip=[
            alt.Tooltip("yearmonth(period_start):O", title="Month", format="%B %Y"),
            alt.Tooltip("flow:N", title="Flow"),
            alt.Tooltip("amount_label:N", title="Amount"),
            alt.Tooltip("net_label:N", title="Net"),
        ],
    ).add_params(period)
    net = base.transform_filter(alt.datum.flow == "Income").mark_line(
        color=NET_COLOR, point=alt.OverlayMarkDef(color=NET_COLOR)
    ).encode(
        x=month,
        y=alt.Y("net:Q", axis=alt.Axis(labelExpr=COMPACT_LABELS)),
        tooltip=[
            alt.Tooltip("yearmonth(period_start):O", title="Month", format="%B %Y"),
            alt.Tooltip("net_label:N", title="Net"),
        ],
    )
    # LayerChart itself: alt.layer is typed to return a FacetChart too (when layers share facets).
    return _by_currency(alt.LayerChart(layer=[bars, net]), cash_flow).properties(usermeta=SVG_RENDERER)


def _ranked_bars(
    frame: pl.DataFrame, label: str, selection: alt.Parameter, color: Any, detail: alt.Tooltip
) -> Chart:
    """Horizontal bars, biggest first, one per `label`; a click selects one, dimming the others."""
    chart = alt.Chart(_plot_frame(frame, ("amount",))).mark_bar().encode(
        x=alt.X("amount:Q", title="Amount", axis=alt.Axis(labelExpr=COMPACT_LABELS)),
        y=alt.Y(f"{label}:N", sort="-x", title=None),
        color=color,
        opacity=_highlight(selection),
        tooltip=[
            alt.Tooltip(f"{label}:N", title=label.capitalize()),
            alt.Tooltip("amount_label:N", title="Amount"),
            detail,
        ],
    ).add_params(selection)
    return _by_currency(chart, frame).properties(usermeta=SVG_RENDERER)


def category_chart(categories: pl.DataFrame, chosen: Sequence[int | None] = ()) -> Chart:
    """Amount per category in its own colour, biggest first; a click selects its category_id ("category"),
    the `chosen` ones selected to begin with."""
    return _ranked_bars(
        categories,
        "category",
        toggled_point("category", "category_id", chosen),
        alt.Color("category:N", scale=category_color_scale(categories), legend=None),
        alt.Tooltip("share:Q", title="Share", format=".1%"),
    )


def balance_chart(
    balances: pl.DataFrame, dates: DateFormat = DateFormat(), chosen: Sequence[int] = ()
) -> Chart:
    """One line per account over time, dated as `dates` writes days (the browser's order, not Vega's
    "Nov 30"); a click on an account's line, points or legend entry selects it ("account"), the `chosen`
    account ids selected to begin with, and a second click clears it."""
    data = _plot_frame(balances, ("balance",))
    # Selected by name (unique per user), the field the legend shows; the rows selected carry the id.
    names = data.filter(pl.col("account_id").is_in(list(chosen)))["account"].unique(maintain_order=True)
    selection = toggled_point("account", "account", names.to_list(), on="click", bind="legend")
    day = dates.time_format()
    chart = alt.Chart(data).mark_line(point=True, interpolate="step-after").encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format=day, labelAngle=-45, labelOverlap=True)),
        y=alt.Y("balance:Q", title="Balance", axis=alt.Axis(labelExpr=COMPACT_LABELS)),
        color=alt.Color("account:N", title="Account", legend=BOTTOM_LEGEND),
        opacity=_highlight(selection),
        tooltip=[
            alt.Tooltip("date:T", title="Date", format=day),
            alt.Tooltip("account:N", title="Account"),
            alt.Tooltip("balance_label:N", title="Balance"),
        ],
    ).add_params(selection)
    return _by_currency(chart, balances).properties(usermeta=SVG_RENDERER)


def payees_chart(payees: pl.DataFrame, chosen: Sequence[str] = ()) -> Chart:
    """Total per payee, biggest first; a click selects the payee ("payee"), the `chosen` ones at first."""
    return _ranked_bars(
        payees,
        "payee",
        toggled_point("payee", "payee", chosen),
        alt.value(EXPENSE_COLOR),
        alt.Tooltip("record_count:Q", title="Records"),
    )


def heatmap_chart(heatmap: pl.DataFrame) -> Chart:
    """Spending per weekday (rows) and month (columns), darker where more was spent."""
    data = _plot_frame(heatmap, ("amount",))
    chart = alt.Chart(data).mark_rect().encode(
        x=alt.X("yearmonth(month):O", title=None, axis=alt.Axis(format="%b %Y", labelAngle=-45)),
        y=alt.Y("weekday_name:O", sort=list(WEEKDAY_NAMES), title=None),
        color=alt.Color("amount:Q", title="Spent", scale=alt.Scale(scheme="oranges")),
        tooltip=[
            alt.Tooltip("yearmonth(month):O", title="Month", format="%B %Y"),
            alt.Tooltip("weekday_name:O", title="Weekday"),
            alt.Tooltip("amount_label:N", title="Spent"),
            alt.Tooltip("record_count:Q", title="Records"),
        ],
    )
    return _by_currency(chart, heatmap).properties(usermeta=NO_ACTIONS)
