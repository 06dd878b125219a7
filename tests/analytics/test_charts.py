"""Chart builders produce valid Vega-Lite with their selections, tooltips and colours."""

from __future__ import annotations

from datetime import date
from typing import Any

import altair as alt
import marimo as mo
import polars as pl
import pytest

from analytics.balances import running_balance
from analytics.cashflow import monthly_cash_flow
from analytics.categories import category_breakdown
from analytics.charts import (
    SVG_RENDERER,
    balance_chart,
    cash_flow_chart,
    category_chart,
    category_color_scale,
    heatmap_chart,
    payees_chart,
)
from analytics.date_format import DateFormat
from analytics.heatmap import WEEKDAY_NAMES, spending_heatmap
from analytics.payees import top_payees
from tests.analytics.factories import accounts, record, records

FOOD = {"category_id": 1, "category": "Food", "color": "#f28e2b"}
RENT = {"category_id": 3, "category": "Rent", "color": "#4e79a7"}
RECORDS = records(
    record("2024-01-05", "income", "2500", payee="Employer"),
    record("2024-01-06", "expense", "250.50", payee="Grocer", **FOOD),
    record("2024-02-01", "expense", "800", payee="Landlord", **RENT),
    record("2024-02-03", "expense", "7", payee="Diner", currency="USD", account_id=2, account="Dollars"),
)
OPENING = accounts((1, "Checking", "EUR", "100"), (2, "Dollars", "USD", "0"))
EUR_ONLY = RECORDS.filter(currency="EUR")


def _frames(source: pl.DataFrame) -> dict[str, pl.DataFrame]:
    return {
        "cash_flow": monthly_cash_flow(source),
        "categories": category_breakdown(source),
        "balances": running_balance(source, OPENING),
        "payees": top_payees(source),
        "heatmap": spending_heatmap(source),
    }


BUILDERS = {
    "cash_flow": cash_flow_chart,
    "categories": category_chart,
    "balances": balance_chart,
    "payees": payees_chart,
    "heatmap": heatmap_chart,
}
SELECTIONS = {"cash_flow": "period", "categories": "category", "balances": "account", "payees": "payee"}


def _data(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows embedded in a chart's spec."""
    (rows,) = spec["datasets"].values()
    return rows


@pytest.mark.parametrize("source", [RECORDS, EUR_ONLY, RECORDS.head(1), RECORDS.clear()],
                         ids=["two currencies", "one currency", "one record", "empty"])
@pytest.mark.parametrize("name", BUILDERS)
def test_every_chart_is_valid_vega_lite(name: str, source: pl.DataFrame):
    spec = BUILDERS[name](_frames(source)[name]).to_dict(validate=True)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    if name in SELECTIONS:
        assert [param["name"] for param in spec["params"]] == [SELECTIONS[name]]
        assert spec["usermeta"] == SVG_RENDERER


def test_category_selection_is_a_point_selection_on_category_id():
    spec = category_chart(category_breakdown(EUR_ONLY)).to_dict()
    (param,) = spec["params"]
    toggle = toggle_expression("category", "category_id")
    select = {"type": "point", "fields": ["category_id"], "toggle": toggle}
    assert param == {"name": "category", "select": select}
    assert spec["encoding"]["opacity"]["condition"][0]["param"] == "category"


def toggle_expression(name: str, field: str) -> str:
    """The toggle of a chart's selection: a click (or a legend entry's) on what is selected already."""
    return (f"!!datum && (vlSelectionTest('{name}_store', datum)"
            f" || (isDefined(datum.value) && vlSelectionTest('{name}_store', {{{field}: datum.value}})))")


@pytest.mark.parametrize(("name", "field"), [("cash_flow", "month"), ("categories", "category_id"),
                                             ("payees", "payee"), ("balances", "account")])
def test_a_second_click_on_the_selected_mark_clears_the_selection(name: str, field: str):
    # Vega-Lite toggles (removes) the clicked value only when it is selected already; another mark replaces.
    (param,) = BUILDERS[name](_frames(EUR_ONLY)[name]).to_dict()["params"]
    assert param["select"]["toggle"] == toggle_expression(SELECTIONS[name], field)


def test_a_choice_made_elsewhere_starts_selected_months_by_name():
    categories = category_chart(category_breakdown(EUR_ONLY), chosen=(3,)).to_dict()["params"][0]
    assert categories["value"] == [{"category_id": 3}]
    (period,) = cash_flow_chart(monthly_cash_flow(EUR_ONLY), chosen=(date(2024, 2, 1),)).to_dict()["params"]
    assert (period["select"]["fields"], period["value"]) == (["month"], [{"month": "2024-02"}])
    assert "value" not in payees_chart(top_payees(EUR_ONLY)).to_dict()["params"][0]


def test_category_bars_use_each_categorys_own_colour():
    spec = category_chart(category_breakdown(EUR_ONLY)).to_dict()
    assert spec["encoding"]["color"]["scale"] == {"domain": ["Rent", "Food"], "range": ["#4e79a7", "#f28e2b"]}


def test_tooltips_show_amounts_formatted_with_their_currency():
    rows = _data(category_chart(category_breakdown(RECORDS)).to_dict())
    assert {row["amount_label"] for row in rows} == {"800.00 EUR", "250.50 EUR", "7.00 USD"}
    rows = _data(cash_flow_chart(monthly_cash_flow(EUR_ONLY)).to_dict())
    assert {(row["flow"], row["amount_label"], row["net_label"]) for row in rows} == {
        ("Income", "2,500.00 EUR", "2,249.50 EUR"),
        ("Expense", "250.50 EUR", "2,249.50 EUR"),
        ("Income", "0.00 EUR", "-800.00 EUR"),
        ("Expense", "800.00 EUR", "-800.00 EUR"),
    }


def test_several_currencies_are_drawn_in_separate_rows_with_their_own_scales():
    spec = category_chart(category_breakdown(RECORDS)).to_dict()
    assert spec["facet"] == {"row": {"field": "currency", "title": None, "type": "nominal"}}
    assert spec["resolve"] == {"scale": {"x": "independent", "y": "independent"}}


def test_cash_flow_chart_layers_income_and_expense_bars_with_a_net_line():
    spec = cash_flow_chart(monthly_cash_flow(EUR_ONLY)).to_dict()
    bars, line = spec["layer"]
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["xOffset"]["field"] == "flow"
    assert line["mark"]["type"] == "line" and line["encoding"]["y"]["field"] == "net"


def test_balance_dates_are_written_in_the_browsers_order_on_the_axis_and_in_tooltips():
    chart = balance_chart(running_balance(RECORDS, OPENING), DateFormat("mdy", "/"))
    encoding = chart.to_dict()["spec"]["encoding"]  # a row per currency
    assert encoding["x"]["axis"]["format"] == "%m/%d/%Y"
    assert encoding["tooltip"][0] == {
        "field": "date", "type": "temporal", "title": "Date", "format": "%m/%d/%Y"}


def test_balance_chart_selects_an_account_by_a_click_on_its_line_or_its_legend_entry():
    (param,) = balance_chart(running_balance(EUR_ONLY, OPENING)).to_dict()["params"]
    assert param["bind"] == "legend" and param["select"]["on"] == "click"
    assert param["select"]["fields"] == ["account"] and "value" not in param


def test_balance_chart_starts_with_the_chosen_account_ids_selected_by_name():
    (param,) = balance_chart(running_balance(RECORDS, OPENING), chosen=(2, 99)).to_dict()["params"]
    assert param["value"] == [{"account": "Dollars"}]


def test_heatmap_orders_weekdays_from_monday():
    spec = heatmap_chart(spending_heatmap(EUR_ONLY)).to_dict()
    assert spec["encoding"]["y"]["sort"] == list(WEEKDAY_NAMES)


def test_colour_scale_takes_the_first_colour_given_for_a_category():
    categories = pl.DataFrame({"category": ["Food", "Rent", "Food"], "color": ["#111", "#222", "#333"]})
    scale = category_color_scale(categories)
    assert isinstance(scale, alt.Scale)
    assert (scale.domain, scale.range) == (["Food", "Rent"], ["#111", "#222"])


@pytest.mark.parametrize("source", [RECORDS, EUR_ONLY, RECORDS.clear()],
                         ids=["two currencies", "one currency", "empty"])
def test_marimo_accepts_the_category_chart_and_starts_with_nothing_selected(source: pl.DataFrame):
    chart = mo.ui.altair_chart(category_chart(category_breakdown(source)))
    assert isinstance(chart.value, pl.DataFrame) and chart.value.is_empty()
    assert "category_id" in chart.value.columns
