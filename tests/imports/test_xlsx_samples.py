"""Excel workbooks (.xlsx) read as the CSV they would be: the sheet's rows, dates and exact amounts."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook

from api.imports.formats import detect_format, parse_file
from api.imports.parsed import RowProblem
from tests.accounts.operations import create_account
from tests.imports.uploads import IMPORT_FILE, upload


def workbook(*rows: tuple) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    content = io.BytesIO()
    book.save(content)
    return content.getvalue()


SPANISH_BANK = workbook(
    ("Movimientos de la cuenta", None, None, None),
    ("IBAN", "ES91 2100 0418 4502 0005 1332", None, None),
    (None, None, None, None),
    ("Fecha", "Concepto", "Importe", "Saldo"),
    (datetime(2024, 1, 2), "MERCADONA MADRID", -45.67, 1954.33),
    (datetime(2024, 1, 5), "NOMINA ACME SA", 2000, 3954.33),
    (datetime(2024, 1, 9, 18, 30), "BIZUM A ANA", 1.1 * 3 - 15.6, 3942.03),
)


def test_a_workbook_is_read_row_by_row_with_the_sheets_row_numbers():
    parsed = parse_file(SPANISH_BANK, "movimientos.xlsx")
    assert (parsed.format, parsed.problems) == ("xlsx", [])
    assert (parsed.mapping.header_line, parsed.mapping.amount_column) == (4, "Importe")
    assert [(t.line, t.occurred_on.isoformat(), str(t.amount), t.payee) for t in parsed.transactions] == [
        (5, "2024-01-02", "-45.67", "MERCADONA MADRID"),
        (6, "2024-01-05", "2000", "NOMINA ACME SA"),
        # A sum Excel worked out (-12.299999999999999 in binary) as the sheet shows it.
        (7, "2024-01-09", "-12.3", "BIZUM A ANA"),
    ]


def test_a_workbook_is_recognised_by_its_content_whatever_its_name():
    assert detect_format(SPANISH_BANK, "export.dat") == "xlsx"
    assert detect_format(b"Fecha,Importe\n", "export.xlsx") == "csv"


def test_a_broken_or_legacy_workbook_is_refused_in_plain_words():
    broken = parse_file(SPANISH_BANK[:200], "movimientos.xlsx")
    legacy = parse_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "movimientos.xls")
    assert broken.problems[0].reason.startswith("not a readable Excel workbook (.xlsx)")
    assert legacy.problems == [RowProblem(1, None, "an Excel 97-2003 workbook (.xls) is not read: open it in "
                                                   "a spreadsheet and save it as .xlsx or CSV, or export CSV "
                                                   "from the bank")]


def test_an_uploaded_workbook_is_imported_once(alice):
    account = create_account(alice, "Cuenta")
    content = workbook(("Fecha", "Concepto", "Importe"), (datetime(2024, 1, 2), "MERCADONA", -45.67),
                       (datetime(2024, 1, 5), "NOMINA", 2000.5))
    first = upload(alice, IMPORT_FILE, {"accountId": account["id"]}, content, file_name="enero.xlsx")
    again = upload(alice, IMPORT_FILE, {"accountId": account["id"]}, content, file_name="enero.xlsx")
    assert first["data"]["importFile"]["format"] == "xlsx"
    assert [row["amount"] for row in first["data"]["importFile"]["rows"]] == ["-45.67", "2000.5"]
    assert again["data"]["importFile"]["counts"]["duplicate"] == 2
