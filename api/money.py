"""Exact money: Decimal amounts in Python, integer minor units in the database, ISO 4217 codes."""

from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation

from iso4217 import Currency

from api.errors import InvalidInput

# Largest amount accepted in minor units: fits a signed 64-bit integer with room for sums.
MAX_MINOR_UNITS = 10**15


def validate_currency(code: str, field: str = "currency") -> str:
    """Return the upper-case ISO 4217 code, or raise InvalidInput."""
    normalized = code.strip().upper()
    try:
        Currency(normalized)
    except ValueError:
        raise InvalidInput(field, f"{code!r} is not an ISO 4217 currency code") from None
    return normalized


@functools.cache  # looking a code up in the ISO table costs more than the amount's arithmetic
def minor_unit_exponent(currency: str) -> int:
    """Digits after the decimal point for the currency (JPY 0, EUR 2, BHD 3)."""
    exponent = Currency(currency).exponent
    return exponent if exponent is not None else 0


def parse_decimal(text: str, field: str) -> Decimal:
    """Parse a plain decimal string such as "-1234.50"; no exponents, NaN or infinities."""
    stripped = text.strip()
    try:
        value = Decimal(stripped)
    except InvalidOperation:
        raise InvalidInput(field, f"{text!r} is not a decimal number") from None
    if not value.is_finite() or "e" in stripped.lower():
        raise InvalidInput(field, f"{text!r} is not a plain decimal number")
    return value


def to_minor_units(amount: Decimal, currency: str, field: str = "amount") -> int:
    """Convert an amount to integer minor units, refusing more precision than the currency has."""
    exponent = minor_unit_exponent(currency)
    scaled = amount.scaleb(exponent)
    if scaled != scaled.to_integral_value():
        raise InvalidInput(field, f"{currency} amounts have at most {exponent} decimal places")
    minor = int(scaled)
    if abs(minor) > MAX_MINOR_UNITS:
        raise InvalidInput(field, "amount is too large")
    return minor


def from_minor_units(minor: int, currency: str) -> Decimal:
    """Convert integer minor units back to a Decimal with the currency's decimal places."""
    exponent = minor_unit_exponent(currency)
    return Decimal(minor).scaleb(-exponent).quantize(Decimal(1).scaleb(-exponent))


def format_decimal(amount: Decimal) -> str:
    """Plain notation, never scientific ("0.00000020", not "2.0E-7")."""
    return format(amount, "f")
