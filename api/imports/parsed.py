"""What a bank file becomes once parsed: transactions and problems, each tied to its line.

The parsers (`api.imports.formats`) produce these without touching the database; the import
service matches them against the ledger (duplicates, rules) and writes them through the writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


# Parsed entries are built once per row (a million for a large file) and never changed: slotted and
# not frozen, since a frozen dataclass's __init__ took four times as long and each carried a __dict__.
@dataclass(slots=True)
class ParsedTransaction:
    """One transaction as the bank wrote it; `amount` is signed: negative is money out."""

    line: int
    """1-based line of the file where the transaction starts (the OFX/QIF record's first line)."""
    occurred_on: date
    amount: Decimal
    payee: str = ""
    description: str = ""
    external_id: str | None = None
    """The bank's own id (OFX FITID, a CSV transaction id column), used first for duplicates."""
    currency: str | None = None
    """ISO 4217 code when the file says it (OFX CURDEF, a CSV currency column); else the account's."""
    not_booked: str | None = None
    """What the file's status column says when the bank has not booked the row (Pending, Reverted): the
    import skips it."""


@dataclass(slots=True)
class RowProblem:
    """Why a line was refused: the line (1-based), the column (header name) if one is to blame."""

    line: int
    column: str | None
    reason: str


@dataclass(frozen=True)
class CsvMapping:
    """How to read one bank's CSV export: detected, shown to the user, corrected and saved as a preset.

    Columns are named by their header text. Either `amount_column` (signed amounts) or
    `debit_column` and/or `credit_column` (unsigned, debit is money out) must be given.
    `negate` flips signed amounts, for exports that show spending as positive (credit cards).
    `direction_column` names a column that says which way each amount went (Af/Bij, S/H, DR/CR): an
    amount marked as out is money out, one marked as in is money in, however the amount is signed.
    """

    encoding: str = "utf-8"
    delimiter: str = ","
    quote_char: str = '"'
    header_line: int = 1
    """1-based line of the header row (lines before it are a preamble)."""
    date_column: str = "Date"
    date_format: str = "%Y-%m-%d"
    """A `datetime.strptime` format, e.g. %d.%m.%Y or %m/%d/%Y; %R is a Minguo-era year (113 is 2024)."""
    amount_column: str | None = None
    debit_column: str | None = None
    credit_column: str | None = None
    payee_column: str | None = None
    description_column: str | None = None
    external_id_column: str | None = None
    currency_column: str | None = None
    direction_column: str | None = None
    status_column: str | None = None
    """A column saying whether the bank has booked the row: rows it marks pending, reverted, declined… are
    skipped (`api.imports.formats.statuses`)."""
    fee_column: str | None = None
    """A fee charged on top of each amount (Revolut): the fee is taken off the amount, whatever its sign."""
    decimal_separator: str = "."
    thousands_separator: str = ""
    negate: bool = False


@dataclass(frozen=True)
class ParsedFile:
    """A whole file: its format, the mapping used (CSV only), transactions and refused lines."""

    format: str
    """"csv", "xlsx", "xls" (also an HTML table or Excel XML named .xls), "txt" (`Key: value` blocks),
    "ofx" (also QFX), "qif", "camt" or "mt940"."""
    transactions: list[ParsedTransaction] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    mapping: CsvMapping | None = None
    currency: str | None = None
    """The statement's currency when the file gives one for all its transactions."""
    notes: list[str] = field(default_factory=list)
    """What the parser guessed or skipped (an ambiguous date format, summary lines): for the preview."""
