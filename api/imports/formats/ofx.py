"""OFX 1.x (SGML), OFX 2.x (XML) and QFX statements, read with ofxtools one transaction at a time.

ofxtools tokenizes with its own regular expressions (no XML parser runs, so entity expansion and
external entities cannot happen) and validates each STMTTRN; converting transactions one by one
instead of the whole document means one bad transaction is one problem, not a refused file.
Dates are taken as written (ofxtools would move a late-evening EST time into the next UTC day).
Amounts are read in the number format the file's amounts show, as in CSV: Brazilian banks write
`-1.234,56`, which ofxtools refuses.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import TYPE_CHECKING

from api.imports.formats.amounts import AmountError, AmountParser, amount_parser_for
from api.imports.parsed import ParsedFile, ParsedTransaction, RowProblem

if TYPE_CHECKING:
    # Only the type of the tree ofxtools builds with its own tokenizer; no XML parser is used.
    from xml.etree.ElementTree import Element  # nosec B405

# What ofxtools raises for malformed input: SyntaxError covers its ParseError and OFXHeaderError,
# ValueError its OFXSpecError and decoding errors, ArithmeticError decimal.InvalidOperation; the rest
# come from its tree building on odd input.
OFX_ERRORS = (SyntaxError, ValueError, ArithmeticError, TypeError, KeyError, IndexError, AttributeError,
              AssertionError)
STATEMENT_TAGS = ("STMTRS", "CCSTMTRS")
_TRANSACTION_START = re.compile(rb"<STMTTRN>")
_DATE_AS_WRITTEN = re.compile(r"\s*(\d{4})(\d{2})(\d{2})")
# Data elements left empty: in SGML an empty <MEMO> reads as the start of an aggregate and makes
# ofxtools report a misleading error far away, so they are dropped before parsing.
_EMPTY_ELEMENT = re.compile(
    rb"<(MEMO|NAME|CHECKNUM|REFNUM|PAYEEID|EXTDNAME|SIC|SRVRTID)>[ \t]*(?:</\1>)?(?=\s*<)")
_FIELDS_BEFORE_FITID = ("TRNTYPE", "DTPOSTED", "DTUSER", "DTAVAIL", "TRNAMT")


def parse_ofx(content: bytes) -> ParsedFile:
    """Parse an OFX or QFX file: each bank or credit card STMTTRN becomes a transaction or a problem."""
    if not content.strip():
        return _refused(1, "the file is empty")
    if b"</OFX>" not in content[-4096:].upper():
        return _refused(_line_count(content), "the OFX file is truncated: it does not end with </OFX>")
    # Imported here, not at start-up: ofxtools and the requests it pulls in would keep about 9 MB in
    # the server whether or not anyone imports an OFX file.
    from ofxtools.Parser import OFXTree

    tree = OFXTree()
    try:
        # parse() returns the root it stashes; getroot() would type it as Optional.
        root = tree.parse(io.BytesIO(_EMPTY_ELEMENT.sub(b"", content)))
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
    starts = dict(zip(map(id, root.iter("STMTTRN")), _transaction_lines(content)))
    parse_amount = amount_parser_for(element.findtext("TRNAMT") or "" for element in root.iter("STMTTRN"))
    currencies = {(statement.findtext("CURDEF") or "").strip().upper() or None for statement in statements}
    result = ParsedFile(format="ofx", currency=currencies.pop() if len(currencies) == 1 else None)
    first_line_of: dict[str, int] = {}
    for statement in statements:
        currency = (statement.findtext("CURDEF") or "").strip().upper() or None
        for element in statement.iter("STMTTRN"):
            line = starts.get(id(element), 1)
            row = _transaction(element, line, currency, parse_amount, result.notes)
            if isinstance(row, ParsedTransaction) and row.external_id is not None:
                first = first_line_of.setdefault(row.external_id, line)
                if first != line:
                    reason = f"FITID {row.external_id!r} repeats the transaction on line {first}"
                    row = RowProblem(line, "FITID", reason)
            if isinstance(row, ParsedTransaction):
                result.transactions.append(row)
            else:
                result.problems.append(row)
    if not result.transactions and not result.problems:
        result.problems.append(RowProblem(1, None, "the statement holds no transactions"))
    return result


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


def _insert_placeholder_fitid(element: Element) -> None:
    """Put a FITID where the OFX element order expects it (after TRNAMT)."""
    before = [index for index, child in enumerate(element) if child.tag in _FIELDS_BEFORE_FITID]
    position = before[-1] + 1 if before else 0
    placeholder = element.makeelement("FITID", {})
    placeholder.text = "none"
    element.insert(position, placeholder)


def _transaction_lines(content: bytes) -> list[int]:
    """The 1-based line of each <STMTTRN> in file order (the tree does not keep positions)."""
    newline = b"\n" if b"\n" in content else b"\r"
    lines: list[int] = []
    line, position = 1, 0
    for match in _TRANSACTION_START.finditer(content):
        line += content.count(newline, position, match.start())
        position = match.start()
        lines.append(line)
    return lines


def _line_count(content: bytes) -> int:
    newline = b"\n" if b"\n" in content else b"\r"
    return content.rstrip().count(newline) + 1


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
