"""Excel workbooks (.xlsx), as many banks offer beside or instead of CSV: read as the CSV they would be.

The first worksheet's rows are written out as CSV text, each cell as the sheet shows it: dates as ISO
dates, numbers in plain decimal notation to the 15 significant digits Excel shows (a sum it worked
out as 3.3000000000000003 is the 3.3 on screen), text as written. The CSV detection and reader then
do the rest: a preamble above the header, the columns' roles, amounts written as text, summary rows.
openpyxl reads the workbook's XML with defusedxml (a dependency here), so no entity is expanded.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, time
from decimal import Decimal

from api.imports.formats.csv_detection import CsvFormatError
from api.imports.parsed import RowProblem

FORMAT = "xlsx"
ZIP_MAGIC = b"PK\x03\x04"
LEGACY_MAGIC = b"\xd0\xcf\x11\xe0"
"""An Excel 97-2003 workbook (.xls), a compound document: not read, but named as such."""
LEGACY_WORKBOOK = ("an Excel 97-2003 workbook (.xls) is not read: open it in a spreadsheet and save it as "
                   ".xlsx or CSV, or export CSV from the bank")


def xlsx_as_csv(content: bytes) -> bytes:
    """The first worksheet of a workbook as UTF-8 CSV text; CsvFormatError when it is not one."""
    if content.startswith(LEGACY_MAGIC):
        raise CsvFormatError(RowProblem(1, None, LEGACY_WORKBOOK))
    # Imported on first use: openpyxl would otherwise stay in every server whether or not anyone
    # imports a workbook.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise CsvFormatError(RowProblem(1, None, f"not a readable Excel workbook (.xlsx): {error}"[:300]))
    try:
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        # Every row, empty ones too, so that each line of the text is its row of the sheet.
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            writer.writerow([_shown(value) for value in values])
        return text.getvalue().encode()
    finally:
        workbook.close()


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
