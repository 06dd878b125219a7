"""ISO 20022 account statements (camt.053, and the camt.052 and .054 reports), as European banks export them.

Read with defusedxml, which refuses entity expansion and external entities. Each entry (`Ntry`) is one
transaction: its booking date (else its value date), its amount signed by `CdtDbtInd`, the bank's
reference (`AcctSvcrRef`) as its id, the other party as the payee (the creditor of money out, the
debtor of money in) and the remittance information as the description. An entry the bank has not
booked (status PDNG or INFO) is skipped like a pending CSV row. An entry that books several
transactions at once (a batch of direct debits) stays one transaction of its total, as on the statement.
Every version of the schema is read alike: elements are found by their local names.

Banks that deliver statements over EBICS (C53, C52, C54) hand them out as a ZIP of camt files, often one
per day: such an archive is read as its files one after the other, lines counted on through them.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections import Counter
from collections.abc import Iterator
from datetime import date
from itertools import chain, repeat
from decimal import Decimal
from typing import TYPE_CHECKING

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from api.imports.formats.workbooks import ZIP_MAGIC
from api.imports.parsed import ParsedFile, ParsedTransaction, RowProblem

if TYPE_CHECKING:
    # The type only; defusedxml parses.
    from xml.etree.ElementTree import Element  # nosec B405

FORMAT = "camt"
STATEMENT_TAGS = ("Stmt", "Rpt", "Ntfctn")
MARKER = re.compile(rb"urn:iso:std:iso:20022:tech:xsd:camt\.05[234]")
_ENTRY_START = re.compile(rb"<(?:[\w.-]+:)?Ntry[\s>]")
_NOT_BOOKED = {"PDNG": "pending", "INFO": "for information only"}
# Placeholders banks write where a reference is required and they have none.
_NO_REFERENCE = frozenset({"", "NONREF", "NOTPROVIDED", "NOT PROVIDED", "NONE"})
_AMOUNT = re.compile(r"\d+(?:\.\d+)?")
# Where an Office Open XML workbook keeps its parts: a ZIP whose first file is one of them is a workbook.
_WORKBOOK_PARTS = ("[content_types].xml", "_rels/", "docprops/", "xl/", "customxml/")
MAX_ARCHIVE_FILES = 1_000
MAX_ARCHIVE_BYTES = 64 << 20
"""An archive unpacking to more than this is refused (a ZIP bomb would otherwise fill the memory)."""


def is_camt_archive(head: bytes) -> bool:
    """Whether a file's first bytes start a ZIP whose first file is an XML file but no workbook's part."""
    if not head.startswith(ZIP_MAGIC) or len(head) < 30:
        return False
    name_length = struct.unpack_from("<H", head, 26)[0]
    name = head[30:30 + name_length].decode("cp437", errors="replace").lower()
    return name.endswith(".xml") and not name.startswith(_WORKBOOK_PARTS)


def parse_camt(content: bytes) -> ParsedFile:
    """Parse a camt file, or a ZIP of them: every entry of every statement of one account becomes a
    transaction or a problem."""
    documents = _archive_files(content) if content.startswith(ZIP_MAGIC) else [content]
    if isinstance(documents, ParsedFile):
        return documents
    roots: list[Element] = []
    lines: list[int] = []
    lines_before = 0
    for document in documents:
        try:
            roots.append(fromstring(document))
        except (ParseError, DefusedXmlException, ValueError) as error:
            return _refused(f"not a readable ISO 20022 (camt) file: {str(error)[:200]}")
        lines.extend(lines_before + line for line in _entry_lines(document))
        lines_before += document.count(b"\n") + 1
    statements = [element for root in roots for element in root.iter() if _local(element) in STATEMENT_TAGS]
    if not statements:
        return _refused("no account statement or report in the file")
    accounts = {_account_of(statement) for statement in statements}
    if len(accounts) > 1:
        shown = ", ".join(sorted(f"…{account[-4:]}" if account else "an account without a number"
                                 for account in accounts))
        return _refused(f"the file holds the statements of {len(accounts)} accounts ({shown}): import them "
                        "one at a time, each into its own account")
    currencies = {_text(statement, "Acct", "Ccy").upper() for statement in statements} - {""}
    result = ParsedFile(format=FORMAT, currency=currencies.pop() if len(currencies) == 1 else None)
    entries = [entry for statement in statements for entry in _children(statement, "Ntry")]
    rows = [_transaction(entry, line) for entry, line in zip(entries, chain(lines, repeat(1)))]
    _keep_unique_references(rows, result.notes)
    for row in rows:
        if isinstance(row, ParsedTransaction):
            result.transactions.append(row)
        else:
            result.problems.append(row)
    if not rows:
        result.problems.append(RowProblem(1, None, "the statement holds no entries"))
    return result


def _transaction(entry: Element, line: int) -> ParsedTransaction | RowProblem:
    """One entry as written: refused with the element to blame when its date or amount cannot be read."""
    day = _text(entry, "BookgDt", "Dt") or _text(entry, "BookgDt", "DtTm") or _text(entry, "ValDt", "Dt")
    try:
        occurred_on = date.fromisoformat(day[:10])
    except ValueError:
        return RowProblem(line, "BookgDt", f"{day[:40]!r} is not a date")
    amount_element = _child(entry, "Amt")
    written = _text(entry, "Amt")
    if amount_element is None or not _AMOUNT.fullmatch(written):
        return RowProblem(line, "Amt", f"{written[:40]!r} is not an amount")
    direction = _text(entry, "CdtDbtInd").upper()
    if direction not in ("CRDT", "DBIT"):
        return RowProblem(line, "CdtDbtInd", f"{direction[:40]!r} is neither credit (CRDT) nor debit (DBIT)")
    amount = Decimal(written)
    status = _text(entry, "Sts", "Cd") or _text(entry, "Sts")
    details = list(_descendants(entry, "TxDtls"))
    party = "Cdtr" if direction == "DBIT" else "Dbtr"
    payee = next((name for detail in details for name in _party_names(detail, party) if name), "")
    texts = [text for detail in details for text in _texts(detail, "RmtInf", "Ustrd")]
    description = " ".join(texts) or _text(entry, "AddtlNtryInf") or next(
        filter(None, (_text(detail, "AddtlTxInf") for detail in details)), "")
    reference = _text(entry, "AcctSvcrRef")
    if reference.upper() in _NO_REFERENCE and len(details) == 1:
        reference = _text(details[0], "Refs", "AcctSvcrRef")
    return ParsedTransaction(
        line=line,
        occurred_on=occurred_on,
        amount=amount if direction == "CRDT" else -amount,
        payee=" ".join(payee.split()),
        description=" ".join(description.split()),
        external_id=None if reference.upper() in _NO_REFERENCE else reference,
        currency=(amount_element.get("Ccy") or "").strip().upper() or None,
        not_booked=_NOT_BOOKED.get(status.upper()),
    )


def _keep_unique_references(rows: list[ParsedTransaction | RowProblem], notes: list[str]) -> None:
    """Bank references that repeat within the file do not tell entries apart: content matching then."""
    counts = Counter(row.external_id for row in rows
                     if isinstance(row, ParsedTransaction) and row.external_id is not None)
    repeated = {reference for reference, count in counts.items() if count > 1}
    if not repeated:
        return
    for row in rows:
        if isinstance(row, ParsedTransaction) and row.external_id in repeated:
            row.external_id = None
    notes.append(f"{len(repeated)} bank reference(s) repeat in the file (such as {min(repeated)!r}): those "
                 "entries are matched by date, amount and text instead")


def _party_names(detail: Element, party: str) -> Iterator[str]:
    """The party's name as the schema versions write it: Cdtr/Nm (camt.053.001.02) or Cdtr/Pty/Nm (.08)."""
    for role in (party, f"Ultmt{party}"):
        yield _text(detail, "RltdPties", role, "Nm")
        yield _text(detail, "RltdPties", role, "Pty", "Nm")


def _archive_files(content: bytes) -> list[bytes] | ParsedFile:
    """The XML files of a ZIP archive in the order of their names (a day's file after the day before),
    or the file refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = sorted((member for member in archive.infolist()
                              if not member.is_dir() and member.filename.lower().endswith(".xml")),
                             key=lambda member: member.filename)
            if not members:
                return _refused("the ZIP archive holds no XML file")
            if len(members) > MAX_ARCHIVE_FILES or sum(m.file_size for m in members) > MAX_ARCHIVE_BYTES:
                return _refused(f"the ZIP archive unpacks to more than {MAX_ARCHIVE_FILES:,} files or "
                                f"{MAX_ARCHIVE_BYTES >> 20} MB: import its statements in parts")
            return [archive.read(member) for member in members]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError) as error:
        return _refused(f"not a readable ZIP archive: {str(error)[:200]}")


def _entry_lines(content: bytes) -> list[int]:
    """The 1-based line of each entry's start tag, in document order (the tree keeps no positions)."""
    lines: list[int] = []
    line, position = 1, 0
    for match in _ENTRY_START.finditer(content):
        line += content.count(b"\n", position, match.start())
        position = match.start()
        lines.append(line)
    return lines


def _account_of(statement: Element) -> str:
    """The statement's account number: its IBAN, else the bank's own id of it."""
    return _text(statement, "Acct", "Id", "IBAN") or _text(statement, "Acct", "Id", "Othr", "Id")


def _local(element: Element) -> str:
    """An element's name without its namespace."""
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _children(element: Element, name: str) -> Iterator[Element]:
    return (child for child in element if _local(child) == name)


def _child(element: Element, *path: str) -> Element | None:
    """The first element down the path of local names, or None."""
    found: Element | None = element
    for name in path:
        found = next(_children(found, name), None) if found is not None else None
    return found


def _text(element: Element, *path: str) -> str:
    found = _child(element, *path)
    return (found.text or "").strip() if found is not None else ""


def _texts(element: Element, parent: str, name: str) -> Iterator[str]:
    """The texts of every `parent/name` below the element, such as each line of remittance information."""
    for container in _descendants(element, parent):
        for child in _children(container, name):
            if child.text and child.text.strip():
                yield child.text.strip()


def _descendants(element: Element, name: str) -> Iterator[Element]:
    return (found for found in element.iter() if _local(found) == name)


def _refused(reason: str) -> ParsedFile:
    return ParsedFile(format=FORMAT, problems=[RowProblem(1, None, reason)])
