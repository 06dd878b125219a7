"""QIF registers parsed here: US and continental amounts and dates, splits, check numbers, bad records."""

from __future__ import annotations

from pathlib import Path

from api.imports.formats import parse_file
from api.imports.parsed import ParsedTransaction, RowProblem

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"


def rows(transactions: list[ParsedTransaction]) -> list[tuple]:
    """Each transaction as (line, ISO date, exact amount as written, payee, description, id)."""
    return [(t.line, t.occurred_on.isoformat(), str(t.amount), t.payee, t.description, t.external_id)
            for t in transactions]


def parse_qif_text(text: str):
    return parse_file(text.encode(), "register.qif")


def test_us_bank_register_with_apostrophe_years_splits_and_check_numbers():
    parsed = parse_file((DATA / "us_bank_2024-01.qif").read_bytes(), "us_bank_2024-01.qif")
    assert (parsed.format, parsed.problems, parsed.notes) == ("qif", [], [])
    assert rows(parsed.transactions) == [
        (2, "2024-01-02", "-4.75", "COFFEE HOUSE DOWNTOWN", "POS PURCHASE", "1001"),
        (10, "2024-01-02", "-4.75", "COFFEE HOUSE DOWNTOWN", "POS PURCHASE", "1002"),
        # N "DEP" is a kind, not an id.
        (17, "2024-01-05", "2310.40", "ACME PAYROLL", "", None),
        # Two splits, one transaction with the T total.
        (23, "2024-01-13", "-187.12", "GROCERY MART #123", "Weekly shop and household", "1043"),
        (34, "2024-01-28", "12.30", "REFUND GROCERY MART #123", "", None),
    ]


def test_continental_register_reads_decimal_commas_exactly():
    parsed = parse_file((DATA / "de_bank_2024-03.qif").read_bytes(), "de_bank_2024-03.qif")
    assert parsed.problems == []
    assert rows(parsed.transactions) == [
        (2, "2024-03-01", "-36.47", "Lebensmittel Grünhof", "Einkauf", None),
        (7, "2024-03-04", "-1250.00", "Hausverwaltung Weiß", "Miete März", None),
        (12, "2024-03-15", "-3.80", "Café Kränzle", "", None),
        (16, "2024-03-15", "-3.80", "Café Kränzle", "", None),
        (20, "2024-03-27", "3245.18", "Arbeitgeber GmbH", "Gehalt März 2024", None),
    ]


def test_day_first_is_settled_by_one_day_past_the_twelfth():
    parsed = parse_qif_text("!Type:CCard\nD05/01/2024\nT-10.00\n^\nD13/01/2024\nT-20.00\n^\n")
    assert [t.occurred_on.isoformat() for t in parsed.transactions] == ["2024-01-05", "2024-01-13"]


def test_dates_that_read_both_ways_follow_the_accounts_currency():
    register = b"!Type:Bank\nD05/01/2024\nT-10.00\n^\nD06/01/2024\nT-20.00\n^\n"
    in_pounds = parse_file(register, "register.qif", account_currency="GBP")
    assert [t.occurred_on.isoformat() for t in in_pounds.transactions] == ["2024-01-05", "2024-01-06"]
    assert any("because the account is in GBP" in note for note in in_pounds.notes)
    in_dollars = parse_file(register, "register.qif", account_currency="USD")
    assert [t.occurred_on.isoformat() for t in in_dollars.transactions] == ["2024-05-01", "2024-06-01"]


def test_iso_dates_are_not_read_day_first():
    parsed = parse_qif_text("!Type:Bank\nD2024-01-05\nT-42,50\n^\n")
    assert rows(parsed.transactions) == [(2, "2024-01-05", "-42.50", "", "", None)]


def test_bad_records_are_problems_naming_line_and_field():
    parsed = parse_qif_text(
        "!Type:Bank\n"
        "D01/02/2024\nT-1.00\n^\n"
        "D02/30/2024\nT-2.00\n^\n"
        "D01/03/2024\nT-3,0x\n^\n"
        "T-4.00\nPNo date\n^\n"
        "D01/05/2024\nT-10.00\nSA\n$-6.00\nSB\n$-3.00\n^\n"
    )
    assert rows(parsed.transactions) == [(2, "2024-01-02", "-1.00", "", "", None)]
    assert parsed.problems == [
        RowProblem(5, "D", "'02/30/2024' is not a date in the format MM/DD/YYYY"),
        RowProblem(9, "T", "'-3,0x' is not an amount"),
        RowProblem(11, "D", "the record has no date (D line)"),
        RowProblem(15, "T", "the splits add up to -9.00, not -10.00"),
    ]


def test_account_lists_and_category_sections_are_skipped():
    parsed = parse_qif_text(
        "!Option:AutoSwitch\n!Account\nNChecking\nTBank\n^\n!Clear:AutoSwitch\n"
        "!Type:Cat\nNGroceries\nE\n^\n"
        "!Type:Bank\nD01/02/2024\nT-1.00\nPShop\n^\n"
    )
    assert rows(parsed.transactions) == [(12, "2024-01-02", "-1.00", "Shop", "", None)]
    assert parsed.notes == [
        "line 7: section !Type:Cat skipped (not a bank, card or cash register)",
        "Every date reads both as DD/MM/YYYY and as MM/DD/YYYY; chose MM/DD/YYYY because the amounts look "
        "American.",
    ]


def test_a_file_with_no_register_is_a_problem():
    parsed = parse_qif_text("!Type:Invst\nD01/02/2024\nNBuy\n^\n")
    assert parsed.problems == [RowProblem(1, None, "the file holds no bank, card or cash transactions")]


def test_registers_of_several_accounts_in_one_file_are_refused_naming_them():
    content = (b"!Account\nNChecking\nTBank\n^\n!Type:Bank\nD01/02/2024\nT-4.50\nPCoffee\n^\n"
               b"!Account\nNVisa\nTCCard\n^\n!Type:CCard\nD01/05/2024\nT-60.00\nPGrocer\n^\n")
    parsed = parse_file(content, "all.qif")
    assert parsed.transactions == []
    assert [problem.reason for problem in parsed.problems] == [
        "the file holds the registers of 2 accounts (Checking, Visa): import them one at a time, each into "
        "its own account"]


def test_one_accounts_register_after_its_account_block_is_read():
    content = b"!Account\nNChecking\nTBank\n^\n!Type:Bank\nD01/02/2024\nT-4.50\nN1042\nPCoffee\n^\n"
    parsed = parse_file(content, "checking.qif")
    assert parsed.problems == [] and [str(t.amount) for t in parsed.transactions] == ["-4.50"]
