"""Bad CSV files: each gives problems naming line, column and reason, never an exception, in seconds."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from api.imports.formats import detect_csv_mapping, parse_file
from api.imports.parsed import CsvMapping, RowProblem

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"
GERMAN = (DATA / "de_girokonto_2024-03.csv").read_bytes()
US = (DATA / "us_checking_2024-01.csv").read_bytes()
HEADER = "Date;Payee;Amount\n"


def parse_text(text: str, mapping: CsvMapping | None = None, encoding: str = "utf-8"):
    return parse_file(text.encode(encoding), "export.csv", mapping)


def test_empty_file():
    for content in (b"", b"  \r\n\n"):
        parsed = parse_file(content, "export.csv")
        assert (parsed.transactions, parsed.problems) == ([], [RowProblem(1, None, "the file is empty")])


def test_header_only():
    parsed = parse_text(HEADER)
    assert parsed.problems == [RowProblem(1, None, "the file has a header but no transactions after it")]
    preamble_only = GERMAN.split(b"\r\n28.03.2024")[0] + b"\r\n"
    assert parse_file(preamble_only, "export.csv").problems == [
        RowProblem(6, None, "the file has a header but no transactions after it")]


def test_binary_file():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    for name in ("statement.csv", "statement.ofx", "statement.qif"):
        parsed = parse_file(png, name)
        assert parsed.transactions == []
        assert parsed.problems == [RowProblem(1, None, (
            "the file is not a text export (binary content, or text in an encoding it does not recognise)"))]


def test_no_recognisable_header():
    parsed = parse_text("just some text\nwithout any columns\n")
    assert parsed.problems == [RowProblem(1, None, (
        "no header line found: expected column names such as Date, Amount, Payee (or Datum, Betrag)"))]


def test_wrong_encoding_in_the_mapping_refuses_at_the_header():
    mapping = dataclasses.replace(detect_csv_mapping(GERMAN), encoding="utf-8")
    parsed = parse_file(GERMAN, "export.csv", mapping)
    assert parsed.transactions == []
    assert parsed.problems == [RowProblem(
        6, None, "the header holds bytes that are not valid utf-8 text: is the file in another encoding?")]


def test_utf8_file_with_broken_bytes_refuses_exactly_those_lines():
    text = HEADER + "2024-01-02;Café;-3,80\n2024-01-03;Bäcker;-2,10\n2024-01-04;Grünhof;-9,00\n"
    content = text.encode().replace("Bäcker".encode(), b"B\xe4cker")
    parsed = parse_file(content, "export.csv")
    assert parsed.mapping.encoding == "utf-8"
    assert [t.payee for t in parsed.transactions] == ["Café", "Grünhof"]
    reason = "'B\ufffdcker' holds bytes that are not valid utf-8 text: is the file in another encoding?"
    assert parsed.problems == [RowProblem(3, "Payee", reason)]


def test_unparseable_dates_and_amounts_in_the_middle_name_line_and_column():
    content = GERMAN.replace(b"22.03.2024;22.03.2024", b"22.13.2024;22.03.2024").replace(b"57,30", b"57,3x")
    parsed = parse_file(content, "export.csv")
    assert parsed.problems == [
        RowProblem(10, "Buchungstag", "'22.13.2024' is not a date in the format DD.MM.YYYY"),
        RowProblem(13, "Haben", "'57,3x' is not an amount like 1.234,56"),
    ]
    assert [t.line for t in parsed.transactions] == [7, 8, 9, 11, 12, 14, 15]


def test_amount_in_the_wrong_locale_is_refused_not_misread():
    parsed = parse_text(
        'Date,Payee,Amount\n2024-01-02,A,1.50\n2024-01-03,B,"1,234.56"\n2024-01-04,C,"1,5"\n')
    assert [str(t.amount) for t in parsed.transactions] == ["1.50", "1234.56"]
    assert parsed.problems == [RowProblem(4, "Amount", "'1,5' is not an amount like 1,234.56")]


def test_ragged_rows_are_problems_but_a_trailing_delimiter_is_not():
    parsed = parse_text(
        HEADER + "2024-01-02;A;-1,00\n2024-01-03;B\n2024-01-04;C;-3,00;extra\n2024-01-05;D;-4,00;\n")
    assert [t.payee for t in parsed.transactions] == ["A", "D"]
    assert parsed.problems == [
        RowProblem(3, None, "2 cells where the header has 3"),
        RowProblem(4, None, "4 cells where the header has 3"),
    ]


def test_truncated_file_refuses_its_cut_last_line():
    parsed = parse_file(US[:US.index(b"ELECTRONICS") + 5], "export.csv")
    assert [t.line for t in parsed.transactions] == [2, 3, 4, 5, 7]
    assert parsed.problems == [RowProblem(8, None, "3 cells where the header has 5")]


def test_summary_lines_are_skipped_at_the_edges_but_refused_between_transactions():
    parsed = parse_text(
        HEADER + "Opening balance;;100,00\n2024-01-02;A;-1,00\nSubtotal;;99,00\n2024-01-03;B;-2,00\n"
        "Closing balance;;97,00\nTotal;;-3,00\n")
    assert [t.line for t in parsed.transactions] == [3, 5]
    assert parsed.problems == [RowProblem(4, "Date", "'Subtotal' is not a date in the format YYYY-MM-DD")]
    assert parsed.notes == [
        "line 2 skipped as a summary line: 'Opening balance;;100,00'",
        "line 6 skipped as a summary line: 'Closing balance;;97,00'",
        "line 7 skipped as a summary line: 'Total;;-3,00'",
    ]


def test_a_bad_last_line_that_is_no_summary_is_a_problem():
    parsed = parse_text(HEADER + "2024-01-02;A;-1,00\n2024-01-0x;B;-2,00\n")
    assert parsed.problems == [RowProblem(3, "Date", "'2024-01-0x' is not a date in the format YYYY-MM-DD")]


def test_debit_and_credit_both_filled_or_both_empty():
    parsed = parse_text(
        "Date;Payee;Debit;Credit\n2024-01-02;A;1,00;2,00\n2024-01-03;B;;\n2024-01-04;C;;3,00\n")
    assert [(t.payee, str(t.amount)) for t in parsed.transactions] == [("C", "3.00")]
    assert parsed.problems == [
        RowProblem(2, "Debit", "both Debit and Credit hold an amount"),
        RowProblem(3, "Debit", "no amount in Debit or Credit"),
    ]


def test_mapping_naming_missing_columns():
    mapping = CsvMapping(delimiter=";", date_column="Datum", amount_column="Betrag", payee_column="Payee",
                         description_column="Memo")
    parsed = parse_text(HEADER + "2024-01-02;A;-1,00\n", mapping)
    assert parsed.transactions == []
    assert parsed.problems == [
        RowProblem(1, "Datum", "no column named 'Datum' in the header (columns: Date, Payee, Amount)"),
        RowProblem(1, "Betrag", "no column named 'Betrag' in the header (columns: Date, Payee, Amount)"),
        RowProblem(1, "Memo", "no column named 'Memo' in the header (columns: Date, Payee, Amount)"),
    ]


def test_mapping_without_any_amount_column_and_header_past_the_end():
    parsed = parse_text(HEADER + "2024-01-02;A;-1,00\n", CsvMapping(delimiter=";"))
    assert parsed.problems == [RowProblem(1, None, "the mapping names no amount, debit or credit column")]
    parsed = parse_text(HEADER, CsvMapping(delimiter=";", amount_column="Amount", header_line=5))
    assert parsed.problems == [RowProblem(1, None, "the file ends before its header line 5")]


def test_ten_megabyte_field_is_refused_within_seconds():
    huge = "x" * 10_000_000
    for row in (f'2024-01-03;"{huge}";-2,00\n', f"2024-01-03;{huge};-2,00\n"):
        started = time.perf_counter()
        parsed = parse_text(HEADER + "2024-01-02;A;-1,00\n" + row + "2024-01-04;C;-3,00\n")
        assert time.perf_counter() - started < 5
        assert [t.payee for t in parsed.transactions] == ["A"]
        assert parsed.problems == [RowProblem(
            3, None, "a field longer than 131,072 characters, not a bank export line (reading stopped here)")]


def test_ten_megabyte_line_without_delimiters_is_refused_within_seconds():
    started = time.perf_counter()
    parsed = parse_file(b"y" * 10_000_000, "export.csv")
    assert time.perf_counter() - started < 5
    assert parsed.problems[0].line == 1


def test_mapping_with_impossible_delimiter_or_header_line():
    for mapping in (CsvMapping(delimiter=";;", amount_column="Amount"),
                    CsvMapping(delimiter=";", amount_column="Amount", header_line=-1)):
        parsed = parse_text(HEADER + "2024-01-02;A;-1,00\n", mapping)
        assert parsed.transactions == []
        assert [(problem.line, problem.reason[:16]) for problem in parsed.problems] == [
            (1, "invalid mapping:")]
