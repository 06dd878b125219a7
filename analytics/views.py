"""marimo pieces the dashboard assembles: KPI cards, responsive grids, the statement table, record forms.

Built from the plain values of `analytics.kpis` and `analytics.statement`; the notebook only places them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from typing import Any

import altair as alt
import marimo as mo
import polars as pl

from analytics import statement
from analytics.amount_input import amount_example
from analytics.charts import SVG_RENDERER
from analytics.formatting import format_money
from analytics.kpis import Direction, money_change_caption, savings_rate_caption, trend
from analytics.record_form import KINDS, category_options, option_label
from analytics.records_table import account_options

LAYOUT_CSS = """<style>
.fintrack-cards { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 0.75rem; }
@media (max-width: 900px) { .fintrack-cards { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
@media (max-width: 520px) { .fintrack-cards { grid-template-columns: minmax(0, 1fr); } }
.fintrack-pair { display: grid; gap: 1rem 2.5rem; align-items: start;
                 grid-template-columns: repeat(auto-fit, minmax(min(100%, 360px), 1fr)); }
.fintrack-kpi-rows { display: none; width: 100%; border-collapse: collapse; font-size: 0.8rem;
                     font-variant-numeric: tabular-nums; }
.fintrack-kpi-rows th, .fintrack-kpi-rows td { padding: 0.3rem 0.25rem; text-align: right;
                                               border-bottom: 1px solid rgba(128, 128, 128, 0.35); }
.fintrack-kpi-rows th[scope="row"] { text-align: left; }
@media (max-width: 520px) {
  .fintrack-cards { display: none; }
  .fintrack-kpi-rows { display: table; }
}
</style>"""


def kpi_cards(kpi: dict[str, Any]) -> list[mo.Html]:
    """The four KPI cards of one currency (a row of `kpis.kpi_values`): income, expense, net and
    savings rate, each against the period before."""
    currency = kpi["currency"]

    def money_card(name: str, label: str, target: Direction) -> mo.Html:
        return mo.stat(
            format_money(kpi[name], currency),
            label=f"{label} · {currency}",
            caption=money_change_caption(kpi[name], kpi[f"{name}_previous"], currency),
            direction=trend(kpi[name], kpi[f"{name}_previous"]),
            target_direction=target,
            bordered=True,
        )

    rate, rate_before = kpi["savings_rate"], kpi["savings_rate_previous"]
    rate_card = mo.stat(
        "–" if rate is None else f"{rate:.1%}",
        label=f"Savings rate · {currency}",
        caption=savings_rate_caption(rate, rate_before),
        direction=trend(rate, rate_before),
        bordered=True,
    )
    return [money_card("income", "Income", "increase"), money_card("expense", "Expense", "decrease"),
            money_card("net", "Net", "increase"), rate_card]


def kpi_rows(kpis: list[dict[str, Any]]) -> mo.Html:
    """The KPIs as one compact row per currency (shown on a phone instead of the cards): income, expense,
    net and savings rate, the currency named once at the start of its row."""
    def amount(kpi: dict[str, Any], name: str) -> str:
        return format_money(kpi[name], kpi["currency"]).removesuffix(f" {kpi['currency']}")

    rows = "".join(
        f"<tr><th scope='row'>{kpi['currency']}</th><td>{amount(kpi, 'income')}</td>"
        f"<td>{amount(kpi, 'expense')}</td><td>{amount(kpi, 'net')}</td>"
        f"<td>{'–' if kpi['savings_rate'] is None else format(kpi['savings_rate'], '.1%')}</td></tr>"
        for kpi in kpis
    )
    columns = ("Currency", "Income", "Expense", "Net", "Savings")
    header = "".join(f"<th scope='col'>{name}</th>" for name in columns)
    return mo.Html(f"{LAYOUT_CSS}<table class='fintrack-kpi-rows'><thead><tr>{header}</tr></thead>"
                   f"<tbody>{rows}</tbody></table>")


def responsive_grid(items: list[object], layout: str) -> mo.Html:
    """Items in a grid that suits the screen: "cards" four to a row on a laptop, two on a tablet, one on a
    phone; "pair" side by side when both fit, one above the other otherwise."""
    cells = "".join(f"<div>{mo.as_html(item).text}</div>" for item in items)
    return mo.Html(f"{LAYOUT_CSS}<div class='fintrack-{layout}'>{cells}</div>")


def chart_renderer_warm_up() -> mo.Html:
    """An invisible one-point chart on the sign-in screen: the browser fetches the chart renderer while
    the password is typed, not after (it is loaded on first use)."""
    return mo.Html(warm_up_chart_html())


@functools.cache
def warm_up_chart_html() -> str:
    """The warm-up chart's markup, the same for every session: made once (Altair's validation took tens
    of milliseconds of each session's start, before the form showed). Its one point is written inline,
    so the markup refers to no file of a session."""
    chart = alt.Chart(alt.Data(values=[{"x": 0}])).mark_point().encode(x="x:Q")
    chart = chart.properties(usermeta=SVG_RENDERER)
    return f"<div style='display: none'>{mo.as_html(chart).text}</div>"


def statement_view(table: pl.DataFrame, currency: str) -> mo.Html:
    """One currency's statement table: Income, Expense and Net in bold, categories indented under them and
    sub-categories under their category; the category column stays in view while the months scroll."""
    levels = table[statement.LEVEL_COLUMN].to_list()
    indents = {1: "1rem", 2: "2rem"}

    def style(row: str, column: str, _value: Any) -> dict[str, str]:
        level = levels[int(row)]
        if level == 0:
            return {"fontWeight": "bold"}
        return {"paddingLeft": indents[level]} if column == statement.CATEGORY_COLUMN else {}

    shown = table.drop(statement.LEVEL_COLUMN)
    return mo.vstack([
        mo.md(f"### {currency}"),
        mo.ui.table(
            shown, selection=None, pagination=False, show_search=False, show_download=False,
            show_column_summaries=False, show_data_types=False,
            freeze_columns_left=[statement.CATEGORY_COLUMN],
            text_justify_columns={name: "right" for name in shown.columns[1:]}, style_cell=style,
        ),
    ])


def record_entry_form(
    accounts: pl.DataFrame, categories: pl.DataFrame, values: Mapping[str, Any] | None, mark: str,
    submit_label: str,
) -> mo.ui.form:
    """The form to add a record (`values` None) or edit one (`values` from `record_form.form_values`);
    it keeps what was typed after a submit, so a refused one can be corrected."""
    values = values or {}
    accounts_by_label, categories_by_label = account_options(accounts), category_options(categories)

    def picker(options: dict[str, Any], name: str, label: str) -> mo.ui.dropdown:
        return mo.ui.dropdown(options, value=option_label(options, values.get(name)), label=label)

    def text(name: str, label: str, **options: Any) -> mo.ui.text:
        return mo.ui.text(value=values.get(name) or "", label=label, **options)

    return mo.ui.form(
        mo.md(
            "{kind} {account} {amount} {date}\n\n{payee} {category} {counterpart}\n\n{description}"
        ).batch(
            kind=mo.ui.dropdown(KINDS, value=option_label(KINDS, values.get("kind") or "expense"),
                                label="Kind"),
            account=picker(accounts_by_label, "account", "Account"),
            amount=text("amount", "Amount", placeholder=amount_example(mark)),
            date=mo.ui.date(value=values.get("date") or date.today(), label="Date"),
            payee=text("payee", "Payee"),
            category=picker(categories_by_label, "category", "Category"),
            counterpart=picker(accounts_by_label, "counterpart", "To account (transfers)"),
            description=text("description", "Description", full_width=True),
        ),
        submit_button_label=submit_label,
    )
