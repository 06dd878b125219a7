"""Amounts typed into the dashboard's forms: one reading of the same text in every form.

The user's decimal mark (from the browser's language) decides the ambiguous "1,250": 1250 where the mark
is a point, 1.25 where it is a comma. Each form adds only its own rules (a budget may be 0, a goal must be
more than zero) on top of `read_amount`, and fills its fields with `amount_field_text`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from analytics.formatting import currency_decimal_places

# Languages whose numbers use a decimal comma (CLDR); the others, English among them, use a point.
DECIMAL_COMMA_LANGUAGES = frozenset({
    "af", "az", "be", "bg", "bs", "ca", "cs", "da", "de", "el", "es", "et", "eu", "fi", "fo", "fr", "gl",
    "hr", "hu", "hy", "id", "is", "it", "ka", "kk", "ky", "lt", "lv", "mk", "mn", "nb", "nl", "nn", "no",
    "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "tr", "uk", "uz", "vi",
})
# Regions that write a point where their language mostly writes a comma (de-CH 12.50, es-MX 12.50).
DECIMAL_POINT_REGIONS = frozenset({"ch", "li", "mx", "us", "pr", "gt", "hn", "ni", "sv", "do", "pa", "pe"})
# What people type between digit groups: spaces (plain, no-break, narrow no-break) and apostrophes (de-CH).
_GROUPING_SPACES = re.compile(r"[\s'’\u00a0\u202f]")


class AmountError(ValueError):
    """A typed amount that cannot be read; its message is a sentence to show as it is."""


def decimal_mark(accept_language: str | None) -> str:
    """The decimal mark of the browser's first language ("de-DE,de;q=0.9" -> ","); "." when unknown."""
    first = (accept_language or "").split(",")[0].split(";")[0].strip().lower().replace("_", "-")
    language, _, region = first.partition("-")
    if language in DECIMAL_COMMA_LANGUAGES and region not in DECIMAL_POINT_REGIONS:
        return ","
    return "."


def amount_field_text(amount: Decimal, currency: str, mark: str = ".") -> str:
    """An amount as a form field shows it for editing: the currency's decimal places, the user's mark,
    no grouping ("-12,50", "1500" in JPY, "1.500" in BHD)."""
    text = format(amount.quantize(Decimal(1).scaleb(-currency_decimal_places(currency))), "f")
    return text.replace(".", mark)


def amount_example(mark: str = ".", currency: str | None = None) -> str:
    """An example amount as the user would type it: "12,50", "12.50", "12" in JPY, "12.500" in BHD."""
    return amount_field_text(Decimal("12.5"), currency or "EUR", mark)


def read_amount(text: str, mark: str = ".", currency: str | None = None) -> Decimal:
    """An amount as typed, exactly: "12,50", "1.234,50", "1,234.50", "-3", "1 234,50", "−3" (U+2212).

    A lone separator with three digits after it ("1,250") groups thousands unless it is `mark`, the
    user's decimal mark. With `currency`, more decimals than it has are refused, never rounded.
    Raises AmountError with a sentence for the user, its example in the user's own format.
    """
    cleaned = _GROUPING_SPACES.sub("", text or "").replace("−", "-")
    if not cleaned:
        raise AmountError("Enter an amount.")
    unreadable = AmountError(f"Enter the amount as a number, like {amount_example(mark, currency)}.")
    match = re.fullmatch(r"([+-]?)(\d[\d.,]*)", cleaned)
    if match is None or cleaned[-1] in ".,":
        raise unreadable
    sign, digits = match.groups()
    amount = Decimal(sign + _ungrouped(digits, mark, unreadable))
    if currency is not None:
        places = currency_decimal_places(currency)
        if -amount.as_tuple().exponent > places:  # type: ignore[operator]  # finite: digits only
            rule = "are whole numbers" if places == 0 else f"have at most {places} decimal places"
            raise AmountError(f"{currency} amounts {rule}, like {amount_example(mark, currency)}.")
    return amount


def read_positive_amount(text: str, mark: str = ".", currency: str | None = None) -> Decimal:
    """`read_amount` for what must be more than zero: a goal's target, a scheduled payment."""
    amount = read_amount(text, mark, currency)
    if amount <= 0:
        raise AmountError(f"Enter an amount more than zero, like {amount_example(mark, currency)}.")
    return amount


def _ungrouped(digits: str, mark: str, unreadable: AmountError) -> str:
    """Digits and separators as a plain number with a decimal point ("1.234,50" -> "1234.50")."""
    last = max(digits.rfind("."), digits.rfind(","))
    if last < 0:
        return digits
    separator, head, tail = digits[last], digits[:last], digits[last + 1:]
    others = set(re.sub(r"\d", "", head))
    if separator in others or (not others and len(tail) == 3 and separator != mark):
        whole, fraction = digits, ""  # "1.250.000", or "1,250" where the mark is "."
    else:
        whole, fraction = head, tail  # the last separator is the decimal one
    separators = set(re.sub(r"\d", "", whole))
    if len(separators) > 1:  # "1.2,3.4": two kinds of grouping
        raise unreadable
    groups = whole.split(separators.pop()) if separators else [whole]
    if not (len(groups) == 1 or len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])):
        raise unreadable  # "1,25,0": not groups of thousands
    return "".join(groups) + (f".{fraction}" if fraction else "")
