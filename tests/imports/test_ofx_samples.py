"""OFX 1 (SGML), OFX 2 (XML) and QFX statements through ofxtools: every transaction, and what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.imports.formats import parse_file
from api.imports.parsed import ParsedTransaction, RowProblem

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"
OFX1 = (DATA / "ofx1_checking_2024-01.ofx").read_bytes()


def rows(transactions: list[ParsedTransaction]) -> list[tuple]:
    """Each transaction as (line, ISO date, exact amount as written, payee, description, id, currency)."""
    return [
        (t.line, t.occurred_on.isoformat(), str(t.amount), t.payee, t.description, t.external_id, t.currency)
        for t in transactions
    ]


def test_ofx2_xml_statement_with_payee_aggregate_foreign_currency_and_evening_time():
    parsed = parse_file((DATA / "ofx2_checking_2024-03.ofx").read_bytes(), "statement.ofx")
    assert (parsed.format, parsed.currency, parsed.problems) == ("ofx", "EUR", [])
    assert rows(parsed.transactions) == [
        (25, "2024-03-01", "-36.47", "Lebensmittel Grünhof", "Einkauf", "2024030100001", "EUR"),
        (33, "2024-03-15", "-3.80", "Café Kränzle", "Cappuccino", "2024031500001", "EUR"),
        (41, "2024-03-15", "-3.80", "Café Kränzle", "Cappuccino", "2024031500002", "EUR"),
        # 23:30 EST is the next day in UTC: the date is taken as the bank wrote it.
        (49, "2024-03-27", "3245.18", "Arbeitgeber GmbH", "Gehalt März 2024", "2024032700001", "EUR"),
        (64, "2024-03-29", "-54.00", "Online Bookshop Ltd", "Order 55-1234", "2024032900001", "USD"),
    ]


def test_ofx1_sgml_statement_in_cp1252():
    parsed = parse_file(OFX1, "checking.ofx")
    assert (parsed.format, parsed.currency, parsed.problems) == ("ofx", "USD", [])
    assert rows(parsed.transactions) == [
        (39, "2024-01-02", "-4.75", "COFFEE HOUSE DOWNTOWN", "POS PURCHASE", "202401020001", "USD"),
        (47, "2024-01-02", "-4.75", "COFFEE HOUSE DOWNTOWN", "POS PURCHASE", "202401020002", "USD"),
        (55, "2024-01-05", "2310.40", "ACME PAYROLL", "DIRECT DEP", "202401050001", "USD"),
        (63, "2024-01-09", "-1850.00", "CHECK 1042", "", "202401090001", "USD"),
        (71, "2024-01-13", "-12.40", "CAFÉ DU MONDE", "", "202401130001", "USD"),
    ]


def test_qfx_credit_card_statement():
    parsed = parse_file((DATA / "qfx_creditcard_2024-02.qfx").read_bytes(), "card.qfx")
    assert (parsed.format, parsed.currency, parsed.problems) == ("ofx", "USD", [])
    assert rows(parsed.transactions) == [
        (39, "2024-02-03", "-64.99", "STREAMING SERVICE", "", "320240203000001", "USD"),
        (46, "2024-02-10", "-132.18", "GROCERY MART #123", "GROCERIES", "320240210000001", "USD"),
        (54, "2024-02-20", "500.00", "PAYMENT - THANK YOU", "", "320240220000001", "USD"),
    ]


def test_ofx_is_recognised_by_content_whatever_the_file_name():
    assert parse_file(OFX1, "download.txt").format == "ofx"


def test_missing_fitid_keeps_the_transaction_without_an_external_id_and_says_so():
    parsed = parse_file(OFX1.replace(b"<FITID>202401090001\r\n", b""), "checking.ofx")
    assert parsed.problems == []
    assert rows(parsed.transactions)[3] == (63, "2024-01-09", "-1850.00", "CHECK 1042", "", None, "USD")
    assert parsed.notes == ["line 63: the transaction has no FITID; duplicates are found by content"]


def test_a_fitid_given_to_two_transactions_keeps_both_matched_by_content():
    # Banks reuse ids (Chase: a foreign fee under its purchase's FITID); two identical coffees stay two.
    parsed = parse_file(OFX1.replace(b"<FITID>202401020002", b"<FITID>202401020001"), "checking.ofx")
    assert parsed.problems == []
    assert [(t.line, t.external_id) for t in parsed.transactions] == [
        (39, None), (47, None), (55, "202401050001"), (63, "202401090001"), (71, "202401130001"),
    ]
    assert parsed.notes == [
        f"line {line}: FITID '202401020001' is given to 2 transactions; duplicates are found by content"
        for line in (39, 47)
    ]


def test_bad_amount_and_date_are_problems_naming_the_transaction_line_and_element():
    content = OFX1.replace(b"<TRNAMT>-12.40", b"<TRNAMT>-12,4x")
    parsed = parse_file(content.replace(b"<DTPOSTED>20240109", b"<DTPOSTED>9.1.24"), "checking.ofx")
    assert parsed.problems == [
        RowProblem(63, "DTPOSTED", "'9.1.24' is not an OFX date"),
        RowProblem(71, "TRNAMT", "'-12,4x' is not an amount"),
    ]
    assert len(parsed.transactions) == 3


def test_impossible_date_is_refused_by_ofxtools_validation():
    parsed = parse_file(OFX1.replace(b"<DTPOSTED>20240113", b"<DTPOSTED>20240231"), "checking.ofx")
    assert parsed.problems == [RowProblem(71, None, (
        "invalid transaction: Can't set STMTTRN.dtposted to 20240231: day is out of range for month"))]


def test_empty_memo_element_does_not_break_the_file():
    parsed = parse_file(OFX1.replace(b"<MEMO>DIRECT DEP", b"<MEMO>"), "checking.ofx")
    assert parsed.problems == []
    assert rows(parsed.transactions)[2] == (
        55, "2024-01-05", "2310.40", "ACME PAYROLL", "", "202401050001", "USD")


def test_truncated_ofx_is_refused_naming_its_last_line():
    truncated = OFX1[:1200]
    parsed = parse_file(truncated, "checking.ofx")
    assert parsed.transactions == []
    last_line = truncated.rstrip().count(b"\n") + 1
    reason = "the OFX file is truncated: it does not end with </OFX>"
    assert parsed.problems == [RowProblem(last_line, None, reason)]


OFX1_ROWS = rows(parse_file(OFX1, "checking.ofx").transactions)


@pytest.mark.parametrize("written", [
    pytest.param(b"\xef\xbb\xbf" + OFX1, id="byte order mark"),
    pytest.param(OFX1.replace(b"CHARSET:1252", b"CHARSET:8859-1"), id="charset 8859-1 (Canadian banks)"),
    pytest.param(OFX1.replace(b"CHARSET:1252", b"X-CHARSET:NONE"), id="no CHARSET line (Nubank)"),
    pytest.param(OFX1.decode("cp1252").encode("utf-8"), id="UTF-8 body declared 1252 (Brazilian banks)"),
    pytest.param(OFX1.replace(b"OFXHEADER:100", b"<!-- OFXHEADER:100").replace(
        b"NEWFILEUID:NONE", b"NEWFILEUID:NONE -->"), id="header in a comment (ofxstatement)"),
    pytest.param(OFX1.replace(b"<TRNTYPE>POS", b"<TRNTYPE>D"), id="TRNTYPE outside the spec (Caixa)"),
    pytest.param(OFX1.replace(b"<CHECKNUM>1042", b"<CHECKNUM>209568101701042"),
                 id="CHECKNUM over 12 characters (Banco do Brasil)"),
    pytest.param(OFX1.replace(b"<NAME>COFFEE HOUSE DOWNTOWN", b"<NAME><![CDATA[COFFEE HOUSE DOWNTOWN]]>"),
                 id="CDATA value (Suncorp)"),
])
def test_what_banks_write_around_the_transactions_does_not_change_them(written: bytes):
    parsed = parse_file(written, "checking.ofx")
    assert (parsed.problems, rows(parsed.transactions)) == ([], OFX1_ROWS)


def test_an_empty_fitid_is_a_missing_one():
    parsed = parse_file(OFX1.replace(b"<FITID>202401090001", b"<FITID>"), "checking.ofx")
    assert parsed.problems == []
    assert rows(parsed.transactions)[3] == (63, "2024-01-09", "-1850.00", "CHECK 1042", "", None, "USD")


def test_a_curdef_that_is_no_currency_code_gives_way_to_the_account_currency():
    parsed = parse_file(OFX1.replace(b"<CURDEF>USD", b"<CURDEF>BRC"), "santander.ofx")
    assert (parsed.problems, parsed.currency, {t.currency for t in parsed.transactions}) == ([], None, {None})
    assert parsed.notes == [
        "CURDEF 'BRC' is not an ISO 4217 currency code: the amounts are taken in the account's currency"]


def test_a_file_without_a_statement_says_so_whatever_its_header():
    parsed = parse_file(b"OFXHEADER:100\r\nnonsense\r\n<OFX></OFX>\r\n", "bad.ofx")
    assert parsed.problems == [
        RowProblem(1, None,
                   "no bank or credit card statement in the file (investment statements are not read)"),
    ]


def test_statement_without_transactions_says_so():
    content = OFX1.split(b"<STMTTRN>")[0] + b"</BANKTRANLIST>" + OFX1.split(b"</BANKTRANLIST>")[1]
    parsed = parse_file(content, "checking.ofx")
    assert parsed.problems == [RowProblem(1, None, "the statement holds no transactions")]


def test_statements_of_several_accounts_in_one_file_are_refused_naming_them():
    text = OFX1.decode("cp1252")
    start, end = text.index("<BANKMSGSRSV1>"), text.index("</BANKMSGSRSV1>") + len("</BANKMSGSRSV1>")
    savings = text[start:end].replace("<ACCTID>", "<ACCTID>77").replace("<FITID>", "<FITID>S")
    parsed = parse_file((text[:end] + "\r\n" + savings + text[end:]).encode("cp1252"), "all-accounts.ofx")

    assert parsed.transactions == []
    assert [(problem.line, problem.column) for problem in parsed.problems] == [(1, None)]
    assert parsed.problems[0].reason.startswith("the file holds the statements of 2 accounts (checking …")


def test_several_statements_of_one_account_are_read_together():
    text = OFX1.decode("cp1252")
    start, end = text.index("<STMTTRNRS>"), text.index("</STMTTRNRS>") + len("</STMTTRNRS>")
    later = text[start:end].replace("<FITID>", "<FITID>L")
    parsed = parse_file((text[:end] + "\r\n" + later + text[end:]).encode("cp1252"), "two-months.ofx")

    single = parse_file(OFX1, "one-month.ofx")
    assert parsed.problems == [] and len(parsed.transactions) == 2 * len(single.transactions)
