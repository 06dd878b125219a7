"""analytics.chart_text: the Overview's charts as sentences, sub-category splits and the pickers' choices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import marimo as mo
import polars as pl

from analytics import chart_text
from analytics.frames import (
    BALANCE_SCHEMA,
    CASH_FLOW_SCHEMA,
    CATEGORY_SCHEMA,
    PAYEE_SCHEMA,
    SUBCATEGORY_SCHEMA,
)


def test_cash_flow_reads_month_by_month_with_exact_amounts() -> None:
    cash_flow = pl.DataFrame([
        {"period_start": date(2026, 1, 1), "currency": "EUR", "income": Decimal("100"),
         "expense": Decimal("30.5"), "net": Decimal("69.5")},
        {"period_start": date(2025, 12, 1), "currency": "EUR", "income": Decimal("4453.86"),
         "expense": Decimal("3020"), "net": Decimal("1433.86")},
    ], schema=CASH_FLOW_SCHEMA)

    assert chart_text.cash_flow_lines(cash_flow) == [
        "December 2025: income 4,453.86 EUR, expense 3,020.00 EUR, net 1,433.86 EUR",
        "January 2026: income 100.00 EUR, expense 30.50 EUR, net 69.50 EUR",
    ]


def test_categories_and_payees_read_biggest_first() -> None:
    categories = pl.DataFrame([
        {"category_id": 1, "category": "Housing", "color": "#000", "kind": "expense", "currency": "JPY",
         "amount": Decimal("120000"), "share": 0.75},
        {"category_id": None, "category": "Uncategorized", "color": "#888", "kind": "expense",
         "currency": "JPY", "amount": Decimal("40000"), "share": 0.25},
    ], schema=CATEGORY_SCHEMA)
    payees = pl.DataFrame([
        {"payee": "Kiosk", "currency": "EUR", "amount": Decimal("3.2"), "record_count": 1},
        {"payee": "Lidl", "currency": "EUR", "amount": Decimal("540"), "record_count": 12},
    ], schema=PAYEE_SCHEMA)

    assert chart_text.category_lines(categories) == [
        "Housing: 120,000 JPY (75.0%)", "Uncategorized: 40,000 JPY (25.0%)"]
    assert chart_text.payee_lines(payees) == ["Lidl: 540.00 EUR in 12 records", "Kiosk: 3.20 EUR in 1 record"]
    assert chart_text.ranked_options(payees, "payee") == ["Lidl", "Kiosk"]


def test_balances_read_each_accounts_last_and_first_point_in_the_date_format_given() -> None:
    balances = pl.DataFrame([
        {"date": date(2026, 1, 31), "account_id": 1, "account": "Main", "currency": "EUR",
         "balance": Decimal("1200")},
        {"date": date(2026, 2, 28), "account_id": 1, "account": "Main", "currency": "EUR",
         "balance": Decimal("2310")},
        {"date": date(2026, 2, 28), "account_id": 2, "account": "Cash", "currency": "EUR",
         "balance": Decimal("-5")},
    ], schema=BALANCE_SCHEMA)

    assert chart_text.balance_lines(balances, date.isoformat) == [
        "Cash: -5.00 EUR on 2026-02-28",
        "Main: 2,310.00 EUR on 2026-02-28, from 1,200.00 EUR on 2026-01-31",
    ]


def test_a_category_splits_into_its_subcategories_and_its_own_records() -> None:
    def row(parent: int, category_id: int, name: str, amount: str, currency: str = "EUR") -> dict[str, Any]:
        return {"parent_category_id": parent, "category_id": category_id, "category": name,
                "color": "#f28e2b", "kind": "expense", "currency": currency, "amount": Decimal(amount),
                "share": 0.1}

    subcategories = pl.DataFrame([
        row(5, 6, "Groceries", "80"), row(5, 5, "Food", "120"), row(5, 6, "Groceries", "9", "USD"),
        row(12, 12, "Health", "30"),
    ], schema=SUBCATEGORY_SCHEMA)

    split = chart_text.subcategory_split(subcategories, 5, "EUR")
    assert split["category"].to_list() == ["Food (other)", "Groceries"]
    assert split.columns == CATEGORY_SCHEMA.names()
    assert chart_text.subcategory_split(subcategories, 12, "EUR").is_empty()  # only its own records


def test_a_chart_and_its_list_make_one_choice() -> None:
    frame = pl.DataFrame({"category_id": [1, 2, None], "category": ["Food", "Rent", "Uncategorized"]})

    assert chart_text.chart_choice(frame.slice(1, 1), "category_id") == (2,)
    assert chart_text.chart_choice(frame.head(0), "category_id") == ()  # a second click cleared it
    assert chart_text.chart_choice(pl.DataFrame(), "category_id") == ()  # nothing drawn is selected
    assert chart_text.picked_choice(frame, "category", "category_id", "Rent") == (2,)
    assert chart_text.picked_choice(frame, "category", "category_id", None) == ()
    assert chart_text.chosen_rows(frame, "category_id", (None,))["category"].to_list() == ["Uncategorized"]
    assert chart_text.chosen_rows(frame, "category_id", ()).is_empty()
    assert chart_text.chosen_label(frame, "category", "category_id", (1,)) == "Food"
    assert chart_text.chosen_label(frame, "category", "category_id", (1, 2)) is None  # not one of the list
    months = pl.DataFrame({"period_start": [date(2026, 1, 1), date(2026, 2, 1)]})
    assert chart_text.month_options(months) == {
        "January 2026": date(2026, 1, 1), "February 2026": date(2026, 2, 1)}


def test_the_text_alternative_is_escaped_text_in_a_disclosure() -> None:
    shown = mo.as_html(chart_text.chart_as_text("Top payees", ["<b>Bob</b> & *Co*: 1.00 EUR"])).text

    assert "<summary>Top payees as text</summary>" in shown
    assert "&lt;b&gt;Bob&lt;/b&gt; &amp; *Co*: 1.00 EUR" in shown
    assert "Nothing to show." in mo.as_html(chart_text.chart_as_text("Top payees", [])).text


def test_the_chosen_sub_categories_leave_out_the_parents_own_records() -> None:
    rows = pl.DataFrame({"category_id": [6, 5, 7], "category": ["Groceries", "Food (other)", "Bakery"]})

    assert chart_text.chosen_subcategories(rows, 5) == ((7, 6), ["Bakery", "Groceries"])
    assert chart_text.chosen_subcategories(rows.head(0), 5) == ((), [])
