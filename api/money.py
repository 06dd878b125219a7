"""Exact money: Decimal amounts in Python, integer minor units in the database, ISO 4217 codes."""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from iso4217 import Currency

from api.errors import InvalidInput

# Largest amount accepted in minor units (10^11 EUR, 10^13 JPY). Small enough that the ledger's
# cap on a user's entries (api.ledger.capacity) keeps every sum within a signed 64-bit integer.
MAX_MINOR_UNITS = 10**13

# Digits beyond which an amount is too large for any currency: keeps 10 ** n small before it is built.
_MAX_INTEGER_DIGITS = len(str(MAX_MINOR_UNITS)) + 1

# What money text may look like: ASCII digits, one leading minus, one decimal point with digits
# on both sides. Python's Decimal() would also take "1_000", non-ASCII digits, "+1", " 1" and "1e3".
_PLAIN_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)


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
    """Parse a plain decimal string such as "-1234.50", exactly; anything else is InvalidInput."""
    if _PLAIN_DECIMAL.fullmatch(text) is None:
        raise InvalidInput(
            field,
            f"{text[:50]!r} is not a plain decimal number (ASCII digits, an optional leading minus, "
            "one decimal point)",
        )
    return Decimal(text)


def to_minor_units(amount: Decimal, currency: str, field: str = "amount") -> int:
    """Convert an amount to integer minor units, refusing more precision than the currency has."""
    exponent = minor_unit_exponent(currency)
    if not amount.is_finite():
        raise InvalidInput(field, "amount is not a finite number")
    if -_MAX_INTEGER_DIGITS <= amount.adjusted() <= _MAX_INTEGER_DIGITS:
        # The common case, in a third of the time (an import converts every row): the exact ratio
        # of two small integers. Outside these magnitudes the ratio's integers could be huge.
        numerator, denominator = amount.as_integer_ratio()
        minor, remainder = divmod(numerator * 10**exponent, denominator)
        if remainder:
            raise InvalidInput(field, f"{currency} amounts have at most {exponent} decimal places")
        if abs(minor) > MAX_MINOR_UNITS:
            raise InvalidInput(field, "amount is too large")
        return minor
    # Integer arithmetic on the digits, never Decimal's 28-digit context, which would round
    # "1.0000000000000000000000000001" to 1 and let it through.
    sign, digits, digit_exponent = amount.as_tuple()
    significant = "".join(map(str, digits)).rstrip("0")
    if not significant:
        return 0
    shift = int(digit_exponent) + len(digits) - len(significant) + exponent
    if shift < 0:
        raise InvalidInput(field, f"{currency} amounts have at most {exponent} decimal places")
    if len(significant) + shift > _MAX_INTEGER_DIGITS:
        raise InvalidInput(field, "amount is too large")
    minor = int(significant) * 10**shift * (-1 if sign else 1)
    if abs(minor) > MAX_MINOR_UNITS:
        raise InvalidInput(field, "amount is too large")
    return minor


def from_minor_units(minor: int, currency: str) -> Decimal:
    """Convert integer minor units back to a Decimal with the currency's decimal places."""
    # An integer's Decimal has exponent 0; scaleb sets it to -exponent exactly (the currency's places,
    # "0.00" for zero), what quantize would give too, at two thirds of the cost. Exact: any sum of
    # minor units the ledger admits fits 64 bits, far within Decimal's 28 digits.
    return Decimal(minor).scaleb(-minor_unit_exponent(currency))


def format_minor_units(minor: int, currency: str) -> str:
    """The plain text of an amount in minor units, as `format_decimal(from_minor_units(...))` writes it,
    with no Decimal in between: a five-year summary writes some 3,700 amounts."""
    exponent = minor_unit_exponent(currency)
    if not exponent:
        return str(minor)
    # The digits, padded to one before the point, cut at it: faster than divmod and a nested format.
    digits = str(abs(minor)).zfill(exponent + 1)
    return f"{'-' if minor < 0 else ''}{digits[:-exponent]}.{digits[-exponent:]}"


def format_decimal(amount: Decimal) -> str:
    """Plain notation, never scientific ("0.00000020", not "2.0E-7")."""
    return format(amount, "f")
