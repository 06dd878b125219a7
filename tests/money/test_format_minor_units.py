"""Amounts written straight from minor units read exactly as those written through a Decimal."""

from __future__ import annotations

from hypothesis import given, strategies as st

from api.money import MAX_MINOR_UNITS, format_decimal, format_minor_units, from_minor_units

# One currency per ISO 4217 exponent: none (XAU counts as 0), 0, 2, 3 and 4.
CURRENCIES = st.sampled_from(["XAU", "JPY", "EUR", "BHD", "CLF"])


@given(st.integers(min_value=-100 * MAX_MINOR_UNITS, max_value=100 * MAX_MINOR_UNITS), CURRENCIES)
def test_minor_units_are_written_as_their_decimal_is(minor: int, currency: str):
    assert format_minor_units(minor, currency) == format_decimal(from_minor_units(minor, currency))


def test_small_amounts_keep_their_leading_zeros_and_sign():
    assert format_minor_units(-5, "EUR") == "-0.05"
    assert format_minor_units(0, "BHD") == "0.000"
    assert format_minor_units(-837938, "JPY") == "-837938"
