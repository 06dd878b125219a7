"""Amount cells in every style banks use, read back exactly (examples and Hypothesis round trips)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.imports.formats.amounts import AmountError, detect_number_format, make_amount_parser

US = make_amount_parser(".", ",")
EUROPEAN = make_amount_parser(",", ".")


@pytest.mark.parametrize(("cell", "parser", "expected"), [
    ("1.234,56", EUROPEAN, "1234.56"),
    ("1,234.56", US, "1234.56"),
    ("1 234,56", EUROPEAN, "1234.56"),
    ("1\u202f234,56", EUROPEAN, "1234.56"),
    ("1'234.56", make_amount_parser(".", "'"), "1234.56"),
    ("1\u2019234.56", US, "1234.56"),  # the typographic apostrophe of Swiss exports, in any column
    ("1,23,456.78", US, "123456.78"),  # lakhs and crores, as Indian banks group them
    ("-12,34,56,789.00", US, "-123456789.00"),
    ("-42,50", EUROPEAN, "-42.50"),
    ("\u221242,50", EUROPEAN, "-42.50"),
    ("(42.50)", US, "-42.50"),
    ("42,50-", EUROPEAN, "-42.50"),
    ("€ 12,50", EUROPEAN, "12.50"),
    ("-€12,50", EUROPEAN, "-12.50"),
    ("€-12,50", EUROPEAN, "-12.50"),
    ("12.50 EUR", US, "12.50"),
    ("£1,950.00", US, "1950.00"),
    ("+2310.40", US, "2310.40"),
    ("42.50 DR", US, "-42.50"),
    ("42.50 CR", US, "42.50"),
    ("23,45 S", EUROPEAN, "-23.45"),  # Soll and Haben, as German banks mark money out and in
    ("2.500,00 H", EUROPEAN, "2500.00"),
    ("2.500,00H", EUROPEAN, "2500.00"),
    (" 7 ", US, "7"),
    (",5", EUROPEAN, "0.5"),
])
def test_amount_styles(cell, parser, expected):
    value = parser(cell)
    assert (value, str(value)) == (Decimal(expected), expected)


@pytest.mark.parametrize(("cell", "parser"), [
    ("12,3x", EUROPEAN), ("1,5", US), ("1.23,456", EUROPEAN), ("", US), ("-", US), ("--1", US),
    ("(12.50", US), ("-(12.50)", US), ("1e5", US), ("NaN", US), ("Infinity", US), ("1_000", US),
    ("12..5", US), ("12.50 EUR USD", US), ("1,23,4567.00", US), ("12,34.00", US), ("1,2,345.00", US),
])
def test_not_amounts(cell, parser):
    with pytest.raises(AmountError):
        parser(cell)


def test_number_format_detection():
    assert detect_number_format(["-1.234,56", "12,00"]) == (",", ".")
    assert detect_number_format(["1,234.56", "-4.75"]) == (".", ",")
    assert detect_number_format(["1 234,56", "-3,10"]) == (",", " ")
    assert detect_number_format(["1'234.56"]) == (".", "'")
    assert detect_number_format(["1\u2019234.56"]) == (".", " ")
    assert detect_number_format(["1,23,456.78", "5.00"]) == (".", ",")
    assert detect_number_format(["£6.20", "£1,950.00"]) == (".", ",")
    assert detect_number_format(["1.234.567"]) == (",", ".")
    assert detect_number_format(["1.234", "7"]) == (None, "")


amounts = st.decimals(min_value=Decimal("-99999999999.99"), max_value=Decimal("99999999999.99"), places=2)


def grouped(value: Decimal, thousands: str, decimal: str) -> str:
    """Format |value| with digit groups, as a bank would write it."""
    return f"{abs(value):,.2f}".replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def lakh_grouped(value: Decimal) -> str:
    """|value| grouped as Indian banks write it: 12,34,56,789.00."""
    integer, fraction = f"{abs(value):.2f}".split(".")
    head, last_three = integer[:-3], integer[-3:]
    pairs = [head[max(end - 2, 0):end] for end in range(len(head), 0, -2)][::-1]
    return ",".join([*pairs, last_three]) + "." + fraction


def sign(value: Decimal) -> str:
    return "-" if value < 0 else ""


STYLES = [
    (lambda v: f"{v:.2f}", ".", ","),
    (lambda v: sign(v) + grouped(v, ",", "."), ".", ","),
    (lambda v: sign(v) + grouped(v, ".", ","), ",", "."),
    (lambda v: sign(v) + grouped(v, "\u202f", ","), ",", " "),
    (lambda v: sign(v) + grouped(v, " ", ","), ",", " "),
    (lambda v: sign(v) + grouped(v, "'", "."), ".", "'"),
    (lambda v: sign(v) + grouped(v, "\u2019", "."), ".", "'"),
    (lambda v: sign(v) + lakh_grouped(v), ".", ","),
    (lambda v: (f"({grouped(v, ',', '.')})" if v < 0 else grouped(v, ",", ".")), ".", ","),
    (lambda v: grouped(v, ".", ",") + ("-" if v < 0 else ""), ",", "."),
    (lambda v: f"{sign(v)}€ {grouped(v, '.', ',')}", ",", "."),
    (lambda v: f"{sign(v)}{grouped(v, ',', '.')} USD", ".", ","),
    (lambda v: f"{sign(v)}£{grouped(v, ',', '.')}", ".", ","),
]


@given(amounts, st.sampled_from(range(len(STYLES))))
def test_every_style_reads_back_exactly(value, style_index):
    write, decimal, thousands = STYLES[style_index]
    cell = write(value)
    parsed = make_amount_parser(decimal, thousands)(cell)
    assert parsed == value, cell
    assert parsed.as_tuple().exponent == -2, cell


@given(amounts)
def test_detection_agrees_with_what_was_written(value):
    european = grouped(value, ".", ",")
    assert detect_number_format([european, "1,00"])[0] == ","
    assert detect_number_format([grouped(value, ",", "."), "1.00"])[0] == "."
