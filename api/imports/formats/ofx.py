"""OFX 1.x (SGML), OFX 2.x (XML) and QFX statements, read with ofxtools one transaction at a time.

ofxtools tokenizes with its own regular expressions (no XML parser runs, so entity expansion and
external entities cannot happen) and validates each STMTTRN; converting transactions one by one
instead of the whole document means one bad transaction is one problem, not a refused file.
Dates are taken as written (ofxtools would move a late-evening EST time into the next UTC day).
Amounts are read in the number format the file's amounts show, as in CSV: Brazilian banks write
`-1.234,56`, which ofxtools refuses.

What banks write around the transactions is read leniently, as long as the money is clear: the
header ofxtools would refuse (no CHARSET line, `8859-1`, a BOM before `<?xml`, the header inside a
comment) is replaced by a plain one, the body decoded as its bytes show (Brazilian banks declare
1252 and write UTF-8); fields this app does not read (CHECKNUM, REFNUM…) are not validated, and a
TRNTYPE outside the spec (Caixa's `C` and `D`) reads as OTHER: the amount's sign says the direction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
import dataclasses
import io
import re
from datetime import date
from typing import TYPE_CHECKING

from api.imports.formats.amounts import AmountError, AmountParser, amount_parser_for
from api.imports.formats.text_encoding import detect_encoding
from api.imports.parsed import ParsedFile, ParsedTransaction, RowProblem
from api.errors import InvalidInput
from api.money import validate_currency

if TYPE_CHECKING:
    # Only the type of the tree ofxtools builds with its own tokenizer; no XML parser is used.
    from xml.etree.ElementTree import Element  # nosec B405

# What ofxtools raises for malformed input: SyntaxError covers its ParseError and OFXHeaderError,
# ValueError its OFXSpecError and decoding errors, ArithmeticError decimal.InvalidOperation; the rest
# come from its tree building on odd input.
OFX_ERRORS = (SyntaxError, ValueError, ArithmeticError, TypeError, KeyError, IndexError, AttributeError,
              AssertionError)
STATEMENT_TAGS = ("STMTRS", "CCSTMTRS")
_TRANSACTION_START = re.compile(r"<STMTTRN>", re.IGNORECASE)
_BODY_START = re.compile(r"<OFX>", re.IGNORECASE)
# A header ofxtools reads, for the body in UTF-8 that follows it (the original header's version,
# charset and file ids change nothing in how transactions read).
_PLAIN_HEADER = (b"OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:UTF-8\r\n"
                 b"CHARSET:NONE\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n")
# The parts of a STMTTRN read here; the others (CHECKNUM, REFNUM, SIC, DTUSER…) are left out before
# ofxtools validates it, so that a bank's 14-digit CHECKNUM does not refuse the transaction.
_FIELDS_READ = frozenset({"TRNTYPE", "DTPOSTED", "TRNAMT", "FITID", "NAME", "PAYEE", "MEMO", "CURRENCY",
                          "ORIGCURRENCY"})
_DATE_AS_WRITTEN = re.compile(r"\s*(\d{4})(\d{2})(\d{2})")
# Data elements left empty: in SGML an empty <MEMO> reads as the start of an aggregate and makes
# ofxtools report a misleading error far away, so they are dropped before parsing.
# A CDATA section (`<NAME><![CDATA[…]]>`) is a value, not the next element.
_EMPTY_ELEMENT = re.compile(
    rb"<(MEMO|NAME|FITID|CHECKNUM|REFNUM|PAYEEID|EXTDNAME|SIC|SRVRTID)>[ \t]*(?:</\1>)?(?=\s*<[/A-Za-z])")
_FIELDS_BEFORE_FITID = ("TRNTYPE", "DTPOSTED", "DTUSER", "DTAVAIL", "TRNAMT")


def parse_ofx(content: bytes, account_currency: str | None = None) -> ParsedFile:
    """Parse an OFX or QFX file: each bank or credit card STMTTRN becomes a transaction or a problem; the
    account's currency settles the code page of a file that is not UTF-8."""
    if not content.strip():
        return _refused(1, "the file is empty")
    text = content.decode(detect_encoding(content, account_currency), errors="replace")
    if "</OFX>" not in text[-4096:].upper():
        return _refused(_line_count(text), "the OFX file is truncated: it does not end with </OFX>")
    body = _BODY_START.search(text)
    if body is None:
        return _refused(1, "not a readable OFX file: no <OFX> element")
    # Imported here, not at start-up: ofxtools and the requests it pulls in would keep about 9 MB in
    # the server whether or not anyone imports an OFX file.
    from ofxtools.Parser import OFXTree

    tree = OFXTree()
    try:
        # parse() returns the root it stashes; getroot() would type it as Optional.
        root = tree.parse(io.BytesIO(_PLAIN_HEADER + _EMPTY_ELEMENT.sub(b"", text[body.start():].encode())))
    except OFX_ERRORS as error:
        return _refused(1, f"not a readable OFX file: {_first_line(error)}")
    statements = [element for element in root.iter() if element.tag in STATEMENT_TAGS]
    if not statements:
        return _refused(1, "no bank or credit card statement in the file "
                           "(investment statements are not read)")
    accounts = dict(_account_of(statement) for statement in statements)
    if len(accounts) > 1:
        return _refused(1, f"the file holds the statements of {len(accounts)} accounts "
                           f"({', '.join(accounts.values())}): import them one at a time, each into its own "
                           "account (most banks export one account per file when asked)")
    starts = dict(zip(map(id, root.iter("STMTTRN")), _transaction_lines(text)))
    parse_amount = amount_parser_for(element.findtext("TRNAMT") or "" for element in root.iter("STMTTRN"))
    notes: list[str] = []
    currencies = [_statement_currency(statement, notes) for statement in statements]
    result = ParsedFile(format="ofx", currency=currencies[0] if len(set(currencies)) == 1 else None,
                        notes=list(dict.fromkeys(notes)))
    rows = [_transaction(element, starts.get(id(element), 1), currency, parse_amount, result.notes)
            for statement, currency in zip(statements, currencies) for element in statement.iter("STMTTRN")]
    for row in _without_repeated_ids(rows, result.notes):
        if isinstance(row, ParsedTransaction):
            result.transactions.append(row)
        else:
            result.problems.append(row)
    if not result.transactions and not result.problems:
        result.problems.append(RowProblem(1, None, "the statement holds no transactions"))
    return result


def _statement_currency(statement: Element, notes: list[str]) -> str | None:
    """The statement's CURDEF, unless it is no ISO 4217 code (Santander Brasil writes `BRC` for reais):
    then the amounts are taken in the account's currency, and a note says so."""
    written = (statement.findtext("CURDEF") or "").strip().upper()
    if not written:
        return None
    try:
        return validate_currency(written, "CURDEF")
    except InvalidInput:
        notes.append(f"CURDEF {written[:10]!r} is not an ISO 4217 currency code: the amounts are taken in "
                     "the account's currency")
        return None


def _without_repeated_ids(
    rows: list[ParsedTransaction | RowProblem], notes: list[str]
) -> Iterator[ParsedTransaction | RowProblem]:
    """Every row, a FITID given to several transactions taken off all of them: banks reuse ids (Chase
    gives a foreign fee its purchase's FITID, Caixa writes `000000` for every tax), so those rows are
    matched by content instead, where two identical purchases on one day stay two."""
    counts = Counter(row.external_id for row in rows if isinstance(row, ParsedTransaction))
    for row in rows:
        if isinstance(row, ParsedTransaction) and row.external_id is not None and counts[row.external_id] > 1:
            notes.append(f"line {row.line}: FITID {row.external_id!r} is given to {counts[row.external_id]} "
                         "transactions; duplicates are found by content")
            row = dataclasses.replace(row, external_id=None)
        yield row


def _transaction(element: Element, line: int, currency: str | None, parse_amount: AmountParser,
                 notes: list[str]) -> ParsedTransaction | RowProblem:
    """Validate one STMTTRN with ofxtools and read it, the date as written."""
    from ofxtools.models.base import Aggregate  # on first use, as in parse_ofx

    posted = element.findtext("DTPOSTED") or ""
    match = _DATE_AS_WRITTEN.match(posted)
    if match is None:
        return RowProblem(line, "DTPOSTED", f"{posted.strip()[:40]!r} is not an OFX date")
    amount = element.find("TRNAMT")
    try:
        if amount is None or amount.text is None:
            raise AmountError("")
        amount.text = str(parse_amount(amount.text))  # as ofxtools reads it: -1234.56
    except AmountError:
        written = "" if amount is None else (amount.text or "")
        return RowProblem(line, "TRNAMT", f"{written.strip()[:40]!r} is not an amount")
    has_fitid = bool((element.findtext("FITID") or "").strip())
    if not has_fitid:
        # ofxtools refuses a transaction without FITID; the bank's data is still good, so it is read
        # with a stand-in id and matched by content instead.
        _insert_placeholder_fitid(element)
        notes.append(f"line {line}: the transaction has no FITID; duplicates are found by content")
    _leave_out_unread_fields(element)
    try:
        model = Aggregate.from_etree(element)
        occurred_on = date(*map(int, match.groups()))
    except OFX_ERRORS as error:
        return RowProblem(line, None, f"invalid transaction: {_first_line(error)}")
    payee = model.name or (model.payee.name if model.payee is not None else "") or ""
    if model.currency is not None:
        currency = model.currency.cursym  # the amount is in this currency (ORIGCURRENCY: converted already)
    return ParsedTransaction(
        line=line,
        occurred_on=occurred_on,
        amount=model.trnamt,
        payee=" ".join(payee.split()),
        description=" ".join((model.memo or "").split()),
        external_id=model.fitid.strip() if has_fitid else None,
        currency=currency,
    )


def _leave_out_unread_fields(element: Element) -> None:
    """Drop what is not read here, and give a TRNTYPE outside the spec the spec's OTHER."""
    from ofxtools.models.bank.stmt import TRNTYPES  # on first use, as in parse_ofx

    for child in list(element):
        if child.tag not in _FIELDS_READ:
            element.remove(child)
        elif child.tag == "TRNTYPE" and (child.text or "").strip().upper() not in TRNTYPES:
            child.text = "OTHER"


def _insert_placeholder_fitid(element: Element) -> None:
    """Put a FITID where the OFX element order expects it (after TRNAMT)."""
    before = [index for index, child in enumerate(element) if child.tag in _FIELDS_BEFORE_FITID]
    position = before[-1] + 1 if before else 0
    placeholder = element.makeelement("FITID", {})
    placeholder.text = "none"
    element.insert(position, placeholder)


def _transaction_lines(text: str) -> list[int]:
    """The 1-based line of each <STMTTRN> in file order (the tree does not keep positions)."""
    newline = "\n" if "\n" in text else "\r"
    lines: list[int] = []
    line, position = 1, 0
    for match in _TRANSACTION_START.finditer(text):
        line += text.count(newline, position, match.start())
        position = match.start()
        lines.append(line)
    return lines


def _line_count(text: str) -> int:
    newline = "\n" if "\n" in text else "\r"
    return text.rstrip().count(newline) + 1


def _first_line(error: BaseException) -> str:
    """ofxtools puts whole header dumps in messages; the first line says enough."""
    message = str(error).strip().splitlines()
    return message[0][:200] if message else error.__class__.__name__


def _account_of(statement: Element) -> tuple[tuple[str, str], str]:
    """A statement's account: its kind and number, and how the user knows it (the number's last digits)."""
    number = statement.findtext("BANKACCTFROM/ACCTID") or statement.findtext("CCACCTFROM/ACCTID") or ""
    number = number.strip()
    kind = (statement.findtext("BANKACCTFROM/ACCTTYPE") or "").strip().lower() or (
        "credit card" if statement.find("CCACCTFROM") is not None else "account")
    return (kind, number), f"{kind} …{number[-4:]}" if number else kind


def _refused(line: int, reason: str) -> ParsedFile:
    return ParsedFile(format="ofx", problems=[RowProblem(line, None, reason)])
