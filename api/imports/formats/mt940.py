"""SWIFT MT940 statements (`.sta`, `.mt940`), which German, Dutch and Polish banks offer beside camt,
read with mt-940.

Each `:61:` statement line is a transaction: its booking date (the entry date, else the value date),
its amount signed by its mark (a reversal of a credit, `RC`, takes money out; mt-940's fixes are all
switched on, `Options.all`), and from its `:86:` details (German banks' `?20`–`?29` purpose and `?32`
name sub-fields) the other party as the payee and the purpose as the description. The bank's
reference after `//` is the transaction's id unless it is NONREF or repeats in the file. A file
holding the statements of several accounts is refused like such an OFX file.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from api.imports.formats.text_encoding import detect_encoding
from api.imports.parsed import ParsedFile, ParsedTransaction, RowProblem

FORMAT = "mt940"
MARKER = re.compile(rb"(?m)^:20:.*\r?\n(?:.*\r?\n){0,8}?:25:")
_STATEMENT_LINE = re.compile(r"(?m)^:61:")
_ACCOUNT = re.compile(r"(?m)^:25:(.*?)\s*$")
_NO_REFERENCE = frozenset({"", "NONREF", "NOTPROVIDED"})


def parse_mt940(content: bytes) -> ParsedFile:
    """Parse an MT940 file: each `:61:` line becomes a transaction or a problem."""
    text = content.decode(detect_encoding(content), errors="replace")
    accounts = sorted({account.strip() for account in _ACCOUNT.findall(text)})
    if len(accounts) > 1:
        return _refused(f"the file holds the statements of {len(accounts)} accounts ({', '.join(accounts)}): "
                        "import them one at a time, each into its own account")
    try:
        statements = _statements(text)
    except Exception as error:  # mt-940 raises what its regular expressions and models meet
        said = str(error).splitlines()[0][:200] if str(error) else repr(error)
        return _refused(f"not a readable MT940 file: {said}")
    lines = [text.count("\n", 0, match.start()) + 1 for match in _STATEMENT_LINE.finditer(text)]
    entries = [entry.data for statement in statements for entry in statement]
    if len(lines) != len(entries):
        lines = [1] * len(entries)
    references = [_reference(entry) for entry in entries]
    repeated = {reference for reference in references if reference and references.count(reference) > 1}
    transactions: list[ParsedTransaction] = []
    problems: list[RowProblem] = []
    for line, entry, reference in zip(lines, entries, references):
        row = _transaction(line, entry, None if reference in repeated else reference)
        if isinstance(row, ParsedTransaction):
            transactions.append(row)
        else:
            problems.append(row)
    currencies = {transaction.currency for transaction in transactions} - {None}
    result = ParsedFile(format=FORMAT, transactions=transactions, problems=problems,
                        currency=currencies.pop() if len(currencies) == 1 else None)
    if repeated:
        result.notes.append(f"{len(repeated)} bank references repeat in the file: those rows are matched by "
                            "content instead")
    if not entries:
        result.problems.append(RowProblem(1, None, "the statement holds no transactions"))
    return result


def _statements(text: str) -> list[Any]:
    """The statements as mt-940 reads them; a `:61:` line whose customer reference is longer than the
    standard's 16 characters (ASN Bank puts the other party's IBAN there) is read by its ASN variant."""
    # Imported on first use: mt-940 stays out of a server where nobody imports such a file.
    import mt940

    def parse(tags: dict[int | str, Any] | None) -> list[Any]:
        return mt940.parse_statements(
            text, options=mt940.Options.all(), tags=tags,
            # The purpose's ?20-?29 lines joined with spaces, as the bank shows them.
            processors={"post_transaction_details": [
                mt940.processors.transaction_details_post_processor_with_space]})

    try:
        return parse(None)
    except Exception:  # the standard pattern only: the variant's error is the one reported
        return parse({mt940.tags.StatementASNB.id: mt940.tags.StatementASNB()})


def _transaction(line: int, entry: dict[str, Any], reference: str | None) -> ParsedTransaction | RowProblem:
    amount = entry.get("amount")
    occurred_on = entry.get("entry_date") or entry.get("date")
    if amount is None or not isinstance(amount.amount, Decimal) or occurred_on is None:
        return RowProblem(line, ":61:", "a statement line without a date or an amount")
    payee = entry.get("applicant_name") or entry.get("recipient_name") or ""
    description = entry.get("purpose") or entry.get("posting_text") or entry.get("transaction_details") or ""
    return ParsedTransaction(
        line=line,
        occurred_on=occurred_on,
        amount=amount.amount,
        payee=" ".join(str(payee).split()),
        description=" ".join(str(description).split()),
        external_id=reference,
        currency=amount.currency or entry.get("currency"),
    )


def _reference(entry: dict[str, Any]) -> str | None:
    reference = (entry.get("bank_reference") or "").strip()
    return None if reference.upper() in _NO_REFERENCE else reference


def _refused(reason: str) -> ParsedFile:
    return ParsedFile(format=FORMAT, problems=[RowProblem(1, None, reason)])
