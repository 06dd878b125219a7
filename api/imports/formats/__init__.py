"""Parsers for bank files (CSV, spreadsheets, OFX/QFX, QIF, ISO 20022 camt): bytes in, `ParsedFile` out.

`parse_file` never raises for bad content: everything wrong with a file is a `RowProblem`.
For large CSV files use `iter_csv`, which streams rows with flat memory.
"""

from __future__ import annotations

import dataclasses

from api.imports.formats.csv_detection import (
    CsvDetection,
    CsvFormatError,
    check_is_text,
    detect_csv,
    detect_csv_mapping,
    NO_TRANSACTIONS,
)
from api.imports.formats.camt import MARKER as CAMT_MARKER, is_camt_archive, parse_camt
from api.imports.formats.csv_reader import iter_csv
from api.imports.formats.mt940 import FORMAT as MT940, MARKER as MT940_MARKER, parse_mt940
from api.imports.formats.ofx import parse_ofx
from api.imports.formats.qif import parse_qif
from api.imports.formats.converted import CONVERTED_FORMATS, as_csv, converted_format
from api.imports.parsed import CsvMapping, ParsedFile, ParsedTransaction, RowProblem

__all__ = [
    "CsvDetection", "CsvFormatError", "detect_csv", "detect_csv_mapping", "detect_format", "iter_csv",
    "parse_camt", "parse_csv", "parse_file", "parse_ofx", "parse_qif",
]

_OFX_MARKERS = (b"OFXHEADER", b"<?OFX", b"<OFX>")
_QIF_MARKERS = (b"!TYPE:", b"!ACCOUNT", b"!OPTION:", b"!CLEAR:")


def detect_format(content: bytes, file_name: str) -> str:
    """"xlsx", "xls", "txt" (`Key: value` blocks), "ofx", "qif", "camt", "mt940" or "csv": by what the
    content starts with, else by the file name's extension."""
    if is_camt_archive(content):
        return "camt"
    converted = converted_format(content, file_name)
    if converted is not None:
        return converted
    head = content[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    if any(marker in head[:1024] for marker in _OFX_MARKERS):
        return "ofx"
    if CAMT_MARKER.search(content[:4096]):
        return "camt"
    if head.startswith(_QIF_MARKERS):
        return "qif"
    if MT940_MARKER.search(content[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")):
        return MT940
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension in ("ofx", "qfx"):
        return "ofx"
    if extension == "qif":
        return "qif"
    if extension == "xml":
        return "camt"
    if extension in ("sta", "mt940", "940"):
        return MT940
    return "csv"


def parse_file(
    content: bytes, file_name: str, mapping: CsvMapping | None = None, account_currency: str | None = None,
) -> ParsedFile:
    """Parse a whole bank file; `mapping` is used for CSV only (detected when not given), the account's
    currency for dates that read both ways (CSV and QIF)."""
    file_format = detect_format(content, file_name)
    if file_format in CONVERTED_FORMATS:
        try:
            content = as_csv(content, file_format)
        except CsvFormatError as error:
            return ParsedFile(format=file_format, problems=[error.problem])
        return dataclasses.replace(parse_csv(content, mapping, account_currency), format=file_format)
    if file_format == "camt":  # XML, or a ZIP of it
        return parse_camt(content)
    try:
        check_is_text(content)
    except CsvFormatError as error:
        return ParsedFile(format=file_format, problems=[error.problem])
    if file_format == "ofx":
        return parse_ofx(content, account_currency)
    if file_format == "qif":
        return parse_qif(content, account_currency)
    if file_format == MT940:
        return parse_mt940(content)
    return parse_csv(content, mapping, account_currency)


def parse_csv(
    content: bytes, mapping: CsvMapping | None = None, account_currency: str | None = None,
) -> ParsedFile:
    """Parse a whole CSV export into memory (use `iter_csv` for files too large for that)."""
    notes: list[str] = []
    currency = None
    try:
        check_is_text(content)
        if mapping is None:
            detection = detect_csv(content, account_currency)
            mapping, notes, currency = detection.mapping, list(detection.notes), detection.currency
    except CsvFormatError as error:
        return ParsedFile(format="csv", problems=[error.problem], mapping=mapping)
    transactions: list[ParsedTransaction] = []
    problems: list[RowProblem] = []
    for row in iter_csv(content, mapping, notes):
        if isinstance(row, ParsedTransaction):
            transactions.append(row)
        else:
            problems.append(row)
    if not transactions and not problems:
        problems.append(RowProblem(mapping.header_line, None, NO_TRANSACTIONS))
    return ParsedFile(format="csv", transactions=transactions, problems=problems, mapping=mapping,
                      notes=notes, currency=currency)
