"""The Overview's charts as text, and the choices a click in them makes, offered as lists.

Each chart gets a text alternative: its figures in sentences a screen reader reads out ("December 2025:
income 4,453.86 EUR, expense 3,020.00 EUR, net 1,433.86 EUR"). And what a click on a bar selects (a
month, a category, a payee) can be picked from a labelled list too, so keyboard users drill down alike.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import marimo as mo
import polars as pl

from analytics.formatting import format_money

OTHER_SUFFIX = " (other)"
"""A parent's own records, beside its sub-categories: "Transport (other)"."""
FLOWS = ("income", "expense", "net")


def month_name(month: date) -> str:
    """A month as the charts' text names it: "December 2025"."""
    return f"{month:%B %Y}"


def cash_flow_lines(cash_flow: pl.DataFrame) -> list[str]:
    """One sentence per month (and currency) of a cash-flow frame, oldest first."""
    def sentence(row: dict[str, Any]) -> str:
        income, expense, net = (format_money(row[name], row["currency"]) for name in FLOWS)
        return f"{month_name(row['period_start'])}: income {income}, expense {expense}, net {net}"

    return [sentence(row) for row in cash_flow.sort("currency", "period_start").iter_rows(named=True)]


def category_lines(categories: pl.DataFrame) -> list[str]:
    """One sentence per category of a category frame, biggest first: "Food: 14,326.39 EUR (32.1%)"."""
    return [
        f"{row['category']}: {format_money(row['amount'], row['currency'])}"
        + ("" if row["share"] is None else f" ({row['share']:.1%})")
        for row in categories.sort(["currency", "amount"], descending=[False, True]).iter_rows(named=True)
    ]


def payee_lines(payees: pl.DataFrame) -> list[str]:
    """One sentence per payee, biggest first: "Lidl: 540.00 EUR in 12 records"."""
    return [
        f"{row['payee']}: {format_money(row['amount'], row['currency'])} in {row['record_count']:,} "
        f"record{'' if row['record_count'] == 1 else 's'}"
        for row in payees.sort(["currency", "amount"], descending=[False, True]).iter_rows(named=True)
    ]


def balance_lines(balances: pl.DataFrame, format_day: Callable[[date], str]) -> list[str]:
    """Per account, its balance at the last point drawn and at the first: "Main checking: 2,310.00 EUR
    on 30/11/2026, from 1,200.00 EUR on 31/12/2025"."""
    lines = []
    for (account, currency), points in balances.sort("date").group_by(
        "account", "currency", maintain_order=True
    ):
        first, last = points.row(0, named=True), points.row(-1, named=True)
        line = f"{account}: {format_money(last['balance'], currency)} on {format_day(last['date'])}"
        if len(points) > 1:
            line += f", from {format_money(first['balance'], currency)} on {format_day(first['date'])}"
        lines.append(line)
    return sorted(lines)


def subcategory_split(subcategories: pl.DataFrame, parent_id: int, currency: str | None) -> pl.DataFrame:
    """A top-level category's spending split into its sub-categories (the parent's own records as
    "Parent (other)"), biggest first; empty when the category has no sub-categories with spending."""
    split = subcategories.filter(
        (pl.col("parent_category_id") == parent_id) & (pl.col("kind") == "expense")
        & (pl.col("currency") == currency)
    )
    if split.filter(pl.col("category_id") != parent_id).is_empty():
        return split.head(0).drop("parent_category_id")
    renamed = split.with_columns(
        category=pl.when(pl.col("category_id") == parent_id)
        .then(pl.col("category") + OTHER_SUFFIX).otherwise(pl.col("category"))
    )
    return renamed.drop("parent_category_id").sort(["amount", "category"], descending=[True, False])


def month_options(cash_flow: pl.DataFrame) -> dict[str, date]:
    """The months of a cash-flow frame for a picker, oldest first: "December 2025" -> its first day."""
    months = sorted(set(cash_flow["period_start"].to_list()))
    return {month_name(month): month for month in months}


def ranked_options(frame: pl.DataFrame, column: str) -> list[str]:
    """The names of a ranked chart's bars (categories, payees) for a picker, in the chart's order."""
    ordered = frame.sort(["amount", column], descending=[True, False])
    return list(dict.fromkeys(ordered[column].to_list()))


def chart_choice(rows: pl.DataFrame, column: str) -> tuple[Any, ...]:
    """What a chart (or its list) chose: the values of `column` in the rows it selected, each once; empty
    when nothing is (a second click on the chosen bar clears it)."""
    return tuple(dict.fromkeys(rows[column].to_list())) if column in rows.columns else ()


def picked_choice(frame: pl.DataFrame, label: str, key: str, picked: Any) -> tuple[Any, ...]:
    """The choice a pick in a chart's list makes: the `key` values of the rows whose `label` was picked."""
    return () if picked is None else chart_choice(frame.filter(pl.col(label) == picked), key)


def chosen_rows(frame: pl.DataFrame, column: str, chosen: Sequence[Any]) -> pl.DataFrame:
    """The rows of `frame` a choice selects; a None in it selects the rows without a value (uncategorized)."""
    wanted = pl.col(column).is_in([value for value in chosen if value is not None])
    if None in chosen:
        wanted = wanted | pl.col(column).is_null()
    return frame.filter(wanted)


def chosen_label(frame: pl.DataFrame, label: str, key: str, chosen: Sequence[Any]) -> Any:
    """What a chart's list shows for a choice: the one `label` of its rows (None for none, or several)."""
    labels = chosen_rows(frame, key, chosen)[label].unique().to_list()
    return labels[0] if len(labels) == 1 else None


def chart_as_text(title: str, lines: Sequence[str]) -> mo.Html:
    """A chart's text alternative: a disclosure ("Income and expense as text") holding a list of its
    figures; text, never markdown or HTML, so a payee named with * or < reads as typed."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines) or "<li>Nothing to show.</li>"
    return mo.Html(
        f"<details class='fintrack-chart-text'><summary>{html.escape(title)} as text</summary>"
        f"<ul>{items}</ul></details>"
    )


def chosen_subcategories(rows: pl.DataFrame, parent_id: int) -> tuple[tuple[int, ...], list[str]]:
    """The sub-categories chosen in a category's split (ids, names): the parent's own records ("(other)")
    choose none, as they cannot be told apart from the whole category in a filter."""
    chosen = rows.filter(pl.col("category_id") != parent_id).sort("category")
    return tuple(chosen["category_id"].to_list()), chosen["category"].to_list()
