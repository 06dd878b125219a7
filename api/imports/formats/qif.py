"""QIF (Quicken Interchange Format) bank, card and cash registers, parsed here rather than by quiffen.

quiffen turns `-42,50` into -4250 and reads ISO dates day-first, so amounts and dates go through
the same explicit parsers as CSV, with the formats decided from the whole file: one date past the
12th settles day-first against month-first, and a decimal comma anywhere settles the amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from api.imports.formats.amounts import (
    AmountError, AmountParser, default_thousands_separator, detect_number_format, make_amount_parser,
)
from api.imports.formats.dates import (
    DateError, DateParser, ambiguous_dates_day_first, describe_date_format, detect_date_format,
    make_date_parser,
)
from api.imports.formats.text_encoding import detect_encoding, strip_bom
from api.imports.parsed import ParsedFile, ParsedTransaction, RowProblem

# Registers that hold money transactions; other sections (categories, memorized, investments) do not.
READ_TYPES = frozenset({"bank", "ccard", "cash", "oth a", "oth l"})
# A check or reference number: one token holding a digit. "ATM", "DEP", "EFT" or "Print" are not ids.
_ID_LIKE = re.compile(r"[A-Za-z0-9/-]*\d[A-Za-z0-9/-]*")
_APOSTROPHE_YEAR = re.compile(r"\s*'\s*")


@dataclass
class _Record:
    """One QIF record as written: its first line and its fields (first value of each letter wins)."""

    line: int
    fields: dict[str, tuple[int, str]] = field(default_factory=dict)
    split_amounts: list[tuple[int, str]] = field(default_factory=list)


def parse_qif(content: bytes, account_currency: str | None = None) -> ParsedFile:
    """Parse a QIF file: every record of a bank, card or cash register becomes a transaction or a problem."""
    text = strip_bom(content.decode(detect_encoding(content, account_currency), errors="replace"))
    records, notes, accounts = _records(text)
    result = ParsedFile(format="qif", notes=notes)
    if len(accounts) > 1:
        names = ", ".join(sorted(accounts))
        reason = (f"the file holds the registers of {len(accounts)} accounts ({names}): import them one at "
                  "a time, each into its own account")
        result.problems.append(RowProblem(1, None, reason))
        return result
    if not records:
        result.problems.append(RowProblem(1, None, "the file holds no bank, card or cash transactions"))
        return result
    amounts = [record.fields[key][1] for record in records for key in "TU" if key in record.fields]
    decimal, thousands = detect_number_format(amounts)
    dates = [_normalize_date(record.fields["D"][1]) for record in records if "D" in record.fields]
    day_first, because = ambiguous_dates_day_first(decimal == ",", account_currency)
    date_format, date_note = detect_date_format(dates, day_first, because)
    if date_note:
        notes.append(date_note)
    if decimal is None:
        decimal = "," if date_format is not None and "." in date_format else "."
    parse_amount = make_amount_parser(decimal, thousands or default_thousands_separator(decimal))
    parse_date = make_date_parser(date_format or "%m/%d/%Y")
    date_shown = describe_date_format(date_format or "%m/%d/%Y")
    for record in records:
        row = _transaction(record, parse_amount, parse_date, date_shown)
        if isinstance(row, ParsedTransaction):
            result.transactions.append(row)
        else:
            result.problems.append(row)
    return result


def _records(text: str) -> tuple[list[_Record], list[str], set[str]]:
    """Split the file into records of the registers we read; note the sections skipped; and name the
    accounts (of !Account blocks) whose registers hold records."""
    records: list[_Record] = []
    notes: list[str] = []
    accounts: set[str] = set()
    account = ""  # the account whose register follows (the last N of an !Account block)
    section = "bank"  # a file without a !Type line is read as a bank register
    current: _Record | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("!"):
            header = line[1:].lower()
            if header.startswith("type:"):
                section = header[5:].strip()
                if section not in READ_TYPES:
                    notes.append(f"line {number}: section {line} skipped (not a bank, card or cash register)")
            elif header.startswith("account"):
                section = "account"  # account definitions, not transactions
            current = None
            continue
        if section == "account" and line.startswith("N"):
            account = line[1:].strip()
        if section not in READ_TYPES:
            continue
        if line == "^":
            if current is not None:
                records.append(current)
                accounts.add(account)
            current = None
            continue
        if current is None:
            current = _Record(number)
        key, value = line[0], line[1:].strip()
        if key == "$":
            current.split_amounts.append((number, value))
        else:
            current.fields.setdefault(key, (number, value))
    if current is not None:
        records.append(current)  # a last record without its closing ^ (a truncated file) is kept
        accounts.add(account)
    return records, notes, accounts


def _normalize_date(value: str) -> str:
    """Quicken's `1/ 2'24` (apostrophe before a 2000s year, padded day) as `1/2/24`."""
    return _APOSTROPHE_YEAR.sub("/", value).replace(" ", "")


def _transaction(record: _Record, parse_amount: AmountParser, parse_date: DateParser,
                 date_shown: str) -> ParsedTransaction | RowProblem:
    """Read one record; the T (or U) amount is the total, splits must add up to it."""
    if "D" not in record.fields:
        return RowProblem(record.line, "D", "the record has no date (D line)")
    date_line, date_text = record.fields["D"]
    try:
        occurred_on = parse_date(_normalize_date(date_text))
    except DateError:
        return RowProblem(date_line, "D", f"{date_text[:40]!r} is not a date in the format {date_shown}")
    amount_field = "T" if "T" in record.fields else "U" if "U" in record.fields else None
    split_total = Decimal(0)
    for line, value in record.split_amounts:
        try:
            split_total += parse_amount(value)
        except AmountError:
            return RowProblem(line, "$", f"{value[:40]!r} is not an amount")
    if amount_field is None:
        if not record.split_amounts:
            return RowProblem(record.line, "T", "the record has no amount (T line)")
        amount = split_total
    else:
        amount_line, amount_text = record.fields[amount_field]
        try:
            amount = parse_amount(amount_text)
        except AmountError:
            return RowProblem(amount_line, amount_field, f"{amount_text[:40]!r} is not an amount")
        if record.split_amounts and split_total != amount:
            return RowProblem(amount_line, amount_field, f"the splits add up to {split_total}, not {amount}")
    number = record.fields.get("N", (0, ""))[1]
    return ParsedTransaction(
        line=record.line,
        occurred_on=occurred_on,
        amount=amount,
        payee=" ".join(record.fields.get("P", (0, ""))[1].split()),
        description=" ".join(record.fields.get("M", (0, ""))[1].split()),
        external_id=number if _ID_LIKE.fullmatch(number) else None,
    )
