"""Spreadsheets read as the CSV they would be: the sheet's rows, dates and exact amounts.

Workbooks (.xlsx, the binary .xls) and what banks name .xls without being one (an HTML table, an
Excel 2003 XML spreadsheet)."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from api.imports.formats import detect_format, parse_file
from tests.accounts.operations import create_account
from tests.imports.uploads import IMPORT_FILE, upload


SAMPLES = Path(__file__).parents[1] / "data" / "imports"


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


def test_a_broken_workbook_is_refused_in_plain_words():
    broken = parse_file(SPANISH_BANK[:200], "movimientos.xlsx")
    legacy = parse_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "movimientos.xls")
    truncated = b"<?xml version='1.0'?><Workbook xmlns='urn:schemas-microsoft-com:office:spreadsheet'>"
    markup = parse_file(truncated, "umsaetze.xls")
    assert broken.problems[0].reason.startswith("not a readable Excel workbook (.xlsx)")
    assert legacy.problems[0].reason.startswith("not a readable Excel 97-2003 workbook (.xls)")
    assert markup.problems[0].reason.startswith("not a readable Excel XML spreadsheet")
    assert [problem.line for problem in (*broken.problems, *legacy.problems, *markup.problems)] == [1, 1, 1]
    assert broken.transactions == legacy.transactions == markup.transactions == []


def read(name: str) -> list[tuple[int, str, str, str, str]]:
    parsed = parse_file((SAMPLES / name).read_bytes(), name, account_currency="EUR")
    assert (parsed.format, parsed.problems) == ("xls", [])
    return [(t.line, t.occurred_on.isoformat(), str(t.amount), t.payee, t.description)
            for t in parsed.transactions]


def test_an_excel_97_workbook_is_read_like_its_xlsx_successor():
    assert read("es_caixabank_2024-01.xls") == [
        (5, "2024-01-02", "-45.67", "COMPRA TARJ. MERCADONA", ""),
        (6, "2024-01-05", "2000", "NÓMINA ACME SA", ""),
        (7, "2024-01-09", "-12.3", "BIZUM A ANA", ""),  # a sum Excel worked out, as the sheet shows it
    ]


def test_an_html_table_named_xls_is_read_from_its_largest_table():
    # A title table above, windows-1252 declared in a meta tag, entities, a line break in a cell, a
    # closing balance row spanning two columns: the rows are the transaction table's.
    assert read("es_santander_2024-01_html.xls") == [
        (2, "2024-01-02", "-3.50", "COMPRA TARJ. CAFÉ PLAZA", ""),
        (3, "2024-01-05", "2000.00", "NÓMINA ACME SA", ""),
        (4, "2024-01-09", "-61.23", "RECIBO LUZ IBERDROLA", ""),
    ]


def test_an_excel_2003_xml_spreadsheet_keeps_its_row_numbers_and_skipped_cells():
    assert read("de_sparkasse_2024-01_xml.xls") == [
        (4, "2024-01-02", "-23.45", "REWE", "Einkauf"),
        (5, "2024-01-03", "2500", "", "Gehalt"),
        (6, "2024-01-04", "-1.1", "Stadtwerke", "Strom"),
    ]


def test_markup_counts_as_a_spreadsheet_only_in_a_file_named_like_one():
    page = (SAMPLES / "es_santander_2024-01_html.xls").read_bytes()
    assert detect_format(page, "extracto.xls") == "xls"
    assert detect_format(page, "extracto.csv") == "csv"
    assert detect_format(b"Fecha;Importe\n02/01/2024;-3,50\n", "extracto.xls") == "csv"


def test_an_uploaded_workbook_is_imported_once(alice):
    account = create_account(alice, "Cuenta")
    content = workbook(("Fecha", "Concepto", "Importe"), (datetime(2024, 1, 2), "MERCADONA", -45.67),
                       (datetime(2024, 1, 5), "NOMINA", 2000.5))
    first = upload(alice, IMPORT_FILE, {"accountId": account["id"]}, content, file_name="enero.xlsx")
    again = upload(alice, IMPORT_FILE, {"accountId": account["id"]}, content, file_name="enero.xlsx")
    assert first["data"]["importFile"]["format"] == "xlsx"
    assert [row["amount"] for row in first["data"]["importFile"]["rows"]] == ["-45.67", "2000.5"]
    assert again["data"]["importFile"]["counts"]["duplicate"] == 2


def test_an_uploaded_xls_is_imported_once(alice):
    account = create_account(alice, "Cuenta")
    content = (SAMPLES / "es_caixabank_2024-01.xls").read_bytes()
    first = upload(alice, IMPORT_FILE, {"accountId": account["id"]}, content, file_name="movimientos.xls")
    again = upload(alice, IMPORT_FILE, {"accountId": account["id"]}, content, file_name="movimientos.xls")
    assert first["data"]["importFile"]["format"] == "xls"
    assert [row["amount"] for row in first["data"]["importFile"]["rows"]] == ["-45.67", "2000", "-12.3"]
    assert again["data"]["importFile"]["counts"]["duplicate"] == 3
