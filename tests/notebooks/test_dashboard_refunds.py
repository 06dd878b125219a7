"""Refunds in the dashboard: a negative expense reads as a Refund with money coming in, and a category that
refunds put below zero still draws."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl

from analytics import charts, records_table
from analytics.client import FinanceClient, RecordFilter
from tests.analytics.conftest import Ledger


def test_a_refund_is_labelled_and_shown_as_money_coming_in(finance: FinanceClient, ledger: Ledger) -> None:
    finance.create_record(account_id=ledger.checking, kind="expense", amount=Decimal("-12.50"),
                          date=date(2024, 2, 25), category_id=ledger.category_ids["Food"], payee="Grocer")

    page = finance.records_page(RecordFilter(date_from=date(2024, 2, 21)))

    row = records_table.records_table_frame(page["nodes"]).row(0, named=True)
    assert (row["Kind"], row["Amount"], row["Category"]) == ("Refund", "+12.50 EUR", "Food")
    assert records_table.amount_style("0", "Amount", row["Amount"]) == {"color": charts.INCOME_COLOR}


def test_kinds_and_signs_of_the_other_records() -> None:
    assert records_table.kind_label("expense", Decimal("3")) == "Expense"
    assert records_table.kind_label("income", Decimal("3")) == "Income"
    assert records_table.signed_amount("expense", Decimal("3"), "EUR") == "−3.00 EUR"
    assert records_table.signed_amount("transfer", Decimal("3"), "EUR") == "3.00 EUR"


def test_the_category_chart_draws_a_category_whose_refunds_exceed_its_spending(
    finance: FinanceClient, ledger: Ledger
) -> None:
    finance.create_record(account_id=ledger.checking, kind="expense", amount=Decimal("-150.00"),
                          date=date(2024, 2, 25), category_id=ledger.category_ids["Food"], payee="Grocer")
    spending = finance.summary(date(2024, 2, 1), date(2024, 2, 29), parts=("categories",)).categories.filter(
        pl.col("kind") == "expense", pl.col("currency") == "EUR"
    )

    spec = charts.category_chart(spending).to_dict()

    food = spending.filter(pl.col("category") == "Food")
    assert food["amount"][0] == Decimal("-95.30")
    values = next(iter(spec["datasets"].values()))
    assert {row["category"]: row["amount"] for row in values}["Food"] == -95.3
