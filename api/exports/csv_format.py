"""Record rows as CSV text, written chunk by chunk, safe to open in a spreadsheet.

A text cell starting with = + - @ tab or carriage return would run as a formula in Excel,
LibreOffice or Google Sheets (OWASP "CSV injection"): it gets a leading apostrophe, which the
spreadsheet shows as text. Amounts are never escaped: `-12.50` must stay a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterable

from api.exports.records_table import COLUMNS, TAG_SEPARATOR, RecordRow
from api.money import format_decimal

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"
"""Leads the file so that Excel reads it as UTF-8 (other tools skip it, Python with utf-8-sig)."""


def escape_formula(text: str) -> str:
    """The text, with a leading apostrophe when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_header(byte_order_mark: bool = True) -> str:
    """The header line, after the byte-order mark a file starts with."""
    return (BYTE_ORDER_MARK if byte_order_mark else "") + _lines([list(COLUMNS)])


def csv_rows(rows: Iterable[RecordRow]) -> str:
    """The lines of these rows."""
    return _lines(_cells(row) for row in rows)


async def csv_text(chunks: AsyncIterator[list[RecordRow]]) -> AsyncIterator[str]:
    """The whole file, the header first and then one piece per chunk of rows."""
    yield csv_header()
    async for rows in chunks:
        yield csv_rows(rows)


def _cells(row: RecordRow) -> list[str]:
    text = escape_formula
    return [
        row.date.isoformat(), text(row.account), row.kind, format_decimal(row.amount), row.currency,
        text(row.category), text(row.payee), text(row.description), text(row.notes),
        text(TAG_SEPARATOR.join(row.tags)), text(row.counterpart_account),
        format_decimal(row.counterpart_amount) if row.counterpart_amount is not None else "",
        row.counterpart_currency, str(row.id),
    ]


def _lines(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
