"""More banks' CSV layouts read to the cent: each file's booked rows and total, and what was skipped.

Each sample in tests/data/imports is written as the bank writes its export (header words, encoding,
signs, preamble and trailer lines); the totals were worked out by hand from the rows.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from api.imports.formats import parse_file
from api.imports.formats.sepa_text import sepa_parties
from api.imports.parsed import CsvMapping, ParsedFile

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"


def parse(name: str, currency: str = "EUR") -> ParsedFile:
    return parse_file((DATA / name).read_bytes(), name, account_currency=currency)


def booked(parsed: ParsedFile) -> tuple[int, Decimal]:
    """How many rows the bank booked, and their total (what an import records)."""
    rows = [transaction for transaction in parsed.transactions if not transaction.not_booked]
    return len(rows), sum((transaction.amount for transaction in rows), Decimal(0))


@pytest.mark.parametrize(("name", "currency", "count", "total"), [
    # Citi writes a card payment in its Credit column as a negative number: money in all the same.
    ("us_citi_card_2024-01.csv", "USD", 8, "150.40"),
    # Kotak's "Dr / Cr" beside each unsigned amount (spaces around the slash).
    ("in_kotak_2024-01.csv", "INR", 7, "70638.50"),
    # HDFC's truncated "Value Dat" is a date, not the amount: the money is in Debit/Credit Amount.
    ("in_hdfc_2024-01.txt", "INR", 7, "70638.50"),
    # Deutsche Bank's old layout leaves its Betrag column empty and writes Soll and Haben.
    ("de_deutsche_bank_2024-01.csv", "EUR", 7, "1527.75"),
    # Boursorama's camelCase header (dateOp, label, amount).
    ("fr_boursorama_2024-01.csv", "EUR", 6, "1532.55"),
    # PayPal in German: Netto is the amount, an "Ausstehend" authorisation is not booked.
    ("de_paypal_2024-01.csv", "EUR", 7, "61.75"),
    # PKO BP leaves out empty cells at the end of some rows.
    ("pl_pko_bp_2024-01.csv", "PLN", 6, "6045.55"),
    # Revolut Business: the amount in the account's currency, not the card payment's original one.
    ("revolut_business_2024-01.csv", "EUR", 4, "3874.80"),
    # KBC: the other party's name, not the account holder's.
    ("be_kbc_2024-01.csv", "EUR", 7, "1625.25"),
    # Every amount with three digits after its one separator: decimals only where the currency has three.
    ("kw_nbk_2024-01.csv", "KWD", 5, "698.625"),
    ("kr_bank_2024-01.csv", "KRW", 5, "-1250"),
    ("cl_bancoestado_2024-01.csv", "CLP", 5, "72570"),
    # Maybank's trailing + and - signs.
    ("my_maybank_2024-01.csv", "MYR", 5, "3168.40"),
    # Kiwibank's "Amount (credit)", "Amount (debit)" and "Amount": the first two are credit and debit.
    ("nz_kiwibank_2024-01.csv", "NZD", 5, "3036.77"),
    # Spanish plurals (Débitos, Créditos, Depósitos, Retiros) and M-Pesa's "Withdrawn".
    ("ar_galicia_2024-01.csv", "ARS", 5, "314691.37"),
    ("mx_banorte_2024-01.csv", "MXN", 5, "13013.55"),
    ("ke_mpesa_2024-01.csv", "KES", 5, "15259.00"),
    # Windows-1251, Russian headers; T-Bank's payment amount (the account's), not the operation's.
    ("ru_tbank_2024-01.csv", "RUB", 7, "44133.26"),
    ("ru_bank_2024-01.csv", "RUB", 5, "46620.74"),  # "-1 234,56 ₽"
    ("ua_privatbank_2024-01.csv", "UAH", 6, "22910.15"),
    # monobank: the card's amount, whose header names its currency, not the payment's own "Валюта".
    ("ua_monobank_2024-01.csv", "UAH", 7, "351.65"),
    # GBK with 收/支 beside unsigned amounts; 不计收支, "/" and closed trades are not counted.
    ("cn_alipay_2024-01.csv", "CNY", 6, "675.70"),
    ("cn_alipay_classic_2024-01.csv", "CNY", 6, "675.70"),
    ("cn_wechat_pay_2024-01.csv", "CNY", 6, "-2882.90"),
    ("tw_bank_2024-01.csv", "TWD", 6, "16933"),  # Big5
    ("kr_kb_kookmin_2024-01.csv", "KRW", 6, "2798750"),  # CP949
    # Windows-1253 in a euro account: found by the header its code page shows; Χ/Π beside the amount.
    ("gr_piraeus_2024-01.csv", "EUR", 6, "2280.81"),
    ("gr_eurobank_2024-01.csv", "EUR", 5, "1046.25"),
    ("il_hapoalim_2024-01.csv", "ILS", 6, "10794.94"),  # Windows-1255, חובה/זכות
    ("vn_vietcombank_2024-01.csv", "VND", 5, "2750000"),
    ("vn_techcombank_2024-01.csv", "VND", 5, "24800000"),
    # YNAB's Outflow and Inflow, with "$1,400.00" and "1.050,00€".
    ("us_ynab4_2024-01.csv", "USD", 7, "1931.70"),
    ("de_ynab_2024-01.csv", "EUR", 6, "1697.84"),
    # "Mon 08/01/2024": the day's name is read past.
    ("uk_day_names_2024-01.csv", "GBP", 5, "941.45"),
    # Two exports joined: a byte order mark at the start of a row.
    ("us_joined_exports_2024-01.csv", "USD", 5, "941.45"),
    # Spendee: the Note is the text, the category's name no payee.
    ("spendee_2024-01.csv", "EUR", 6, "1694.85"),
])
def test_a_bank_layout_is_read_to_the_cent(name: str, currency: str, count: int, total: str):
    parsed = parse(name, currency)
    assert parsed.problems == []
    assert booked(parsed) == (count, Decimal(total))


def test_a_collective_orders_single_payments_are_skipped_and_named():
    for name in ("ch_zkb_2024-01.csv", "ch_ubs_2024-01.csv"):
        parsed = parse(name, "CHF")
        assert (parsed.problems, booked(parsed)) == ([], (7, Decimal("4369.15")))
        collective = [t for t in parsed.transactions if t.amount == Decimal("-1919.90")]
        assert len(collective) == 1
        assert [note for note in parsed.notes if "collective order" in note] == [
            f"line 5 is one payment of a collective order, counted in its total ({amount}): skipped"
            for amount in (("'1850.00'",) if name.startswith("ch_zkb") else ('''"-1'850.00"''',))
        ] + [
            f"line 6 is one payment of a collective order, counted in its total ({amount}): skipped"
            for amount in (("'69.90'",) if name.startswith("ch_zkb") else ("'-69.90'",))
        ]


def test_ubs_texts_and_its_fee_row_are_read():
    parsed = parse("ch_ubs_2024-01.csv", "CHF")
    # "Beschreibung" is the account's product, the same on every row: the party is in Beschreibung 1.
    mapping = parsed.mapping
    assert (mapping.payee_column, mapping.description_column) == ("Beschreibung 1", "Beschreibung 2")
    fee = [t for t in parsed.transactions if "Dienstleistungspreis" in t.description]
    assert [(t.occurred_on.isoformat(), t.payee, str(t.amount)) for t in fee] == [
        ("2024-01-01", "UBS", "-5.00"),
    ]


def test_a_pending_booking_without_a_date_is_skipped_and_named():
    parsed = parse("de_comdirect_2024-01.csv")
    assert (parsed.problems, booked(parsed)) == ([], (7, Decimal("1527.75")))
    assert "line 6 is not booked yet ('offen'): skipped" in parsed.notes


def test_lines_after_the_last_transaction_without_date_or_amount_are_skipped():
    parsed = parse("ch_postfinance_2024-01.csv", "CHF")
    assert (parsed.problems, booked(parsed)) == ([], (8, Decimal("4369.15")))
    assert [note for note in parsed.notes if note.startswith(("line 16", "line 17"))] == [
        "line 16 skipped as a summary line: 'Disclaimer:'",
        "line 17 skipped as a summary line: 'Dies ist kein durch PostFinance AG erste…'",
    ]


def test_a_line_without_date_or_amount_between_transactions_is_still_refused():
    content = (b"Date,Description,Amount\n01/02/2024,Coffee,-3.50\n********,,\n01/03/2024,Salary,100.00\n")
    parsed = parse_file(content, "bank.csv", account_currency="USD")
    assert [(problem.line, problem.column) for problem in parsed.problems] == [(3, "Date")]


def test_a_headerless_export_with_withdrawals_and_deposits_apart():
    """TD Canada: date, description, withdrawal, deposit, balance; the balance column is no amount."""
    parsed = parse("ca_td_2024-01.csv", "CAD")
    assert (parsed.mapping.debit_column, parsed.mapping.credit_column) == ("Column 3", "Column 4")
    assert (parsed.problems, booked(parsed)) == ([], (7, Decimal("1534.55")))


def test_a_headerless_export_with_balances_around_the_amount():
    """ABN AMRO's .TAB: account, currency, date, opening balance, closing balance, value date, amount, text.
    The amount is the column that takes each row's opening balance to its closing one."""
    parsed = parse("nl_abnamro_2024-01.TAB")
    assert (parsed.mapping.amount_column, parsed.mapping.date_column) == ("Column 7", "Column 3")
    assert parsed.mapping.payee_column == "Column 8"  # the text, not the value date
    assert (parsed.problems, booked(parsed)) == ([], (8, Decimal("389.24")))


def test_japanese_exports_in_shift_jis_are_read():
    """MUFG writes Shift_JIS with withdrawals and deposits apart; Rakuten one signed yen column."""
    mufg, rakuten = parse("jp_mufg_2024-01.csv", "JPY"), parse("jp_rakuten_2024-01.csv", "JPY")
    assert (mufg.mapping.encoding, mufg.mapping.debit_column, mufg.mapping.credit_column) == (
        "cp932", "支払い金額", "預かり金額")
    assert (rakuten.mapping.date_column, rakuten.mapping.amount_column) == ("取引日", "入出金(円)")
    for parsed in (mufg, rakuten):
        assert (parsed.problems, booked(parsed)) == ([], (6, Decimal("125278")))
    assert (mufg.transactions[0].payee, mufg.transactions[0].description) == ("セブンイレブン", "カード")


def test_shift_jis_is_not_guessed_for_western_text():
    content = "Datum;Empfänger;Betrag\n02.01.2024;Café Müller;-3,50\n".encode("cp1252")
    assert parse_file(content, "bank.csv", account_currency="EUR").mapping.encoding == "cp1252"


def test_a_statement_of_key_value_blocks_is_read_with_its_own_line_numbers():
    """Santander UK's text file: Date:, Description:, Amount: and Balance: lines per transaction."""
    parsed = parse("uk_santander_2024-01.txt", "GBP")
    assert (parsed.format, parsed.problems, booked(parsed)) == ("txt", [], (8, Decimal("1110.83")))
    first = parsed.transactions[0]
    assert (first.line, first.occurred_on.isoformat(), str(first.amount)) == (5, "2024-01-31", "-45.67")
    assert first.payee.startswith("CARD PAYMENT TO TESCO STORES 3012,45.67 GBP")


def test_key_value_lines_in_a_csv_preamble_are_no_statement_of_blocks():
    content = b"Date: 31/01/2024\nAmount: 3 rows\nDate,Description,Amount\n01/02/2024,Coffee,-3.50\n"
    assert parse_file(content, "bank.csv", account_currency="GBP").format == "csv"


def test_rules_of_stars_and_a_summary_block_after_the_transactions_are_skipped():
    """HDFC's statement: a row of stars under the header and after the rows, then a statement summary
    whose figures sit under its own headings."""
    parsed = parse("in_hdfc_statement_2024-01.csv", "INR")
    assert (parsed.problems, booked(parsed)) == ([], (7, Decimal("70638.50")))
    assert [note.split(" skipped")[0] for note in parsed.notes if " skipped as a summary" in note] == [
        "line 7", "line 15", "line 16", "line 17", "line 18",
    ]


def test_abn_amros_one_text_column_gives_the_party_and_the_message():
    parsed = parse("nl_abnamro_2024-01.TAB")
    assert [(t.payee, t.description) for t in parsed.transactions][:4] == [
        ("ACME BV", "Salaris januari"),
        ("ALBERT HEIJN 1234", "BEA NR:XXXX1234 03.01.24/12.34 ALBERT HEIJN 1234,PAS001"),
        ("Verhuurder BV", "Huur"),
        ("Eneco", "Termijn"),
    ]


@pytest.mark.parametrize(("text", "parties"), [
    ("/TRTP/SEPA Incasso algemeen doorlopend/CSID/NL00ZZZ/NAME/Eneco/REMI/Termijn 3/EREF/123",
     ("Eneco", "Termijn 3")),
    ("SEPA Overboeking   IBAN: NL20INGB0001234567   BIC: INGBNL2A   Naam: ACME BV   Omschrijving: Salaris",
     ("ACME BV", "Salaris")),
    ("eCom, Apple Pay  NR:XXXX 06.01.24/10.00 Bol.com,PAS 001",
     ("Bol.com", "eCom, Apple Pay  NR:XXXX 06.01.24/10.00 Bol.com,PAS 001")),
    ("ALBERT HEIJN 1234 AMSTERDAM", None),
])
def test_structured_dutch_texts_are_split_and_free_text_is_left_alone(text: str, parties):
    assert sepa_parties(text) == parties


def test_rows_that_only_name_a_balance_are_skipped_wherever_they_are():
    """Itaú writes SALDO ANTERIOR first and SALDO DO DIA after each day's transactions."""
    parsed = parse("br_itau_2024-01.csv", "BRL")
    assert (parsed.problems, booked(parsed)) == ([], (6, Decimal("3764.87")))
    assert [note for note in parsed.notes if "is a balance" in note][:2] == [
        "line 1 is a balance, not a transaction ('SALDO ANTERIOR'): skipped",
        "line 3 is a balance, not a transaction ('SALDO DO DIA'): skipped",
    ]


def test_three_digits_after_the_separator_are_said_how_they_were_read():
    notes = parse("kr_bank_2024-01.csv", "KRW").notes
    assert ("Every amount has three digits after its ',': read as thousands, as amounts are not written with "
            "three decimals in KRW. Correct the mapping's decimal and thousands separators if that is wrong."
            ) in notes


def test_a_hold_is_not_booked_and_the_roubles_old_code_is_the_rouble():
    content = ("Дата;Описание;Сумма;Валюта;Статус\n02.01.2024;Магазин;-100,00;RUR;HOLD\n"
               "03.01.2024;Зарплата;5000,00;RUR;\n").encode()
    mapping = CsvMapping(encoding="utf-8", delimiter=";", header_line=1, date_column="Дата",
                         date_format="%d.%m.%Y", amount_column="Сумма", payee_column="Описание",
                         currency_column="Валюта", status_column="Статус", decimal_separator=",",
                         thousands_separator=" ")
    parsed = parse_file(content, "alfa.csv", mapping, account_currency="RUB")
    assert [(t.currency, t.not_booked) for t in parsed.transactions] == [("RUB", "HOLD"), ("RUB", None)]


def test_a_movement_neither_in_nor_out_is_skipped_and_named():
    parsed = parse("cn_alipay_2024-01.csv", "CNY")
    assert any("moves money neither into nor out of the account ('不计收支')" in note for note in parsed.notes)


def test_years_of_the_buddhist_and_minguo_eras_are_read_in_the_common_era():
    thai, taiwanese = parse("th_scb_2024-01.csv", "THB"), parse("tw_bank_minguo_2024-01.csv", "TWD")
    for parsed, era in ((thai, "Buddhist era (2567 is 2024)"), (taiwanese, "Minguo era (113 is 2024)")):
        assert parsed.problems == []
        assert parsed.transactions[0].occurred_on.isoformat() == "2024-01-02"
        assert any(f"the years are counted in the {era}" in note for note in parsed.notes)
    assert booked(taiwanese) == (6, Decimal("16933"))


def test_a_fee_beside_money_in_and_money_out_is_taken_off_when_the_balance_says_so():
    """Capitec: Money In, Money Out (negative) and a negative Fee charged on top; one row is a fee alone."""
    parsed = parse("za_capitec_2024-01.csv", "ZAR")
    assert parsed.mapping.fee_column == "Fee"
    assert (parsed.problems, booked(parsed)) == ([], (6, Decimal("16584.51")))


def test_ofx_amounts_with_grouped_thousands_and_a_decimal_comma():
    parsed = parse("br_itau_2024-01.ofx", "BRL")
    assert (parsed.problems, booked(parsed)) == ([], (4, Decimal("907.94")))


def test_an_mt940_statement_is_read_with_its_marks_and_details():
    """Sparkasse's MT940: ?20-?21 purpose lines, a ?32 name wrapped onto the next line, a reversal of a
    debit (RD, money back in) and of a credit (RC, money out); the bank's reference after // is the id.
    The rows add up to the difference of the :60F: and :62F: balances (1,000.00 to 3,444.70)."""
    parsed = parse("de_sparkasse_2024-01.sta")
    assert (parsed.format, parsed.currency, parsed.problems) == ("mt940", "EUR", [])
    assert [(t.line, t.occurred_on.isoformat(), str(t.amount), t.payee, t.description, t.external_id)
            for t in parsed.transactions] == [
        (5, "2024-01-02", "-45.30", "REWE MARKT GMBH", "REWE SAGT DANKE 12345 VIELEN DANK", "240102-A1"),
        (8, "2024-01-03", "2500.00", "ACME GMBH", "GEHALT JANUAR", "240103-B2"),
        (10, "2024-01-04", "-123.45", "STADTWERKE", "STROM ABSCHLAG", None),
        (12, "2024-01-05", "123.45", "STADTWERKE", "STROM ABSCHLAG", "240105-D4"),
        (14, "2024-01-06", "-10.00", "", "FALSCH GEBUCHT", "240106-E5"),
    ]
    assert booked(parsed) == (5, Decimal("2444.70"))


def test_an_mt940_statement_with_the_other_partys_iban_as_customer_reference():
    """ASN Bank writes an IBAN (18 characters) where the standard allows 16, and a block per day."""
    parsed = parse("nl_asn_2024-01.940")
    assert (parsed.format, parsed.problems, booked(parsed)) == ("mt940", [], (2, Decimal("935.00")))


def test_a_zip_of_camt_statements_is_read_day_after_day():
    """EBICS C53 downloads: one camt.053 file per day in a ZIP archive."""
    parsed = parse("de_ebics_c53_2024-01.zip")
    assert (parsed.format, parsed.currency, parsed.problems) == ("camt", "EUR", [])
    assert booked(parsed) == (2, Decimal("2807.50"))
    assert parsed.transactions[0].line < parsed.transactions[1].line  # counted on through the files


def test_a_zip_without_statements_is_refused_as_such():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as writer:
        writer.writestr("statement.xml", "<Document/>")
        writer.writestr("readme.txt", "hello")
    parsed = parse_file(archive.getvalue(), "download.zip")
    assert [problem.reason for problem in parsed.problems] == ["no account statement or report in the file"]


def test_an_mt940_file_of_several_accounts_is_refused():
    one = (DATA / "de_sparkasse_2024-01.sta").read_bytes()
    other = one.replace(b":25:10020030/1234567890", b":25:10020030/9999999999")
    parsed = parse_file(one + other, "umsaetze.sta")
    assert parsed.transactions == []
    assert parsed.problems[0].reason.startswith("the file holds the statements of 2 accounts")


def test_a_balance_summary_above_the_transactions_is_not_their_header():
    """Mercado Pago: INITIAL_BALANCE;CREDITS;DEBITS;FINAL_BALANCE and its figures, then the real header."""
    parsed = parse("ar_mercadopago_2024-01.csv", "ARS")
    assert (parsed.mapping.header_line, parsed.mapping.date_column) == (4, "RELEASE_DATE")
    assert (parsed.problems, booked(parsed)) == ([], (5, Decimal("-30422.22")))


def test_continued_text_and_a_section_of_scheduled_transactions():
    """Bradesco: a purchase's shop on a line of its own below it; the Total line and the section titles
    before a repeated header; 'Lançamentos Futuros' (scheduled) rows not booked."""
    parsed = parse("br_bradesco_2024-01.csv", "BRL")
    assert [(t.payee, t.description) for t in parsed.transactions][:2] == [
        ("PIX QR CODE DINAMICO", "DES: MERCADO SAO JOSE 03/01"),
        ("TRANSFERENCIA PIX", "REM: MARIA SILVA 04/01"),
    ]
    assert booked(parsed) == (5, Decimal("1404.81"))
    scheduled = [t for t in parsed.transactions if t.not_booked]
    assert [(t.payee, t.not_booked) for t in scheduled] == [
        ("PAGTO COBRANCA AGENDADO", "Lançamentos Futuros"),
    ]
    # The one dated row without any amount, in the latest-entries section, is still refused.
    assert [(problem.line, problem.column) for problem in parsed.problems] == [(18, "Débito (R$)")]


def test_a_file_of_several_accounts_says_so():
    notes = parse("us_mint_accounts_2024-01.csv", "USD").notes
    assert ("The Account Name column names 3 accounts (Chase Freedom, Everyday Checking, Online Savings): "
            "every row goes into the one account chosen here. Export one account at a time, or split the "
            "file by that column, to keep them apart.") in notes


def test_a_field_over_the_csv_modules_limit_near_the_header_is_a_problem_not_a_crash():
    content = ("Date,Description,Amount\n2024-01-02,Coffee,-3.50\n2024-01-03," + "x" * 200_000 + ",-1.00\n")
    parsed = parse_file(content.encode(), "bank.csv", account_currency="USD")
    assert [t.payee for t in parsed.transactions] == ["Coffee"]
    assert parsed.problems[0].reason.startswith("a field longer than 131,072 characters")


@pytest.mark.parametrize("name", ["utf16le_without_bom_2024-01.csv", "utf16be_without_bom_2024-01.csv"])
def test_utf16_without_a_byte_order_mark(name: str):
    parsed = parse(name, "EUR")
    assert parsed.mapping.encoding in ("utf-16-le", "utf-16-be")
    assert (parsed.problems, booked(parsed)) == ([], (4, Decimal("1811.19")))
