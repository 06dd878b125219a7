"""Amounts as people read them: grouped digits, the currency's own decimal places, and its code."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

import polars as pl
from iso4217 import Currency


def currency_decimal_places(currency: str) -> int:
    """Digits after the decimal point for the currency (EUR 2, JPY 0, BHD 3); 2 when unknown."""
    try:
        exponent = Currency(currency.upper()).exponent
    except ValueError:
        return 2
    return exponent if exponent is not None else 0


def format_money(amount: Decimal, currency: str) -> str:
    """E.g. "-1,234.50 EUR"; rounded half to even to the currency's decimal places."""
    places = currency_decimal_places(currency)
    rounded = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    return f"{rounded:,.{places}f} {currency}"


def money_labels(frame: pl.DataFrame, column: str, currency_column: str = "currency") -> pl.Series:
    """`format_money` for every row of an amount column (null amounts stay null)."""
    labels = [
        None if amount is None else format_money(amount, currency)
        for amount, currency in zip(frame[column], frame[currency_column])
    ]
    return pl.Series(f"{column}_label", labels, dtype=pl.String)
