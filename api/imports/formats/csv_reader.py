"""Reading a CSV export row by row with a known mapping, streaming: memory stays flat for any size.

Every row becomes a `ParsedTransaction` or a `RowProblem` naming its line and column. Summary
lines (opening or closing balances, totals) before the first or after the last transaction are
skipped; the same line between transactions is a problem, since then it may hide a real row.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from decimal import Decimal
from typing import BinaryIO

from api.imports.formats.amounts import AmountError, AmountParser, make_amount_parser
from api.imports.formats.csv_columns import is_breakdown_column
from api.imports.formats.dates import DateError, DateParser, describe_date_format, make_date_parser
from api.imports.formats.directions import OUT, direction_of, moves_neither_way
from api.imports.formats.sepa_text import sepa_parties
from api.imports.formats.statuses import not_booked
from api.imports.parsed import CsvMapping, ParsedTransaction, RowProblem

_SUMMARY_WORDS = re.compile(
    r"\b(?:balance|saldo|solde|kontostand|total|totals|summe|gesamt|closing|opening|endsaldo|anfangssaldo|"
    r"schlusssaldo|neuer saldo|alter saldo|totaal|end of statement|ums[aä]tze gesamt)\b",
    re.IGNORECASE,
)
# A row whose whole text names a balance (Itaú's daily "SALDO DO DIA" between its transactions) is one,
# wherever it stands: no transaction is written so.
_BALANCE_LINE = re.compile(
    r"\s*(?:(?:opening|closing|available|ledger|running|new|old|previous)\s+balance|balance(?:\s+(?:brought|"
    r"carried)\s+forward|\s+[bc]/f)?|saldo(?:\s+(?:anterior|do dia|del d[ií]a|final|inicial|actual|atual|"
    r"disponivel|disponível|neu|alt))?|(?:neuer|alter|anfangs|end)\s*saldo|(?:ancien|nouveau)\s+solde|solde"
    r"(?:\s+(?:pr[ée]c[ée]dent|initial|final))?)\s*",
    re.IGNORECASE,
)
_LONGEST_BALANCE_PHRASE = 40
# How the phrases of _BALANCE_LINE start: most rows are passed by a set lookup, not the pattern.
_BALANCE_PREFIXES = frozenset({"ope", "clo", "ava", "led", "run", "new", "old", "pre", "bal", "sal", "neu",
                               "alt", "anf", "end", "anc", "nou", "sol"})
_SHOWN_CHARACTERS = 40
# The title of a statement's section of transactions the bank has not booked yet.
_SCHEDULED_SECTION = re.compile(
    r"lan[çc]amentos futuros|agendad[oa]s|scheduled|upcoming|vorgemerkte ums[aä]tze|op[ée]rations [àa] venir|"
    r"movimientos programados|pending transactions", re.IGNORECASE)
_CURRENT_CODES = {"RUR": "RUB"}
"""Codes banks still write for a currency that has another now (Russian banks' RUR for the rouble)."""
_REPEATED_HEADER = "repeats the header (exports put one after another)"
_REPLACEMENT = "\ufffd"
_ZERO = Decimal(0)

Row = ParsedTransaction | RowProblem


def excel_text_lines(lines: Iterable[str], delimiter: str, quote_char: str = '"') -> Iterator[str]:
    """The lines with Excel's text-protected cells (`="01/15/2024"`, `="00012345"`) as plain quoted
    cells, as the spreadsheet shows them: exports written so that Excel keeps leading zeros and dates."""
    if quote_char != '"':
        yield from lines
        return
    protected = re.compile(rf'(?:^|(?<={re.escape(delimiter)}))="')
    for line in lines:
        yield protected.sub('"', line) if '="' in line else line


def iter_csv(source: bytes | BinaryIO, mapping: CsvMapping, notes: list[str] | None = None) -> Iterator[Row]:
    """Yield each data row of a CSV export as a transaction or a problem, in file order.

    `source` is the file's bytes or a binary stream (read once, never closed here). Lines skipped
    as summaries are described in `notes` when a list is given.
    """
    try:
        codecs.lookup(mapping.encoding)
    except LookupError:
        yield RowProblem(1, None, f"unknown encoding {mapping.encoding!r}")
        return
    stream = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    encoding = "utf-8-sig" if codecs.lookup(mapping.encoding).name == "utf-8" else mapping.encoding
    # Undecodable bytes become U+FFFD, and the row holding one is refused with its line number.
    text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    try:
        yield from _read_rows(text, mapping, notes if notes is not None else [])
    finally:
        text.detach()


def _read_rows(text: io.TextIOWrapper, mapping: CsvMapping, notes: list[str]) -> Iterator[Row]:
    try:
        if mapping.header_line < 0:
            raise ValueError("the header line must be 0 (the file has none) or more")
        # csv refuses delimiters and quote characters that are not single characters.
        reader = csv.reader(excel_text_lines(text, mapping.delimiter, mapping.quote_char),
                            delimiter=mapping.delimiter, quotechar=mapping.quote_char)
    except (TypeError, ValueError) as error:
        yield RowProblem(1, None, f"invalid mapping: {error}")
        return
    for _ in range(mapping.header_line - 1):
        if not text.readline():
            yield RowProblem(1, None, f"the file ends before its header line {mapping.header_line}")
            return
    offset = max(mapping.header_line - 1, 0)
    first_rows: list[list[str]] = []
    try:
        header = [cell.strip() for cell in next(reader, [])]
    except csv.Error as error:
        yield RowProblem(max(mapping.header_line, 1), None, f"the header line cannot be read: {error}")
        return
    if mapping.header_line == 0:  # no header: the first line is a row, its columns are numbered
        first_rows, header = [header], headerless_column_names(len(header))
    if any(_REPLACEMENT in cell for cell in header):
        yield RowProblem(mapping.header_line, None, f"the header holds {_undecodable(mapping.encoding)}")
        return
    try:
        row_reader = _RowReader(mapping, header)
    except _MappingError as error:
        yield from error.problems
        return
    previous_line = 0 if first_rows else reader.line_num
    rows = _RowSequence(row_reader, header, mapping, notes)
    while True:
        line = offset + previous_line + 1
        try:
            row = first_rows.pop() if first_rows else next(reader, None)
        except csv.Error as error:
            yield from rows.finish()
            yield RowProblem(line, None, f"{_describe_csv_error(error)} (reading stopped here)")
            return
        if row is None:
            break
        previous_line = reader.line_num
        if row and row[0].startswith("\ufeff"):  # a byte order mark left where two exports were joined
            row[0] = row[0].lstrip("\ufeff")
        if any(cell.strip() for cell in row):
            yield from rows.take(line, row)
    yield from rows.finish()


class _RowSequence:
    """What each row is, in the light of the rows around it.

    Summary lines (balances, totals) are held until the next transaction shows whether they were
    inside the statement (then they are problems) or after it (skipped and named). A transaction is
    held until the next row shows whether that row continues its text (Bradesco writes a purchase's
    shop on a line of its own below it). A section title announcing scheduled transactions (Bradesco's
    "Lançamentos Futuros") makes the rows after it not booked.
    """

    def __init__(
        self, row_reader: _RowReader, header: list[str], mapping: CsvMapping, notes: list[str]
    ) -> None:
        self.row_reader, self.header, self.mapping, self.notes = row_reader, header, mapping, notes
        self.pending_summaries: list[tuple[int, RowProblem, str]] = []
        self.held: ParsedTransaction | None = None
        self.seen_transaction = False
        self.scheduled: str | None = None

    def take(self, line: int, row: list[str]) -> list[Row]:
        """The rows settled by this one, in file order (hot path: one call per row)."""
        result = self.row_reader.read(line, row)
        if (isinstance(result, ParsedTransaction) and not self.pending_summaries and self.scheduled is None
                and not _names_only_a_balance(result) and not self.row_reader.names_a_balance(result, row)):
            released, self.held, self.seen_transaction = self.held, result, True
            return [] if released is None else [released]
        return list(self._settle(line, row, result))

    def _settle(self, line: int, row: list[str], result: Row) -> Iterator[Row]:
        row_reader, notes = self.row_reader, self.notes
        if isinstance(result, RowProblem):
            if self.held is not None and row_reader.continues_text(row):
                text = " ".join(" ".join(cell.split()) for cell in row if cell.strip())
                self.held = replace(self.held, description=f"{self.held.description} {text}".strip())
                return
            title = _SCHEDULED_SECTION.search(" ".join(row))
            if title is not None and not row_reader.holds_date(row):
                self.scheduled = title.group()
                notes.append(f"line {line} starts the transactions not booked yet ({_shown(title.group())}): "
                             "the rows after it are skipped")
            repeated = _repeats(self.header, row, self.mapping)
            skipped = row_reader.skipped_because(row) or (_REPEATED_HEADER if repeated else None)
            if skipped:
                # A section begins: the summary lines before its header closed the one before.
                notes.extend(_skipped_note(summary) for summary in self.pending_summaries)
                self.pending_summaries.clear()
                notes.append(f"line {line} {skipped}: skipped")
                return
        if isinstance(result, ParsedTransaction) and _names_only_a_balance(result):
            named = _shown(result.payee or result.description)
            notes.append(f"line {line} is a balance, not a transaction ({named}): skipped")
            return
        balance = isinstance(result, ParsedTransaction) and row_reader.names_a_balance(result, row)
        if balance:
            result = RowProblem(line, None, "a balance or total line, not a transaction")
        if isinstance(result, ParsedTransaction):
            yield from self._release()
            for _, problem, _ in self.pending_summaries:
                yield problem
            self.pending_summaries.clear()
            self.seen_transaction = True
            self.held = replace(result, not_booked=self.scheduled) if self.scheduled else result
        elif balance or row_reader.looks_like_summary(row) or self._trails(row):
            summary = (line, result, self.mapping.delimiter.join(cell.strip() for cell in row))
            if self.seen_transaction:
                self.pending_summaries.append(summary)
            else:
                notes.append(_skipped_note(summary))
        else:
            yield from self._release()
            yield result

    def _trails(self, row: list[str]) -> bool:
        after_summary = bool(self.pending_summaries)
        return self.seen_transaction and self.row_reader.is_trailer(row, after_summary=after_summary)

    def finish(self) -> Iterator[Row]:
        """The last transaction; summary lines after it are skipped and named."""
        yield from self._release()
        self.notes.extend(_skipped_note(summary) for summary in self.pending_summaries)
        self.pending_summaries.clear()

    def _release(self) -> Iterator[Row]:
        if self.held is not None:
            yield self.held
            self.held = None


def _names_only_a_balance(transaction: ParsedTransaction) -> bool:
    """Whether a row's whole text names a balance (`_BALANCE_LINE`, whose phrases are short)."""
    payee, description = transaction.payee, transaction.description
    return ((payee or description)[:3].lower() in _BALANCE_PREFIXES
            and len(payee) + len(description) < _LONGEST_BALANCE_PHRASE
            and _BALANCE_LINE.fullmatch(f"{payee} {description}") is not None)


def _repeats(header: list[str], row: list[str], mapping: CsvMapping) -> bool:
    """Whether a row is the file's header again."""
    return mapping.header_line > 0 and [cell.strip() for cell in row] == header


def headerless_column_names(width: int) -> list[str]:
    """The names of a headerless file's columns, as its mapping names them: Column 1, Column 2…"""
    return [f"Column {position}" for position in range(1, width + 1)]


def _skipped_note(summary: tuple[int, RowProblem, str]) -> str:
    line, _, content = summary
    return f"line {line} skipped as a summary line: {_shown(content)}"


def _undecodable(encoding: str) -> str:
    return f"bytes that are not valid {encoding} text: is the file in another encoding?"


def _describe_csv_error(error: csv.Error) -> str:
    message = str(error)
    if "field larger than field limit" in message:
        return f"a field longer than {csv.field_size_limit():,} characters, not a bank export line"
    return f"unreadable CSV: {message}"


def _shown(value: str) -> str:
    """A cell as quoted in a problem, cut so one huge cell cannot make a huge message."""
    value = value.strip()
    if len(value) > _SHOWN_CHARACTERS:
        value = value[:_SHOWN_CHARACTERS] + "…"
    return repr(value)


class _MappingError(Exception):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(problems)
        self.problems = problems


class _RowReader:
    """A mapping resolved against one header: column positions and parsers, built once per file."""

    def __init__(self, mapping: CsvMapping, header: list[str]) -> None:
        self.mapping = mapping
        self.width = len(header)
        positions: dict[str, int] = {}
        for index, name in enumerate(header):
            positions.setdefault(name, index)
        problems = _mapping_problems(mapping, header, positions)
        if problems:
            raise _MappingError(problems)
        self.positions = positions
        try:
            self.parse_amount: AmountParser = make_amount_parser(
                mapping.decimal_separator, mapping.thousands_separator)
        except ValueError as error:
            problem = RowProblem(mapping.header_line, None, f"invalid mapping: {error}")
            raise _MappingError([problem]) from None
        self.parse_date: DateParser = make_date_parser(mapping.date_format)
        self.date_index = positions[mapping.date_column]
        self.amount_index = self._index(mapping.amount_column)
        self.debit_index = self._index(mapping.debit_column)
        self.credit_index = self._index(mapping.credit_column)
        self.direction_index = self._index(mapping.direction_column)
        self.fee_index = self._index(mapping.fee_column)
        self.status_index = self._index(mapping.status_column)
        self.amount_indexes = [index for index in (self.amount_index, self.debit_index, self.credit_index)
                               if index is not None]
        self.breakdown_indexes = [index for index, name in enumerate(header) if is_breakdown_column(name)]
        self.mapped_width = 1 + max(index for index in (
            self.date_index, *self.amount_indexes, self.direction_index, self.fee_index, self.status_index,
            *(self._index(column) for column in (mapping.payee_column, mapping.description_column,
                                                 mapping.external_id_column, mapping.currency_column)),
        ) if index is not None)
        text_columns = (mapping.payee_column, mapping.description_column, mapping.external_id_column,
                        mapping.currency_column)
        self.text_columns = [(column, self._index(column)) for column in text_columns]
        self.text_indexes = {index for _, index in self.text_columns[:2] if index is not None}  # payee, text
        example = _amount_example(mapping.decimal_separator, mapping.thousands_separator)
        self.not_an_amount = f"is not an amount like {example}"
        self.date_shown = describe_date_format(mapping.date_format)

    def read(self, line: int, row: list[str]) -> ParsedTransaction | RowProblem:
        """Turn one row into a transaction, or say what is wrong with it (hot path: one call per row)."""
        width = self.width
        if len(row) != width:
            # A trailing delimiter on data lines (empty extra cells) is common and harmless, and so is a
            # row that leaves out empty cells after the columns read (PKO BP's).
            if len(row) < self.mapped_width or any(cell.strip() for cell in row[width:]):
                return RowProblem(line, None, f"{len(row)} cells where the header has {width}")
            row = row[:width] + [""] * (width - len(row))
        date_cell = row[self.date_index]
        try:
            occurred_on = self.parse_date(date_cell)
        except DateError:
            return self._cell_problem(line, self.mapping.date_column, date_cell,
                                      f"is not a date in the format {self.date_shown}")
        amount = self._amount(line, row)
        if isinstance(amount, RowProblem):
            return amount
        if self.fee_index is not None:
            fee = self._optional_amount(line, row, self.mapping.fee_column, self.fee_index)
            if isinstance(fee, RowProblem):
                return fee
            amount -= abs(fee or _ZERO)
        texts = []
        # Whitespace is collapsed: embedded newlines and padding are layout, not content.
        for column, index in self.text_columns:
            text = " ".join(row[index].split()) if index is not None else ""
            if _REPLACEMENT in text:
                return self._cell_problem(line, column, text, "")
            texts.append(text)
        payee, description, external_id, currency = texts
        if not (payee and description):  # one text column may hold both, structured (ABN AMRO)
            parties = sepa_parties(payee or description)
            if parties is not None:
                payee, description = parties
        if currency:
            currency = _CURRENT_CODES.get(currency.upper(), currency.upper())
            if not (len(currency) == 3 and currency.isalpha()):
                reason = f"{_shown(currency)} is not a currency code"
                return RowProblem(line, self.mapping.currency_column, reason)
        status = row[self.status_index].strip() if self.status_index is not None else ""
        return ParsedTransaction(line, occurred_on, amount, payee, description, external_id or None,
                                 currency or None, status if status and not_booked(status) else None)

    def _cell_problem(self, line: int, column: str | None, cell: str, complaint: str) -> RowProblem:
        """Blame undecodable bytes on the encoding; anything else on the cell's content."""
        if _REPLACEMENT in cell:
            complaint = f"holds {_undecodable(self.mapping.encoding)}"
        return RowProblem(line, column, f"{_shown(cell)} {complaint}")

    def _amount(self, line: int, row: list[str]) -> Decimal | RowProblem:
        mapping = self.mapping
        if self.amount_index is not None:
            cell = row[self.amount_index]
            if not cell.strip():
                return RowProblem(line, mapping.amount_column, "no amount")
            try:
                value = self.parse_amount(cell)
            except AmountError:
                return self._cell_problem(line, mapping.amount_column, cell, self.not_an_amount)
            if self.direction_index is not None:
                return self._directed(line, row[self.direction_index], value)
            return -value if mapping.negate else value
        debit = self._optional_amount(line, row, mapping.debit_column, self.debit_index)
        if isinstance(debit, RowProblem):
            return debit
        credit = self._optional_amount(line, row, mapping.credit_column, self.credit_index)
        if isinstance(credit, RowProblem):
            return credit
        if debit is None and credit is None and self._holds_fee(row):
            return _ZERO  # a fee on its own (Capitec): taken off below
        if debit is None and credit is None:
            columns = " or ".join(filter(None, (mapping.debit_column, mapping.credit_column)))
            return RowProblem(line, mapping.debit_column or mapping.credit_column, f"no amount in {columns}")
        if debit and credit:
            return RowProblem(line, mapping.debit_column,
                              f"both {mapping.debit_column} and {mapping.credit_column} hold an amount")
        # Debits are money out and credits money in, however the bank signs them (Citi writes a card
        # payment in its Credit column as -150.40).
        return abs(credit or _ZERO) - abs(debit or _ZERO)

    def _directed(self, line: int, cell: str, value: Decimal) -> Decimal | RowProblem:
        """The amount signed as the direction column says."""
        direction = direction_of(cell)
        if direction is None and moves_neither_way(cell):
            return RowProblem(line, self.mapping.direction_column, "no direction")  # see skipped_because
        if direction is None:
            return self._cell_problem(line, self.mapping.direction_column, cell,
                                      "is not a direction such as Af/Bij, S/H, Debit/Credit or DR/CR")
        return -abs(value) if direction == OUT else abs(value)

    def _optional_amount(self, line: int, row: list[str], column: str | None,
                         index: int | None) -> Decimal | RowProblem | None:
        if index is None or not row[index].strip():
            return None
        try:
            return self.parse_amount(row[index])
        except AmountError:
            return self._cell_problem(line, column, row[index], self.not_an_amount)

    def _index(self, column: str | None) -> int | None:
        return None if column is None else self.positions[column]

    def names_a_balance(self, transaction: ParsedTransaction, row: list[str]) -> bool:
        """A dated balance with an amount ("Endsaldo" at the end of a Volksbank export): no payee, no
        description, and summary words where a transaction has its text."""
        return (not transaction.payee and not transaction.description
                and bool(_SUMMARY_WORDS.search(" ".join(row))))

    def skipped_because(self, row: list[str]) -> str | None:
        """Why a row that is no transaction is skipped rather than refused: a booking not made yet
        (comdirect writes "offen" for its date), or one payment of a collective order whose total is
        the row above (ZKB's "Betrag Detail", UBS's "Einzelbetrag")."""
        date_cell = row[self.date_index].strip() if self.date_index < len(row) else ""
        if date_cell and not_booked(date_cell):
            return f"is not booked yet ({_shown(date_cell)})"
        index = self.direction_index
        direction = row[index] if index is not None and index < len(row) and self._holds_amount(row) else None
        if direction is not None and moves_neither_way(direction):
            said = _shown(direction) if direction.strip() else "no direction"
            return f"moves money neither into nor out of the account ({said})"
        if self.breakdown_indexes and not self._holds_amount(row):
            parts = [row[index].strip() for index in self.breakdown_indexes if index < len(row)]
            if any(parts):
                shown = _shown(next(part for part in parts if part))
                return f"is one payment of a collective order, counted in its total ({shown})"
        return None

    def continues_text(self, row: list[str]) -> bool:
        """Whether a row only carries text on, in the payee or description column (no date, no amount, no
        summary word): the row above's text, continued."""
        filled = {index for index, cell in enumerate(row) if cell.strip()}
        return (bool(filled) and filled <= self.text_indexes
                and not _SUMMARY_WORDS.search(" ".join(row)))

    def holds_date(self, row: list[str]) -> bool:
        """Whether the row's date cell reads as a date."""
        try:
            self.parse_date(row[self.date_index] if self.date_index < len(row) else "")
        except DateError:
            return False
        return True

    def is_trailer(self, row: list[str], after_summary: bool) -> bool:
        """A line after the transactions without a date that holds no amount either (a disclaimer, a row
        of stars), or any, below a summary line (HDFC's statement summary: its figures): skipped when no
        transaction follows, refused like any bad row when one does."""
        return not self.holds_date(row) and (after_summary or not self._holds_amount(row))

    def _holds_fee(self, row: list[str]) -> bool:
        return self.fee_index is not None and bool(row[self.fee_index].strip())

    def _holds_amount(self, row: list[str]) -> bool:
        for index in self.amount_indexes:
            if index < len(row) and row[index].strip():
                try:
                    self.parse_amount(row[index])
                except AmountError:
                    continue
                return True
        return False

    def looks_like_summary(self, row: list[str]) -> bool:
        """A balance or total line: summary words or almost no cells where no date is, or summary words
        where no amount is (Bank of America starts with a dated "Beginning balance" line)."""
        date_cell = row[self.date_index] if self.date_index < len(row) else ""
        if not any(character.isalnum() for character in "".join(row)):  # a rule of stars or dashes
            return True
        summary_words = bool(_SUMMARY_WORDS.search(" ".join(row)))
        try:
            self.parse_date(date_cell)
        except DateError:
            filled = sum(1 for cell in row if cell.strip())
            return summary_words or (not date_cell.strip() and filled <= 2)
        amounts = (self.amount_index, self.debit_index, self.credit_index)
        return summary_words and not any(index is not None and index < len(row) and row[index].strip()
                                         for index in amounts)


def _mapping_problems(mapping: CsvMapping, header: list[str], positions: dict[str, int]) -> list[RowProblem]:
    """Columns the mapping names that the header lacks, and mappings with no amount at all."""
    problems: list[RowProblem] = []
    if mapping.amount_column is None and mapping.debit_column is None and mapping.credit_column is None:
        reason = "the mapping names no amount, debit or credit column"
        problems.append(RowProblem(mapping.header_line, None, reason))
    named = (mapping.date_column, mapping.amount_column, mapping.debit_column, mapping.credit_column,
             mapping.payee_column, mapping.description_column, mapping.external_id_column,
             mapping.currency_column, mapping.direction_column, mapping.status_column, mapping.fee_column)
    shown_header = ", ".join(name for name in header if name)[:200] or "none"
    for column in dict.fromkeys(column for column in named if column is not None):
        if column not in positions:
            problems.append(RowProblem(mapping.header_line, column,
                                       f"no column named {column!r} in the header (columns: {shown_header})"))
    return problems


def _amount_example(decimal_separator: str, thousands_separator: str) -> str:
    grouping = thousands_separator.replace("\u00a0", " ").replace("\u202f", " ")
    return f"1{grouping}234{decimal_separator}56"
