"""The currency a CSV export writes beside its amounts, when it has no currency column: "-4,50 PLN" in
the cells (mBank), "Betrag (EUR)" or "Amount (€)" in the header (N26, DKB), "CAD$" as the header (RBC).

The import refuses the file's rows when that currency is not the account's, as it does for a currency
column: a Polish export read into a euro account would otherwise count złoty as euros.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from iso4217 import Currency

SYMBOL_CODES = {"€": "EUR", "£": "GBP", "₹": "INR", "₽": "RUB", "₺": "TRY", "₩": "KRW", "₪": "ILS",
                "฿": "THB", "₫": "VND", "₴": "UAH", "₦": "NGN"}
_SYMBOLS = "".join(SYMBOL_CODES)
_MARK = re.compile(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])|([" + _SYMBOLS + "])")
# "Betrag (EUR)", "Amount [€]", and RBC's "CAD$".
_HEADER_UNIT = re.compile(r"[(\[]\s*([A-Za-z]{3}|[" + _SYMBOLS + r"])\s*[)\]]\s*$|^([A-Za-z]{3})\s?\$$")


def written_currency(amount_headers: Iterable[str], amount_cells: Iterable[str]) -> str | None:
    """The one ISO 4217 code the amount columns' headers and cells name, or None (none, or several)."""
    codes: set[str] = set()
    for header in amount_headers:
        match = _HEADER_UNIT.search(header.strip())
        if match:
            codes.add(_code(next(group for group in match.groups() if group)))
    for cell in amount_cells:
        for code, symbol in _MARK.findall(cell):
            codes.add(_code(code or symbol))
    codes.discard("")
    return codes.pop() if len(codes) == 1 else None


def _code(mark: str) -> str:
    """An ISO 4217 code for a symbol or a code; "" for three letters that are no currency."""
    code = SYMBOL_CODES.get(mark, mark.upper())
    try:
        Currency(code)
    except ValueError:
        return ""
    return code
