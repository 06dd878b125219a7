"""Spreadsheets that banks offer beside or instead of CSV, read as the CSV they would be.

Excel workbooks (.xlsx through openpyxl, the older binary .xls through xlrd) and the two kinds of
file banks name .xls without being one: an HTML table and an Excel 2003 XML spreadsheet. The first
sheet's (or the largest table's) rows are written out as CSV text, each cell as the sheet shows it:
dates as ISO dates, numbers in plain decimal notation to the 15 significant digits Excel shows (a
sum it worked out as 3.3000000000000003 is the 3.3 on screen), text as written. The CSV detection
and reader then do the rest: a preamble above the header, the columns' roles, amounts written as
text, summary rows. Each line of the text is its row of the sheet, so line numbers are row numbers.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING

from api.imports.formats.csv_detection import CsvFormatError
from api.imports.formats.markup_tables import (
    SPREADSHEET_XML_MARKER,
    html_table_rows,
    looks_like_html,
    spreadsheet_xml_rows,
)
from api.imports.parsed import RowProblem

if TYPE_CHECKING:
    from xlrd.sheet import Cell

XLSX = "xlsx"
XLS = "xls"
ZIP_MAGIC = b"PK\x03\x04"
COMPOUND_DOCUMENT_MAGIC = b"\xd0\xcf\x11\xe0"
"""An Excel 97-2003 workbook (.xls) is a compound document."""
_NAMED_AS_WORKBOOK = ("xls", "htm", "html")

SheetRows = Iterable[Sequence[object]]


def workbook_format(content: bytes, file_name: str) -> str | None:
    """"xlsx" or "xls" when the content is a spreadsheet (by its first bytes), else None.

    An HTML table counts only in a file named .xls (or .htm/.html): banks name their HTML exports
    so that a spreadsheet opens them.
    """
    if content.startswith(ZIP_MAGIC):
        return XLSX
    if content.startswith(COMPOUND_DOCUMENT_MAGIC) or SPREADSHEET_XML_MARKER in content[:4096]:
        return XLS
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension in _NAMED_AS_WORKBOOK and looks_like_html(content):
        return XLS
    return None


def workbook_as_csv(content: bytes, file_format: str) -> bytes:
    """The first sheet of a spreadsheet as UTF-8 CSV text; CsvFormatError when it cannot be read."""
    readers: dict[str, Callable[[bytes], SheetRows]] = {XLSX: _xlsx_rows, XLS: _xls_family_rows}
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    for values in readers[file_format](content):
        writer.writerow([_shown(value) for value in values])
    return text.getvalue().encode()


def _xlsx_rows(content: bytes) -> Iterator[Sequence[object]]:
    # Imported on first use, as xlrd below: neither stays in a server where nobody imports a workbook.
    # openpyxl reads the workbook's XML with defusedxml (a dependency here), so no entity is expanded.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise _unreadable("Excel workbook (.xlsx)", error) from None
    try:
        # Every row, empty ones too, so that each line of the text is its row of the sheet.
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def _xls_family_rows(content: bytes) -> SheetRows:
    if content.startswith(COMPOUND_DOCUMENT_MAGIC):
        return _xls_rows(content)
    if SPREADSHEET_XML_MARKER in content[:4096]:
        return spreadsheet_xml_rows(content)
    return html_table_rows(content)


def _xls_rows(content: bytes) -> SheetRows:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=content, logfile=io.StringIO())
        sheet = book.sheet_by_index(0)
        dates_from_1904 = book.datemode == 1  # the Mac's date system, else the 1900 one
        return [[_xls_value(cell, dates_from_1904) for cell in sheet.row(row)] for row in range(sheet.nrows)]
    except Exception as error:  # xlrd raises many kinds on a damaged or encrypted file
        raise _unreadable("Excel 97-2003 workbook (.xls)", error) from None


def _xls_value(cell: Cell, dates_from_1904: bool) -> object:
    """A cell of an .xls as openpyxl would give it: dates as datetimes, errors as empty."""
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind == xlrd.XL_CELL_DATE:
        return xlrd.xldate.xldate_as_datetime(float(value), 1 if dates_from_1904 else 0)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    return value


def _unreadable(what: str, error: Exception) -> CsvFormatError:
    return CsvFormatError(RowProblem(1, None, f"not a readable {what}: {error}"[:300]))


def _shown(value: object) -> str:
    """A cell as the sheet shows it, in the forms the CSV reader takes."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):  # to the 15 significant digits Excel shows: 3.3, not 3.3000000000000003
        return format(Decimal(format(value, ".15g")), "f")
    return str(value)
