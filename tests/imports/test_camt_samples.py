"""ISO 20022 camt.053 statements: every entry of a German bank's statement, both schema generations,
and what is refused (several accounts, broken or hostile XML)."""

from __future__ import annotations

from pathlib import Path

from api.imports.formats import detect_format, parse_file
from api.imports.parsed import ParsedTransaction, RowProblem

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"
SAMPLE = (DATA / "de_camt053_2024-02.xml").read_bytes()
NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"


def rows(transactions: list[ParsedTransaction]) -> list[tuple]:
    """Each transaction as (line, ISO date, exact amount, payee, description, bank reference, not booked)."""
    return [(t.line, t.occurred_on.isoformat(), str(t.amount), t.payee, t.description, t.external_id,
             t.not_booked) for t in transactions]


def statement(*entries: str, iban: str = "DE89370400440532013000") -> bytes:
    """A camt.053.001.08 document of one statement of the account with these entries."""
    return (f'<?xml version="1.0"?><Document xmlns="{NAMESPACE}"><BkToCstmrStmt><Stmt>'
            f"<Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>{''.join(entries)}</Stmt>"
            "</BkToCstmrStmt></Document>").encode()


def entry(amount: str = "10.00", direction: str = "DBIT", status: str = "<Sts><Cd>BOOK</Cd></Sts>",
          booked: str = "<BookgDt><DtTm>2024-03-04T10:15:00+01:00</DtTm></BookgDt>",
          reference: str = "REF-1", details: str = "") -> str:
    return (f'<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{direction}</CdtDbtInd>{status}{booked}'
            f"<AcctSvcrRef>{reference}</AcctSvcrRef><NtryDtls><TxDtls>{details}</TxDtls></NtryDtls></Ntry>")


def test_a_german_banks_statement_reads_every_entry_with_its_party_remittance_and_reference():
    parsed = parse_file(SAMPLE, "statement.xml")
    assert (parsed.format, parsed.currency, parsed.problems, parsed.notes) == ("camt", "EUR", [], [])
    assert rows(parsed.transactions) == [
        (31, "2024-02-01", "-1250.00", "Hausverwaltung Weiß GmbH", "Miete Februar 2024 Whg. 3 OG links",
         "2024020100012345", None),
        # Two identical card payments on one day: the bank's references tell them apart.
        (52, "2024-02-05", "-4.35", "BAECKEREI MUELLER//KOELN/DE", "2024-02-03T07:41 Debitk.1 2026-12",
         "2024020500023456", None),
        (69, "2024-02-05", "-4.35", "BAECKEREI MUELLER//KOELN/DE", "2024-02-03T07:41 Debitk.1 2026-12",
         "2024020500023457", None),
        # Money in: the debtor pays; NONREF on the entry, the reference is its transaction's.
        (86, "2024-02-27", "3245.18", "Arbeitgeber GmbH", "Gehalt Februar 2024", "2024022700034567", None),
        # A batch of two direct debits is one entry of their total, as on the statement.
        (105, "2024-02-28", "-86.40", "Stadtwerke Köln", "Abschlag Strom Februar Abschlag Gas Februar",
         "2024022800045678", None),
        (125, "2024-02-29", "-12.99", "", "KARTENZAHLUNG VORGEMERKT", "2024022900056789", "pending"),
    ]


def test_the_newer_schema_nests_party_names_and_status_codes():
    details = ("<RltdPties><Dbtr><Pty><Nm>ACME AG</Nm></Pty></Dbtr></RltdPties>"
               "<RmtInf><Ustrd>Lohn März</Ustrd></RmtInf>")
    parsed = parse_file(statement(entry("2500.00", "CRDT", details=details),
                                  entry(status="<Sts><Cd>INFO</Cd></Sts>", reference="REF-2")), "camt.xml")
    assert [(t.occurred_on.isoformat(), str(t.amount), t.payee, t.description, t.not_booked)
            for t in parsed.transactions] == [
        ("2024-03-04", "2500.00", "ACME AG", "Lohn März", None),
        ("2024-03-04", "-10.00", "", "", "for information only"),
    ]


def test_references_that_repeat_in_the_file_are_dropped_for_content_matching():
    twice = statement(entry(reference="SAME"), entry(amount="2.00", reference="SAME"))
    parsed = parse_file(twice, "camt.xml")
    assert [t.external_id for t in parsed.transactions] == [None, None]
    assert parsed.notes == ["1 bank reference(s) repeat in the file (such as 'SAME'): those entries are "
                            "matched by date, amount and text instead"]


def test_an_entry_without_a_date_or_a_readable_amount_is_refused_with_its_element():
    parsed = parse_file(statement(entry(booked=""), entry(amount="12,50"), entry(direction="X")), "camt.xml")
    assert parsed.transactions == []
    assert [(problem.column, problem.reason) for problem in parsed.problems] == [
        ("BookgDt", "'' is not a date"),
        ("Amt", "'12,50' is not an amount"),
        ("CdtDbtInd", "'X' is neither credit (CRDT) nor debit (DBIT)"),
    ]


def test_statements_of_several_accounts_are_refused():
    two = statement(entry()).replace(b"</Stmt>", b"</Stmt><Stmt><Acct><Id><IBAN>DE02120300000000202051</IBAN>"
                                                 b"</Id></Acct>" + entry().encode() + b"</Stmt>", 1)
    parsed = parse_file(two, "camt.xml")
    assert parsed.transactions == []
    assert parsed.problems == [RowProblem(
        1, None, "the file holds the statements of 2 accounts (…2051, …3000): import them one at a time, "
                 "each into its own account")]


def test_broken_or_hostile_xml_is_refused_without_expanding_anything():
    truncated = SAMPLE[: len(SAMPLE) // 2]
    entities = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><x>&b;</x></Document>')
    for content in (truncated, entities):
        parsed = parse_file(content, "statement.xml")
        assert parsed.transactions == []
        assert parsed.problems[0].reason.startswith("not a readable ISO 20022 (camt) file")


def test_camt_files_are_recognised_by_their_namespace_or_their_extension():
    assert detect_format(SAMPLE, "export.dat") == "camt"
    assert detect_format(b"<Document/>", "statement.XML") == "camt"
    assert detect_format(b"Date,Amount\n", "export.csv") == "csv"
