"""Amounts as banks write them: `1.234,56`, `1,234.56`, `1 234,56`, `1’234.50`, `1,23,456.78`, `(42.50)`,
`42,50-`, `€ 12,50`, `42.50 DR`, and German Soll/Haben `42,50 S`.

A parser is built once per column (one compiled pattern for its separators) and then called per
row, so a million-row file pays for the regular expression once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal

# Marks every column takes between digit groups: plain, no-break and narrow no-break spaces (French
# exports) and the typographic apostrophe (Swiss ones, beside the plain `'` a column may name).
GROUP_MARKS = " \u00a0\u202f\u2019"
MINUS_SIGNS = "-\u2212"
_OUT_MARKS = ("DR", "S")  # debit; Soll, as German banks mark money out (H, Haben, is money in)
_CURRENCY = r"(?:[A-Z]{3}|US\$|[€$£¥₹₽₺₩₪฿₫₴₦]|kr\.?|Fr\.)"
# A currency symbol or ISO code stuck to either side, signs before or after, parentheses, CR/DR or S/H.
_AMOUNT_TEMPLATE = r"""
    (?P<open>\()?\s*
    (?P<sign>[-+\u2212])?\s*
    (?:{currency}\s*)?
    (?P<sign_after_currency>[-+\u2212])?\s*
    (?P<number>{number})\s*
    (?:{currency}\s*)?
    (?P<trailing_sign>[-+\u2212])?\s*
    (?P<close>\))?\s*
    (?P<direction>CR|DR|Cr|Dr|S|H)?
"""


class AmountError(ValueError):
    """A cell that is not an amount in the column's format."""


AmountParser = Callable[[str], Decimal]


def make_amount_parser(decimal_separator: str, thousands_separator: str = "") -> AmountParser:
    """Return a function reading one cell into a signed Decimal; raises AmountError for anything else.

    Digit groups must be complete (`1.234,56`, not `1.23,456`), so a file read with the wrong
    separators fails loudly instead of turning 1,234.56 into 1.23456. Groups are of three digits, or
    of two above the last three as Indian banks write lakhs and crores (`1,23,45,678.90`).
    """
    if decimal_separator not in ".,":
        raise ValueError(f"decimal separator must be '.' or ',', not {decimal_separator!r}")
    if thousands_separator == decimal_separator:
        raise ValueError("the thousands separator must differ from the decimal separator")
    group_characters = GROUP_MARKS + thousands_separator
    group = f"[{re.escape(group_characters)}]"
    decimal = re.escape(decimal_separator)
    integer = rf"\d{{1,3}}(?:{group}\d{{3}})+|\d{{1,2}}(?:{group}\d{{2}})+{group}\d{{3}}|\d+"
    number = rf"(?:{integer})(?:{decimal}\d*)?|{decimal}\d+"
    pattern = re.compile(_AMOUNT_TEMPLATE.format(currency=_CURRENCY, number=number), re.VERBOSE)
    # Most cells are a bare number with at most a leading minus: a cheaper pattern and two
    # str.replace calls read them (this runs once per row of a million-row file).
    plain_group = re.escape(thousands_separator) if thousands_separator else "(?!)"
    plain = re.compile(rf"-?(?:\d{{1,3}}(?:{plain_group}\d{{3}})+|\d+)(?:{decimal}\d+)?").fullmatch
    to_plain = str.maketrans({**{character: None for character in group_characters}, decimal_separator: "."})

    def parse_amount(text: str) -> Decimal:
        text = text.strip()
        if plain(text):
            if thousands_separator:
                text = text.replace(thousands_separator, "")
            return Decimal(text.replace(",", ".") if decimal_separator == "," else text)
        match = pattern.fullmatch(text)
        if match is None:
            raise AmountError(text)
        (opening, sign, sign_after_currency, number_text, trailing_sign, closing, direction) = match.groups()
        if (opening is None) != (closing is None):
            raise AmountError(text)
        if sum(1 for mark in (sign, sign_after_currency, trailing_sign, opening, direction) if mark) > 1:
            raise AmountError(text)
        value = Decimal(number_text.translate(to_plain))
        negative = bool(opening or (direction and direction.upper() in _OUT_MARKS))
        if (sign or sign_after_currency or trailing_sign or "+") in MINUS_SIGNS:  # Maybank writes 4,500.00+
            negative = True
        return -value if negative else value

    return parse_amount


_NUMBER_CORE = re.compile(r"\d[\d.,'" + GROUP_MARKS + r"]*\d|\d")


def detect_number_format(values: Iterable[str]) -> tuple[str | None, str]:
    """Guess (decimal separator, thousands separator) from sample cells; decimal is None if no cell tells.

    A separator followed by other than three digits, or preceded by the other separator, is the
    decimal one; a repeated separator groups thousands. `1.234` alone says nothing.
    """
    decimal_votes: Counter[str] = Counter()
    thousands_votes: Counter[str] = Counter()
    for value in values:
        match = _NUMBER_CORE.search(value)
        if match is None:
            continue
        core = match.group()
        for mark in GROUP_MARKS:
            core = core.replace(mark, " ")
        position = max(core.rfind("."), core.rfind(","))
        if position < 0:
            _vote_groups(core, thousands_votes)
            continue
        last = core[position]
        before = core[:position]
        digits_after = len(core) - position - 1
        if last in before:
            thousands_votes[last] += 1
        elif digits_after != 3 or any(mark in before for mark in ".,' "):
            decimal_votes[last] += 1
            _vote_groups(before, thousands_votes)
    decimal = decimal_votes.most_common(1)[0][0] if decimal_votes else None
    thousands = next((mark for mark, _ in thousands_votes.most_common() if mark != decimal), "")
    if decimal is None and thousands in (".", ","):
        decimal = "," if thousands == "." else "."
    return decimal, thousands


def _vote_groups(integer_part: str, thousands_votes: Counter[str]) -> None:
    """Count the grouping characters seen in the integer part of a number."""
    for mark in ".,' ":
        if mark in integer_part:
            thousands_votes[mark] += 1


def amount_parser_for(cells: Iterable[str]) -> AmountParser:
    """A reader of amounts in the number format the cells show (a decimal point when none shows one)."""
    decimal, thousands = detect_number_format(cell for cell in cells if cell.strip())
    decimal = decimal or "."
    return make_amount_parser(decimal, thousands or default_thousands_separator(decimal))


def default_thousands_separator(decimal_separator: str) -> str:
    """The grouping a locale with this decimal separator most often uses."""
    return "." if decimal_separator == "," else ","
