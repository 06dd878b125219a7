"""Hypothesis: formatting and parsing round-trip in every currency exponent, and sums stay exact."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, strategies as st

from api.errors import InvalidInput
from api.money import (
    MAX_MINOR_UNITS,
    format_decimal,
    from_minor_units,
    parse_decimal,
    to_minor_units,
)

# One currency per ISO 4217 exponent: none (XAU counts as 0), 0, 2, 3 and 4.
CURRENCIES = st.sampled_from(["XAU", "JPY", "EUR", "BHD", "CLF"])
MINOR_AMOUNTS = st.integers(min_value=-MAX_MINOR_UNITS, max_value=MAX_MINOR_UNITS)


@given(MINOR_AMOUNTS, CURRENCIES)
def test_format_then_parse_gives_back_the_minor_units(minor: int, currency: str):
    text = format_decimal(from_minor_units(minor, currency))
    assert to_minor_units(parse_decimal(text, "amount"), currency) == minor


@given(MINOR_AMOUNTS, CURRENCIES)
def test_formatted_amounts_are_plain_text_with_the_currency_decimals(minor: int, currency: str):
    text = format_decimal(from_minor_units(minor, currency))
    whole, _, fraction = text.lstrip("-").partition(".")
    assert whole.isascii() and whole.isdigit()
    assert len(fraction) == len(str(to_minor_units(Decimal(1), currency))) - 1


@given(st.lists(MINOR_AMOUNTS, max_size=50), CURRENCIES)
def test_the_sum_of_parsed_amounts_in_minor_units_equals_the_decimal_sum(minors: list[int], currency: str):
    texts = [format_decimal(from_minor_units(minor, currency)) for minor in minors]
    parsed = [parse_decimal(text, "amount") for text in texts]
    decimal_sum = sum(parsed, Decimal(0))
    assert sum(to_minor_units(amount, currency) for amount in parsed) == sum(minors)
    assert from_minor_units(sum(minors), currency) == decimal_sum


@given(st.text(max_size=45) | st.from_regex(r"[-+]?[0-9_.eE٠-٩ ]{1,12}", fullmatch=True))
def test_any_text_parses_to_a_plain_decimal_or_is_refused_with_the_field(text: str):
    try:
        value = parse_decimal(text, "input.amount")
    except InvalidInput as refused:
        assert refused.field == "input.amount"
        return
    assert set(text) <= set("-.0123456789") and text.count(".") <= 1 and "-" not in text[1:]
    assert value.is_finite() and value == Decimal(text)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=None), CURRENCIES)
def test_to_minor_units_is_exact_or_refuses(amount: Decimal, currency: str):
    try:
        minor = to_minor_units(amount, currency)
    except InvalidInput as refused:
        assert refused.field == "amount"
        return
    assert abs(minor) <= MAX_MINOR_UNITS
    assert from_minor_units(minor, currency) == amount  # Decimal compares values exactly
