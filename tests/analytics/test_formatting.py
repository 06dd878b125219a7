"""Amounts formatted with their currency."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from analytics.formatting import format_money, money_labels
from analytics.frames import MONEY


@pytest.mark.parametrize(("amount", "currency", "text"), [
    ("1234.5", "EUR", "1,234.50 EUR"),
    ("-1234567.125", "EUR", "-1,234,567.12 EUR"),  # half to even
    ("1200", "JPY", "1,200 JPY"),
    ("1.234", "BHD", "1.234 BHD"),
    ("0", "USD", "0.00 USD"),
    ("7", "ZZZ", "7.00 ZZZ"),  # unknown codes get two places
])
def test_amounts_get_the_currencys_decimal_places_and_code(amount: str, currency: str, text: str):
    assert format_money(Decimal(amount), currency) == text


def test_labels_follow_each_rows_currency_and_keep_nulls():
    frame = pl.DataFrame(
        {"amount": [Decimal("5"), None, Decimal("300")], "currency": ["EUR", "EUR", "JPY"]},
        schema={"amount": MONEY, "currency": pl.String},
    )
    assert money_labels(frame, "amount").to_list() == ["5.00 EUR", None, "300 JPY"]
