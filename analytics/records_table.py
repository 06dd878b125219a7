"""The dashboard's records table: one page of records as readable rows, and the filter a click narrows."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from analytics.categories import top_level_category_ids
from analytics.charts import INCOME_COLOR
from analytics.client import RecordFilter
from analytics.formatting import format_money
from analytics.periods import month_end

RECORDS_TABLE_SCHEMA = pl.Schema({
    "Date": pl.Date,
    **{name: pl.String for name in ("Payee", "Category", "Account", "Kind", "Amount", "Description", "Tags")},
    "id": pl.Int64,  # hidden: which record a selected row is
})
HIDDEN_COLUMNS = ("id",)


def signed_amount(kind: str, amount: Decimal, currency: str) -> str:
    """An amount as the records table shows it: money in +, money out −, transfers unsigned. A refund
    (an expense with a negative amount) is money coming back: +."""
    text = format_money(abs(amount), currency)
    if kind == "expense":
        return f"+{text}" if amount < 0 else f"−{text}"
    return f"+{text}" if kind == "income" else text


def kind_label(kind: str, amount: Decimal) -> str:
    """What a record is, in the records table: Income, Expense, Transfer, or Refund (a negative expense)."""
    return "Refund" if kind == "expense" and amount < 0 else kind.title()


def category_text(node: dict[str, Any]) -> str:
    """The Category column: the category's full name, "Uncategorized", or "→ account" for a transfer."""
    if node["kind"] == "TRANSFER":
        return f"→ {node['counterpartAccount']['name']}"
    return str((node["category"] or {}).get("fullName", "Uncategorized"))


def records_table_frame(nodes: list[dict[str, Any]]) -> pl.DataFrame:
    """Record nodes of a records page (`FinanceClient.records_page`) as the table's rows."""
    rows = [
        {
            "Date": date.fromisoformat(node["date"]),
            "Payee": node["payee"],
            "Category": category_text(node),
            "Account": node["account"]["name"],
            "Kind": kind_label(node["kind"].lower(), Decimal(node["amount"])),
            "Amount": signed_amount(node["kind"].lower(), Decimal(node["amount"]), node["currency"]),
            "Description": node["description"],
            "Tags": ", ".join(node["tags"]),
            "id": int(node["id"]),
        }
        for node in nodes
    ]
    return pl.DataFrame(rows, schema=RECORDS_TABLE_SCHEMA, orient="row")


def amount_style(_row: str, column: str, value: Any) -> dict[str, str]:
    """Money coming in (income, and refunds) shows green in the records table."""
    return {"color": INCOME_COLOR} if column == "Amount" and str(value).startswith("+") else {}


def focus_filter(base: RecordFilter, clicked: list[int | None], categories: pl.DataFrame) -> RecordFilter:
    """The base filter narrowed to the top-level categories clicked in the chart (None: uncategorized);
    categories already chosen in the filters stay chosen when they lie under a clicked one."""
    if not clicked:
        return base
    if None in clicked:
        return dataclasses.replace(base, category_ids=None, uncategorized=True)
    chosen = tuple(sorted(category for category in clicked if category is not None))
    if base.category_ids is None:
        return dataclasses.replace(base, category_ids=chosen)
    roots = top_level_category_ids(categories)
    narrowed = tuple(category for category in base.category_ids if roots.get(category) in clicked)
    return dataclasses.replace(base, category_ids=narrowed or chosen)


def drill_down(base: RecordFilter, months: list[date], payees: list[str]) -> RecordFilter:
    """The records filter narrowed to the months clicked in the cash-flow chart (within its period) and
    to the payees clicked in the payees chart: exactly theirs, not a search ("Rewe" is not "Rewe Markt")."""
    narrowed = base
    if months:
        start, end = min(months), month_end(max(months))
        narrowed = dataclasses.replace(
            narrowed,
            date_from=max(start, base.date_from) if base.date_from else start,
            date_to=min(end, base.date_to) if base.date_to else end,
        )
    if payees:
        narrowed = dataclasses.replace(narrowed, payees=tuple(payees))
    return narrowed


def drill_down_note(categories: list[str], months: list[date], payees: list[str]) -> str:
    """What the clicks in the charts narrow the records to, in words (empty when nothing is clicked)."""
    parts = [", ".join(categories), ", ".join(f"{month:%B %Y}" for month in months), ", ".join(payees)]
    shown = " · ".join(f"**{part}**" for part in parts if part)
    return f"Showing {shown} only: click the bar again to show everything." if shown else ""


def in_currency(frame: pl.DataFrame, currency: str | None) -> pl.DataFrame:
    """The rows of one currency (charts never put two currencies on one axis)."""
    return frame.head(0) if currency is None else frame.filter(pl.col("currency") == currency)


def account_options(accounts: pl.DataFrame) -> dict[str, int]:
    """Accounts as a picker lists them: "Main checking (EUR)" -> id."""
    rows = accounts.iter_rows(named=True)
    return {f"{row['account']} ({row['currency']})": row["account_id"] for row in rows}


def selected_record(
    selection: pl.DataFrame, nodes: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The node of the row selected in the records table (None when no row is)."""
    if selection.is_empty():
        return None
    chosen = int(selection["id"][0])
    return next((node for node in nodes if int(node["id"]) == chosen), None)


def selected_rows(record: dict[str, Any] | None, nodes: list[dict[str, Any]]) -> list[int]:
    """Where the selected record is on this page (the table's initial selection; empty when elsewhere)."""
    if record is None:
        return []
    return [index for index, node in enumerate(nodes) if node["id"] == record["id"]]
