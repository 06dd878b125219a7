"""Money text: exactly ASCII digits, an optional leading minus, one decimal point; nothing looser."""

from __future__ import annotations

from decimal import Decimal

import pytest

from api.errors import InvalidInput
from api.money import MAX_MINOR_UNITS, parse_decimal, to_minor_units


@pytest.mark.parametrize("text", ["0", "12", "-12.50", "0.001", "007", "-0", str(MAX_MINOR_UNITS)])
def test_plain_decimals_are_accepted_exactly(text: str):
    assert parse_decimal(text, "input.amount") == Decimal(text)


@pytest.mark.parametrize("text", [
    "1_000", "١٢٣", "１２", "+1", " 1", "1 ", "1\n", "1.", ".5", "1.2.3", "--1", "-", "", "1e3", "1E3",
    "NaN", "Infinity", "-inf", "1,50", "0x10", "½",
])
def test_anything_else_is_refused_naming_the_field(text: str):
    with pytest.raises(InvalidInput) as refused:
        parse_decimal(text, "input.amount")
    assert refused.value.field == "input.amount"
    assert "not a plain decimal number" in refused.value.reason


@pytest.mark.parametrize(("text", "currency"), [
    ("1.0000000000000000000000000001", "EUR"),  # Decimal's 28-digit context used to round this to 1.00
    ("12345678901.0000000000000000001", "EUR"),
    ("1.5", "JPY"),
    ("0.0001", "BHD"),
    ("0.00001", "CLF"),
])
def test_more_decimals_than_the_currency_has_are_refused_never_rounded(text: str, currency: str):
    with pytest.raises(InvalidInput, match="decimal places"):
        to_minor_units(parse_decimal(text, "amount"), currency)


@pytest.mark.parametrize(("text", "currency", "minor"), [
    ("1.00000", "EUR", 100), ("-0.000", "EUR", 0), ("100.0", "JPY", 100), ("1.5000", "BHD", 1500),
])
def test_trailing_zeros_beyond_the_currency_are_only_zeros(text: str, currency: str, minor: int):
    assert to_minor_units(parse_decimal(text, "amount"), currency) == minor


@pytest.mark.parametrize(("text", "currency"), [
    ("100000000000.01", "EUR"), ("10000000000001", "JPY"), ("9" * 40, "EUR"), ("-100000000000.01", "EUR"),
])
def test_amounts_beyond_the_maximum_are_refused(text: str, currency: str):
    with pytest.raises(InvalidInput, match="too large"):
        to_minor_units(parse_decimal(text, "amount"), currency)


def test_the_maximum_itself_is_accepted():
    assert to_minor_units(Decimal("100000000000.00"), "EUR") == MAX_MINOR_UNITS
    assert to_minor_units(Decimal(-MAX_MINOR_UNITS), "JPY") == -MAX_MINOR_UNITS
