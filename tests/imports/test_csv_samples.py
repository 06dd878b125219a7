"""The sample bank exports in tests/data/imports read exactly: every date, amount, payee and id."""

from __future__ import annotations

from pathlib import Path

from api.imports.formats import detect_csv_mapping, iter_csv, parse_file
from api.imports.formats.csv_detection import detect_csv
from api.imports.parsed import CsvMapping, ParsedTransaction

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"


def rows(transactions: list[ParsedTransaction]) -> list[tuple]:
    """Each transaction as (line, ISO date, exact amount as written, payee, description, id, currency)."""
    return [
        (t.line, t.occurred_on.isoformat(), str(t.amount), t.payee, t.description, t.external_id, t.currency)
        for t in transactions
    ]


def parse_sample(name: str):
    return parse_file((DATA / name).read_bytes(), name)


def test_german_export_with_preamble_debit_credit_and_closing_balance():
    parsed = parse_sample("de_girokonto_2024-03.csv")
    assert parsed.format == "csv"
    assert parsed.problems == []
    assert rows(parsed.transactions) == [
        (7, "2024-03-28", "-86.00", "Stadtwerke Köln", "Abschlag Strom März", None, "EUR"),
        (8, "2024-03-27", "3245.18", "Arbeitgeber GmbH", "Gehalt März 2024", None, "EUR"),
        (9, "2024-03-25", "-4.35", "Bäckerei Müller", "Kartenzahlung", None, "EUR"),
        (10, "2024-03-22", "-12.99", "Drogerie Fröhlich", "Kartenzahlung", None, "EUR"),
        (11, "2024-03-15", "-3.80", "Café Kränzle", "Kartenzahlung Cappuccino", None, "EUR"),
        (12, "2024-03-15", "-3.80", "Café Kränzle", "Kartenzahlung Cappuccino", None, "EUR"),
        (13, "2024-03-11", "57.30", "Erstattung Krankenkasse", "Rechnung 2024-017", None, "EUR"),
        (14, "2024-03-04", "-1250.00", "Hausverwaltung Weiß", "Miete März Whg. 3 OG", None, "EUR"),
        (15, "2024-03-01", "-36.47", "Lebensmittel Grünhof", "Einkauf", None, "EUR"),
    ]
    assert parsed.notes == ["line 16 skipped as a summary line: 'Endsaldo;;;;;1.234,56;EUR'"]


def test_german_export_mapping_is_detected():
    mapping = detect_csv_mapping((DATA / "de_girokonto_2024-03.csv").read_bytes())
    assert (mapping.encoding, mapping.delimiter, mapping.header_line) == ("cp1252", ";", 6)
    assert (mapping.date_column, mapping.date_format) == ("Buchungstag", "%d.%m.%Y")
    assert (mapping.amount_column, mapping.debit_column, mapping.credit_column) == (None, "Soll", "Haben")
    assert mapping.payee_column == "Auftraggeber / Empfänger"
    assert mapping.description_column == "Verwendungszweck"
    assert mapping.currency_column == "Währung"
    assert (mapping.decimal_separator, mapping.thousands_separator) == (",", ".")


def test_overlapping_second_export_repeats_the_shared_week_identically():
    first = parse_sample("de_girokonto_2024-03.csv")
    second = parse_sample("de_girokonto_2024-04_overlap.csv")
    assert second.problems == []
    assert rows(second.transactions)[:3] == [
        (7, "2024-04-12", "-2.95", "Bäckerei Müller", "Kartenzahlung", None, "EUR"),
        (8, "2024-04-08", "-61.12", "Tankstelle Süd", "Kartenzahlung Super E10", None, "EUR"),
        (9, "2024-04-03", "-1250.00", "Hausverwaltung Weiß", "Miete April Whg. 3 OG", None, "EUR"),
    ]
    shared = [row[1:] for row in rows(second.transactions)[3:]]
    assert shared == [row[1:] for row in rows(first.transactions)[:4]]


def test_us_export_with_bom_month_first_dates_and_quoted_payees():
    parsed = parse_sample("us_checking_2024-01.csv")
    assert parsed.problems == []
    assert parsed.mapping.date_format == "%m/%d/%Y"
    assert rows(parsed.transactions) == [
        (2, "2024-01-02", "-4.75", "COFFEE HOUSE, DOWNTOWN", "", "TX-20240102-001", None),
        (3, "2024-01-02", "-4.75", "COFFEE HOUSE, DOWNTOWN", "", "TX-20240102-002", None),
        (4, "2024-01-05", "2310.40", "ACME PAYROLL, INC. DIRECT DEP", "", "TX-20240105-001", None),
        # A quoted payee spans lines 5 and 6: the next transaction is on line 7.
        (5, "2024-01-09", "-1850.00", "HOME RENTALS LLC RENT JANUARY", "", "TX-20240109-001", None),
        (7, "2024-01-13", "-87.12", "GROCERY MART #123", "", "TX-20240113-001", None),
        (8, "2024-01-20", "-1204.99", 'ELECTRONICS OUTLET, "BEST" DEALS', "", "TX-20240120-001", None),
        (9, "2024-01-28", "12.30", "REFUND GROCERY MART #123", "", "TX-20240128-001", None),
    ]
    assert parsed.notes == ["No payee column: the Description column is read as the payee."]


def test_uk_export_with_paid_out_and_paid_in_in_pounds():
    parsed = parse_sample("uk_current_2024-02.csv")
    assert parsed.problems == []
    assert (parsed.mapping.debit_column, parsed.mapping.credit_column) == ("Paid out", "Paid in")
    assert rows(parsed.transactions) == [
        (2, "2024-02-03", "-23.45", "TESCO STORES 2231", "", None, None),
        (3, "2024-02-05", "-142.00", "COUNCIL TAX", "", None, None),
        (4, "2024-02-14", "1950.00", "J SMITH SALARY", "", None, None),
        (5, "2024-02-21", "-6.20", "PRET A MANGER", "", None, None),
        (6, "2024-02-28", "-200.00", "SAVINGS POT", "", None, None),
    ]


def test_french_export_with_space_grouping_and_ambiguous_dates_reads_day_first_and_says_so():
    parsed = parse_sample("fr_compte_courant_2024-05.csv")
    assert parsed.problems == []
    assert (parsed.mapping.decimal_separator, parsed.mapping.date_format) == (",", "%d/%m/%Y")
    assert rows(parsed.transactions) == [
        (2, "2024-05-02", "-54.20", "CARTE SUPERMARCHÉ DU CENTRE", "", None, "EUR"),
        (3, "2024-05-03", "2845.10", "VIREMENT SALAIRE MAI", "", None, "EUR"),
        (4, "2024-05-06", "-1234.56", "PRÉLÈVEMENT LOYER", "", None, "EUR"),
        (5, "2024-05-09", "-3.10", "CARTE BOULANGERIE", "", None, "EUR"),
        (6, "2024-05-12", "1025.00", "REMBOURSEMENT MUTUELLE", "", None, "EUR"),
    ]
    assert parsed.notes[0] == (
        "Column Date opération: Every date reads both as DD/MM/YYYY and as MM/DD/YYYY; chose DD/MM/YYYY "
        "because the amounts look European. Correct the mapping if that is wrong."
    )


def test_indian_export_with_padded_cells_two_digit_years_and_lakh_grouping():
    """An HDFC-style statement: cells padded with spaces, DD/MM/YY, Withdrawal/Deposit columns, a
    Narration column, a Value Dt column that is a date (not an amount), and 1,85,000.00 grouping."""
    parsed = parse_sample("in_savings_2024-04.csv")
    assert parsed.problems == []
    mapping = parsed.mapping
    assert (mapping.date_column, mapping.date_format) == ("Date", "%d/%m/%y")
    assert (mapping.amount_column, mapping.debit_column, mapping.credit_column) == (
        None, "Withdrawal Amt.", "Deposit Amt.")
    assert (mapping.payee_column, mapping.decimal_separator, mapping.thousands_separator) == (
        "Narration", ".", ",")
    assert rows(parsed.transactions) == [
        (2, "2024-04-01", "-1250.00", "UPI-SWIGGY-SWIGGY8@YBL-409112345678-PAYMENT", "", None, None),
        (3, "2024-04-02", "185000.00", "NEFT CR-ACME SOFTWARE PVT LTD-SALARY APR", "", None, None),
        (4, "2024-04-05", "-40.00", "UPI-CHAI POINT-CHAIPOINT@PAYTM-PAYMENT", "", None, None),
        (5, "2024-04-05", "-40.00", "UPI-CHAI POINT-CHAIPOINT@PAYTM-PAYMENT", "", None, None),
        (6, "2024-04-15", "-10000.00", "ATW-512345XXXXXX1234-S1AWMU12-MUMBAI", "", None, None),
        (7, "2024-04-30", "1021.50", "CREDIT INTEREST CAPITALISED", "", None, None),
    ]


def test_an_ambiguous_date_column_follows_the_accounts_currency_unless_the_amounts_are_european():
    american_amounts = b"Date,Amount,Payee\n01/02/2024,-3.50,Coffee\n03/04/2024,1.00,Refund\n"
    european_amounts = b"Datum;Betrag;Name\n01/02/2024;-3,50;Kaffee\n03/04/2024;1,00;Erstattung\n"
    assert detect_csv(american_amounts).mapping.date_format == "%m/%d/%Y"  # no account: as the amounts say
    assert detect_csv(american_amounts, "GBP").mapping.date_format == "%d/%m/%Y"
    assert detect_csv(american_amounts, "INR").mapping.date_format == "%d/%m/%Y"
    for currency in ("USD", "CAD"):
        assert detect_csv(american_amounts, currency).mapping.date_format == "%m/%d/%Y"
    assert detect_csv(european_amounts, "USD").mapping.date_format == "%d/%m/%Y"


def test_dutch_export_signs_unsigned_amounts_by_its_af_bij_column():
    parsed = parse_sample("nl_ing_2024-01.csv")
    assert parsed.problems == []
    assert parsed.mapping.direction_column == "Af Bij"
    assert [(t.occurred_on.isoformat(), str(t.amount), t.payee) for t in parsed.transactions] == [
        ("2024-01-29", "-1023.45", "Albert Heijn 1234 AMSTERDAM"),
        ("2024-01-25", "2850.00", "Werkgever BV"),
        ("2024-01-15", "-112.00", "Vattenfall Klantenservice"),
        ("2024-01-03", "-4.50", "Bakkerij de Jong"),
        ("2024-01-03", "-4.50", "Bakkerij de Jong"),
    ]
    assert "The Af Bij column says which way the money went" in parsed.notes[0]


def test_volksbank_export_reads_its_unnamed_s_h_column_and_skips_its_dated_balances():
    parsed = parse_sample("de_volksbank_2024-01.csv")
    assert parsed.problems == []
    assert parsed.mapping.direction_column == ""
    assert rows(parsed.transactions) == [
        (2, "2024-01-29", "-1086.00", "Stadtwerke Münster", "Lastschrift Abschlag Strom Januar", None, "EUR"),
        (3, "2024-01-25", "3245.18", "Arbeitgeber GmbH", "Gehalt Januar 2024", None, "EUR"),
        (4, "2024-01-03", "-4.35", "Bäckerei Müller", "Kartenzahlung", None, "EUR"),
    ]
    assert parsed.notes[0].startswith("Column 13, unnamed, says which way the money went")
    assert [note.split(":")[0] for note in parsed.notes[1:]] == [
        "line 6 skipped as a summary line", "line 7 skipped as a summary line"]


def test_a_direction_cell_that_says_neither_way_is_refused_with_its_column():
    content = "Datum;Bedrag;Af Bij\n02.01.2024;4,50;Af\n03.01.2024;2,00;Maybe\n".encode()
    parsed = parse_file(content, "odd.csv")
    assert [str(t.amount) for t in parsed.transactions] == ["-4.50"]
    assert [(p.line, p.column) for p in parsed.problems] == [(3, "Af Bij")]
    assert "is not a direction" in parsed.problems[0].reason


def test_a_debit_credit_column_holding_signed_amounts_is_the_amount():
    content = b"Date,Description,Debit/Credit\n2024-01-02,Coffee,-4.50\n2024-01-03,Refund,2.00\n"
    parsed = parse_file(content, "signed.csv")
    assert parsed.mapping.amount_column == "Debit/Credit" and parsed.mapping.direction_column is None
    assert [str(t.amount) for t in parsed.transactions] == ["-4.50", "2.00"]


def test_bank_of_america_export_skips_its_summary_and_its_dated_beginning_balance():
    name = "us_bofa_2024-01.csv"
    parsed = parse_file((DATA / name).read_bytes(), name, account_currency="USD")
    assert parsed.problems == []
    assert [(t.line, t.occurred_on.isoformat(), str(t.amount)) for t in parsed.transactions] == [
        (9, "2024-01-02", "-4.50"), (10, "2024-01-15", "2500.00"), (11, "2024-01-20", "-1200.00"),
    ]
    assert any(note.startswith("line 8 skipped as a summary line") for note in parsed.notes)


def test_chase_export_reads_its_description_not_its_details_column():
    parsed = parse_file((DATA / "us_chase_2024-01.csv").read_bytes(), "us_chase_2024-01.csv",
                        account_currency="USD")
    assert parsed.problems == []
    assert [t.payee for t in parsed.transactions] == [
        "AMAZON MKTPLACE PMTS AMZN.COM/BILL WA 01/30", "ACME CORP PAYROLL PPD ID: 1234567890", "CHECK 1042"]


def test_rbc_export_reads_the_currency_column_that_holds_amounts():
    name = "ca_rbc_2024-01.csv"
    parsed = parse_file((DATA / name).read_bytes(), name, account_currency="CAD")
    assert parsed.problems == []
    assert parsed.mapping.amount_column == "CAD$"
    assert [(t.occurred_on.isoformat(), str(t.amount)) for t in parsed.transactions] == [
        ("2024-01-02", "-3.25"), ("2024-01-15", "2100.00"), ("2024-01-20", "-120.55")]


def test_card_amounts_before_conversion_are_not_the_accounts_currency():
    content = (b'"Booking Date","Partner Name","Amount (EUR)","Original Amount","Original Currency"\n'
               b'"2024-01-02","Coffee NYC","-4.12","-4.50","USD"\n')
    parsed = parse_file(content, "n26.csv")
    assert parsed.mapping.currency_column is None and parsed.mapping.amount_column == "Amount (EUR)"
    assert [(str(t.amount), t.currency) for t in parsed.transactions] == [("-4.12", None)]


def test_headerless_exports_are_read_by_what_their_columns_hold():
    wells_fargo = parse_file((DATA / "us_wellsfargo_2024-01.csv").read_bytes(), "wf.csv",
                             account_currency="USD")
    commbank = parse_file((DATA / "au_commbank_2024-01.csv").read_bytes(), "cba.csv",
                          account_currency="AUD")

    assert wells_fargo.problems == [] and commbank.problems == []
    assert wells_fargo.mapping.header_line == 0
    assert (wells_fargo.mapping.date_column, wells_fargo.mapping.amount_column,
            wells_fargo.mapping.payee_column) == ("Column 1", "Column 2", "Column 5")
    assert rows(wells_fargo.transactions)[2] == (3, "2024-01-16", "-120.00", "CHECK # 1042", "", None, None)
    assert [(t.line, t.occurred_on.isoformat(), str(t.amount)) for t in commbank.transactions] == [
        (1, "2024-01-29", "-23.45"), (2, "2024-01-26", "2500.00"), (3, "2024-01-03", "-4.50")]
    assert commbank.notes[0].startswith("The file has no header line: its columns are numbered, Column 1")


def test_a_headerless_mapping_reads_the_first_line_as_a_row():
    mapping = CsvMapping(header_line=0, date_column="Column 1", amount_column="Column 2",
                         payee_column="Column 3")
    content = b"2024-01-02,-4.50,Coffee\n2024-01-03,oops,Tea\n"

    transactions, problems = [], []
    for row in iter_csv(content, mapping):
        (transactions if isinstance(row, ParsedTransaction) else problems).append(row)

    assert rows(transactions) == [(1, "2024-01-02", "-4.50", "Coffee", "", None, None)]
    assert [(p.line, p.column) for p in problems] == [(2, "Column 2")]


def test_lines_without_a_header_word_or_a_steady_shape_are_still_refused():
    content = b"hello world,42\nsomething else entirely\n"
    parsed = parse_file(content, "notes.csv")
    assert parsed.transactions == [] and "no header line found" in parsed.problems[0].reason


def test_revolut_rows_not_booked_are_marked_for_skipping_and_fees_come_off_the_amount():
    parsed = parse_sample("revolut_2024-01.csv")
    assert parsed.problems == []
    assert (parsed.mapping.status_column, parsed.mapping.fee_column) == ("State", "Fee")
    assert [(t.payee, str(t.amount), t.not_booked) for t in parsed.transactions] == [
        ("Pret A Manger", "-4.50", None), ("Zara Online", "-59.95", "REVERTED"),
        ("Cash at Marktplatz ATM", "-202.00", None), ("Top-Up by *1234", "2500.00", None),
        ("Uber *Trip", "-18.40", "PENDING"),
    ]


def test_a_fee_column_the_balances_show_inside_the_amount_is_not_taken_off_again():
    content = (b"Date,Name,Gross,Fee,Net,Balance\n2024-01-02,Shop,-4.50,0.00,-4.50,995.50\n"
               b"2024-01-15,Client,100.00,-3.20,96.80,1092.30\n")
    parsed = parse_file(content, "paypal.csv")
    assert (parsed.mapping.amount_column, parsed.mapping.fee_column) == ("Net", None)
    assert [str(t.amount) for t in parsed.transactions] == ["-4.50", "96.80"]


def test_a_card_export_showing_spending_as_positive_gets_a_hint_to_negate():
    parsed = parse_file((DATA / "us_amex_2024-01.csv").read_bytes(), "amex.csv", account_currency="USD")
    assert [str(t.amount) for t in parsed.transactions][:2] == ["82.14", "-1200.00"]
    assert any(note.startswith("Most amounts in the Amount column are positive") for note in parsed.notes)
    assert not any("Most amounts" in note for note in parse_sample("us_checking_2024-01.csv").notes)


def test_a_mint_export_signs_its_unsigned_amounts_by_the_transaction_type():
    parsed = parse_file((DATA / "us_mint_2024-01.csv").read_bytes(), "mint.csv", account_currency="USD")
    assert parsed.problems == []
    mapping = parsed.mapping
    assert (mapping.direction_column, mapping.payee_column) == ("Transaction Type", "Description")
    assert [(t.occurred_on.isoformat(), str(t.amount), t.payee) for t in parsed.transactions] == [
        ("2024-01-29", "-23.45", "Amazon"), ("2024-01-26", "2500.00", "ACME Corp"),
        ("2024-01-16", "-120.00", "Check 1042"),
    ]


def test_a_type_column_that_holds_no_direction_is_neither_direction_nor_amount():
    content = (b"Date,Type,Description,Debit,Credit\n2024-01-02,Sale,Coffee,4.50,\n"
               b"2024-01-03,Payment,Card,,50.00\n")
    parsed = parse_file(content, "card.csv")
    assert (parsed.mapping.direction_column, parsed.mapping.amount_column) == (None, None)
    assert [str(t.amount) for t in parsed.transactions] == ["-4.50", "50.00"]


def test_the_currency_written_beside_amounts_or_in_their_header_is_the_files():
    def currency(content: bytes) -> str | None:
        return detect_csv(content).currency

    assert currency(b"Date;Text;Amount\n2024-01-02;A;-4,50 PLN\n2024-01-03;B;1 200,00 PLN\n") == "PLN"
    assert currency(b"Date,Text,Amount (EUR)\n2024-01-02,A,-4.50\n") == "EUR"
    assert currency(b"Date,Text,Paid out\n02/01/2024,A,\xc2\xa34.50\n") == "GBP"
    assert currency(b"Date,Text,Amount\n2024-01-02,A,-4.50\n") is None
    assert currency(b"Date,Text,Amount,Currency\n2024-01-02,A,-4.50 EUR,EUR\n") is None  # the column says
    assert currency(b"Date,Text,Amount\n2024-01-02,A,-4.50 EUR\n2024-01-03,B,2.00 USD\n") is None


def test_an_id_column_that_repeats_its_values_is_not_taken_for_transaction_ids():
    content = b"Date,ID,Description,Amount\n2024-01-02,ACC-1,Coffee,-4.50\n2024-01-03,ACC-1,Tea,-3.00\n"
    detection = detect_csv(content)
    assert detection.mapping.external_id_column is None
    assert any(note.startswith("The ID column repeats its values") for note in detection.notes)
    assert detect_csv(b"Date,ID,Description,Amount\n2024-01-02,T1,Coffee,-4.50\n2024-01-03,T2,Tea,-3.00\n"
                      ).mapping.external_id_column == "ID"


def test_nordea_export_reads_swedish_headers_slash_dates_and_space_grouping():
    """Nordea SE: cp1252, YYYY/MM/DD, "-1 234,56"; Avsändare and Mottagare are account numbers, and
    card purchases leave Namn empty (the importer then takes the Rubrik as the payee)."""
    parsed = parse_sample("se_nordea_2024-01.csv")
    assert parsed.problems == []
    mapping = parsed.mapping
    assert (mapping.date_column, mapping.date_format) == ("Bokföringsdag", "%Y/%m/%d")
    assert mapping.amount_column == "Belopp"
    assert (mapping.payee_column, mapping.description_column) == ("Namn", "Rubrik")
    assert (mapping.decimal_separator, mapping.thousands_separator) == (",", " ")
    assert mapping.currency_column == "Valuta"  # a value date in German files, the currency here
    assert rows(parsed.transactions)[:3] == [
        (2, "2024-01-29", "-1234.56", "", "Kortköp 240127 ICA Kvantum Liljeholmen", None, "SEK"),
        (3, "2024-01-25", "28500.00", "Acme Sverige AB", "Lön januari", None, "SEK"),
        (4, "2024-01-22", "-9800.00", "Bostadsrättsföreningen Hornet", "Avgift februari", None, "SEK"),
    ]


def test_danske_bank_export_skips_what_its_status_says_is_waiting():
    parsed = parse_sample("dk_danske_2024-01.csv")
    assert parsed.problems == []
    assert (parsed.mapping.amount_column, parsed.mapping.status_column) == ("Beløb", "Status")
    read = [(t.occurred_on.isoformat(), str(t.amount), t.payee, t.not_booked) for t in parsed.transactions]
    assert read == [
        ("2024-01-02", "-234.50", "Netto København", None),
        ("2024-01-05", "25000.00", "Løn Acme ApS", None),
        ("2024-01-08", "-9850.00", "Husleje januar", None),
        ("2024-01-31", "-50.00", "Irma Vesterbro", "Venter"),
    ]


def test_dnb_export_reads_its_withdrawal_and_deposit_columns_despite_the_word_account():
    parsed = parse_sample("no_dnb_2024-01.csv")
    assert parsed.problems == []
    mapping = parsed.mapping
    assert (mapping.debit_column, mapping.credit_column) == ("Uttak fra konto", "Innskudd på konto")
    assert [(t.occurred_on.isoformat(), str(t.amount)) for t in parsed.transactions] == [
        ("2024-01-15", "-234.50"), ("2024-01-12", "32000.00"), ("2024-01-05", "-12500.00"),
    ]


def test_op_export_reads_finnish_headers_and_its_archive_ids():
    parsed = parse_sample("fi_op_2024-01.csv")
    assert parsed.problems == []
    assert parsed.mapping.external_id_column == "Arkistointitunnus"
    assert rows(parsed.transactions) == [
        (2, "2024-01-02", "-23.45", "K-MARKET KALLIO", "KORTTIOSTO", "20240102593497HNB3", None),
        (3, "2024-01-15", "2850.00", "ACME OY", "PALKKA", "20240115593495VYA1", None),
        (4, "2024-01-15", "-23.45", "K-MARKET KALLIO", "KORTTIOSTO", "20240115593499HNB7", None),
    ]


def test_mbank_export_in_cp1250_reads_polish_letters_after_its_preamble():
    parsed = parse_file((DATA / "pl_mbank_2024-01.csv").read_bytes(), "pl_mbank_2024-01.csv")
    assert parsed.problems == []
    assert (parsed.mapping.encoding, parsed.mapping.header_line, parsed.currency) == ("cp1250", 14, "PLN")
    assert [(t.occurred_on.isoformat(), str(t.amount), t.payee) for t in parsed.transactions] == [
        ("2024-01-30", "-23.47", "ŻABKA Z1234 K.1 ŁÓDŹ"),
        ("2024-01-25", "7250.00", "WYNAGRODZENIE ZA STYCZEŃ ACME SP. Z O.O."),
        ("2024-01-10", "-1234.56", "CZYNSZ - SPÓŁDZIELNIA MIESZKANIOWA"),
    ]


def test_fio_export_in_cp1250_is_read_so_for_an_account_in_koruna():
    """Czech letters are letters in cp1252 too (č is è, ř is ø): the account's currency decides."""
    content = (DATA / "cz_fio_2024-01.csv").read_bytes()
    parsed = parse_file(content, "cz_fio_2024-01.csv", account_currency="CZK")
    assert parsed.problems == []
    mapping = parsed.mapping
    assert (mapping.encoding, mapping.amount_column, mapping.currency_column) == ("cp1250", "Objem", "Měna")
    assert (mapping.payee_column, mapping.description_column) == ("Název protiúčtu", "Poznámka")
    assert rows(parsed.transactions) == [
        (11, "2024-01-02", "-245.50", "", "Nákup: ALBERT Říčany", "26012345678", "CZK"),
        (12, "2024-01-05", "45000.00", "ACME s.r.o.", "Mzda leden", "26012345679", "CZK"),
    ]


def test_excel_text_protected_cells_are_read_as_the_spreadsheet_shows_them():
    """Some banks write `="01/15/2024"` so that Excel keeps dates and leading zeros as text."""
    with_header = b'Date,Reference,Description,Amount\n="01/15/2024",="00012345",STARBUCKS,="-4.50"\n'
    headerless = (b'="01/15/2024",="-4.50",="*",="",="CHECK CRD PURCHASE STARBUCKS"\n'
                  b'="01/16/2024",="1500.00",="*",="",="PAYROLL"\n')
    first = parse_file(with_header, "export.csv")
    second = parse_file(headerless, "export.csv")
    assert first.problems == [] and second.problems == []
    assert rows(first.transactions) == [(2, "2024-01-15", "-4.50", "STARBUCKS", "", None, None)]
    assert [(t.occurred_on.isoformat(), str(t.amount), t.payee) for t in second.transactions] == [
        ("2024-01-15", "-4.50", "CHECK CRD PURCHASE STARBUCKS"), ("2024-01-16", "1500.00", "PAYROLL"),
    ]


def test_a_header_repeated_between_rows_is_skipped_and_named():
    """Two monthly exports put one after the other (`cat jan.csv feb.csv`) repeat the header."""
    parsed = parse_file(b"Date,Description,Amount\n2024-01-15,Coffee,-4.50\nDate,Description,Amount\n"
                        b"2024-02-16,Salary,1500.00\n", "export.csv")
    assert parsed.problems == []
    assert [(t.line, str(t.amount)) for t in parsed.transactions] == [(2, "-4.50"), (4, "1500.00")]
    assert "line 3 repeats the header (exports put one after another): skipped" in parsed.notes


def test_hungarian_romanian_and_turkish_headers_are_read():
    """OTP (HU), Banca Transilvania (RO, whose Valuta is the currency) and a Turkish bank."""
    hungarian = parse_file(("Könyvelés dátuma;Értéknap;Összeg;Devizanem;Partner neve;Közlemény\n"
                            "2024.01.02;2024.01.02;-12 345;HUF;SPAR Budapest;Kártyatranzakció\n").encode(),
                           "otp.csv")
    romanian = parse_file(b'Data tranzactie,Descriere,Debit,Credit,Sold,Valuta\n'
                          b'02/01/2024,"Plata POS KAUFLAND","123,45",,"1.876,55",RON\n', "bt.csv")
    turkish = parse_file(("Tarih;Açıklama;Tutar;Bakiye;Dekont No\n"
                          "02.01.2024;MIGROS ISTANBUL;-245,50;10.000,00;1234567\n").encode(), "hesap.csv")
    assert [rows(parsed.transactions) for parsed in (hungarian, romanian, turkish)] == [
        [(2, "2024-01-02", "-12345", "SPAR Budapest", "Kártyatranzakció", None, "HUF")],
        [(2, "2024-01-02", "-123.45", "Plata POS KAUFLAND", "", None, "RON")],
        [(2, "2024-01-02", "-245.50", "MIGROS ISTANBUL", "", "1234567", None)],
    ]
