"""Detecting how a bank's CSV export is written, from the head of the file, as a `CsvMapping`.

Order matters: the header line (found by its words, whatever the preamble above it) fixes the
delimiter and the columns; the amounts then tell the decimal separator, and that locale breaks the
tie when every date reads both day-first and month-first.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import permutations

from api.imports.formats.amounts import (
    AmountError, AmountParser, amount_parser_for, default_thousands_separator, detect_number_format,
    make_amount_parser,
)
from api.imports.formats.csv_columns import column_role, normalize_header, role_candidates
from api.imports.formats.csv_reader import excel_text_lines, headerless_column_names
from api.imports.formats.dates import (
    BUDDHIST_ERA_FROM, BUDDHIST_ERA_OFFSET, MINGUO_ERA_OFFSET, ambiguous_dates_day_first,
    describe_date_format, detect_date_format, make_date_parser, reads_as_date,
)
from api.imports.formats.directions import holds_directions
from api.imports.formats.statuses import holds_statuses
from api.imports.formats.text_encoding import SCRIPT_ENCODINGS, detect_encoding, looks_binary, strip_bom
from api.imports.formats.written_currency import written_currency
from api.imports.parsed import CsvMapping, RowProblem
from api.money import minor_unit_exponent

SAMPLE_BYTES = 256 * 1024
HEADER_SEARCH_LINES = 60
HEADERLESS_SAMPLE_LINES = 20
MOSTLY_POSITIVE_MINIMUM = 4
SAMPLE_ROWS = 500
DELIMITERS = ";,\t|"
NO_TRANSACTIONS = "the file has a header but no transactions after it"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ACCOUNT_NAME_HEADERS = frozenset({"account", "account name", "wallet", "konto", "kontoname", "compte",
                                   "rekening", "cuenta", "conto"})
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
_NEGATIVE = re.compile(r"[-\u2212]|\(.*\)|\b(?:DR|Dr|D|S)\b")  # a minus, parentheses, a debit or Soll mark
_CENTS = re.compile(r"[.,]\d{2}\b")
_CURRENCY_CODE = re.compile(r"[A-Z]{3}")
_EUROPEAN_CURRENCIES = re.compile(r"€|£|\b(?:EUR|GBP|CHF)\b")


class CsvFormatError(ValueError):
    """The file cannot be read as a CSV bank export; `problem` says where and why."""

    def __init__(self, problem: RowProblem) -> None:
        super().__init__(f"line {problem.line}: {problem.reason}")
        self.problem = problem


@dataclass(frozen=True)
class CsvDetection:
    """What detection found: the mapping, the header's columns (for a mapping editor) and its guesses."""

    mapping: CsvMapping
    columns: list[str]
    notes: list[str] = field(default_factory=list)
    currency: str | None = None
    """The currency the amounts are written in, when the file has no currency column (`written_currency`)."""


def detect_csv_mapping(content: bytes) -> CsvMapping:
    """Detect the mapping of a CSV export from its bytes (the whole file or its head)."""
    return detect_csv(content).mapping


def detect_csv(content: bytes, account_currency: str | None = None) -> CsvDetection:
    """Detect the mapping with the columns and notes; raises CsvFormatError when it cannot.

    `account_currency`, the currency of the account the file goes into, tells which way to read a date
    column whose every cell reads both as day first and as month first (`ambiguous_dates_day_first`),
    and which code page a single-byte file is in (`detect_encoding`).
    """
    check_is_text(content)
    complete = len(content) <= SAMPLE_BYTES
    encoding, lines, (header_index, delimiter, header) = _header_in_some_encoding(
        content, detect_encoding(content, account_currency), complete)
    notes: list[str] = []
    quote_char = _sniff_quote_char(lines[max(header_index, 0):header_index + 50], delimiter)
    rows = _sample_rows(lines[header_index + 1:], delimiter, quote_char)
    if complete and not any(any(cell.strip() for cell in row) for row in rows):
        raise CsvFormatError(RowProblem(header_index + 1, None, NO_TRANSACTIONS))
    by_name = _columns_by_name(header, rows)
    roles = _roles(header_index, header, by_name, notes)
    amount_columns = [roles["amount"]] if "amount" in roles else [
        roles[role] for role in ("debit", "credit") if role in roles]
    if not amount_columns:
        raise CsvFormatError(RowProblem(
            header_index + 1, None,
            "no amount column found (expected a header such as Amount, Betrag, Montant, "
            "Debit/Credit, Soll/Haben)"))
    direction_column = _direction_column(roles, header, notes)
    _say_when_several_accounts(header, by_name, notes)
    amount_cells = [cell for column in amount_columns for cell in by_name[column]]
    decimal, thousands = detect_number_format(amount_cells)
    european = decimal == "," or any(_EUROPEAN_CURRENCIES.search(cell) for cell in amount_cells)
    date_column, date_format = _date_column_and_format(
        header_index, header, roles, by_name, european, account_currency, notes)
    if decimal is None:
        decimal = _decimal_without_evidence(amount_cells, date_format, account_currency, notes)
    thousands = thousands or default_thousands_separator(decimal)
    if "amount" in roles and direction_column is None and _mostly_positive(by_name[roles["amount"]]):
        notes.append(f"Most amounts in the {roles['amount']} column are positive: if this is a card "
                     "statement that shows spending as positive (as American Express does), set the "
                     "mapping's negate ('Spending shown as positive').")
    fee_column = _fee_charged_on_top(roles, by_name, make_amount_parser(decimal, thousands))
    if fee_column is not None:
        notes.append(f"The {fee_column} column is charged on top of the amount (the balances say so): "
                     "each row's fee is taken off its amount.")
    payee_column, description_column = roles.get("payee"), roles.get("description")
    if payee_column is None and description_column is not None:
        payee_column, description_column = description_column, None
        notes.append(f"No payee column: the {payee_column} column is read as the payee.")
    mapping = CsvMapping(
        encoding=encoding,
        delimiter=delimiter,
        quote_char=quote_char,
        header_line=header_index + 1,  # 0: no header
        date_column=date_column,
        date_format=date_format,
        amount_column=roles.get("amount"),
        debit_column=None if "amount" in roles else roles.get("debit"),
        credit_column=None if "amount" in roles else roles.get("credit"),
        payee_column=payee_column,
        description_column=description_column,
        external_id_column=roles.get("external_id"),
        currency_column=roles.get("currency"),
        direction_column=direction_column,
        status_column=roles.get("status"),
        fee_column=fee_column,
        decimal_separator=decimal,
        thousands_separator=thousands,
    )
    # An amount whose header names its currency is in it, whatever a currency column says (monobank's
    # "Сума в валюті картки (UAH)" beside the card payment's own "Валюта"): the column is not read.
    headed = written_currency(amount_columns, [])
    if headed is not None and roles.pop("currency", None) is not None:
        mapping = dataclasses.replace(mapping, currency_column=None)
    currency = None if "currency" in roles else written_currency(amount_columns, amount_cells)
    if currency is not None:
        notes.append(f"The amounts are written in {currency}: rows go only into an account in {currency}.")
    return CsvDetection(mapping=mapping, columns=[cell.strip() for cell in header], notes=notes,
                        currency=currency)


def _header_in_some_encoding(
    content: bytes, encoding: str, complete: bool
) -> tuple[str, list[str], tuple[int, str, list[str]]]:
    """The encoding, the sample's lines and the header (`_header`): in the detected encoding, or else
    in the first code page of another script whose header is recognised (a Russian or Chinese export
    read as Windows-1252 shows none)."""
    others = [] if encoding.startswith("utf") else [name for name in SCRIPT_ENCODINGS if name != encoding]
    failures: list[CsvFormatError] = []
    for candidate in (encoding, *others):
        lines = _LINE_BREAK.split(strip_bom(content[:SAMPLE_BYTES].decode(candidate, errors="replace")))
        if not complete:
            lines.pop()  # the sample may end inside a line
        try:
            return candidate, lines, _header(lines)
        except CsvFormatError as error:
            failures.append(error)
    raise failures[0]  # the detected encoding's reason


def _header(lines: list[str]) -> tuple[int, str, list[str]]:
    """The header line's index, delimiter and cells; index -1 and numbered columns for a file without one."""
    try:
        return _find_header(lines)
    except CsvFormatError:
        headerless = _headerless(lines)
        if headerless is None:
            raise
        return -1, *headerless


def _roles(
    header_index: int, header: list[str], by_name: dict[str, list[str]], notes: list[str]
) -> dict[str, str]:
    """Each role's column, by the header's words or, without a header, by what the columns hold; an id
    column whose values repeat is no transaction id, and a status column is said to be read."""
    if header_index < 0:
        roles = _roles_by_content(header, by_name)
        read_as = ", ".join(f"{column} read as the {role}" for role, column in roles.items())
        notes.append(f"The file has no header line: its columns are numbered, {read_as}. "
                     "Correct the mapping if that is wrong.")
    else:
        roles = _chosen_roles(header, by_name)
    id_cells = by_name[roles["external_id"]] if "external_id" in roles else []
    identifiers = [cell.strip() for cell in id_cells if cell.strip()]
    if len(set(identifiers)) < len(identifiers):  # an account's or a card's number, not a transaction's
        notes.append(f"The {roles.pop('external_id')} column repeats its values, so it does not tell "
                     "transactions apart: duplicates are found by date, amount and text instead.")
    if "status" in roles:
        notes.append(f"The {roles['status']} column says whether the bank has booked each row: rows it "
                     "marks as pending, reverted or declined are skipped.")
    return roles


def _direction_column(roles: dict[str, str], header: list[str], notes: list[str]) -> str | None:
    """The column that says which way an unsigned amount went, when there is one amount column."""
    direction_column = roles.get("direction") if "amount" in roles else None
    if direction_column is not None:
        position = [cell.strip() for cell in header].index(direction_column) + 1
        shown = f"The {direction_column} column" if direction_column else f"Column {position}, unnamed,"
        notes.append(f"{shown} says which way the money went: amounts marked as out (such as Af, S, "
                     f"Debit) are money out.")
    return direction_column


def _date_column_and_format(
    header_index: int, header: list[str], roles: dict[str, str], by_name: dict[str, list[str]],
    european: bool, account_currency: str | None, notes: list[str],
) -> tuple[str, str]:
    """The date column and its format; dates that read both ways follow the amounts' locale or the
    account's currency, and a column of no readable date is assumed in the locale's format."""
    date_column = roles.get("date") or roles.get("value_date") or _best_date_column(header, by_name)
    if date_column is None:
        raise CsvFormatError(RowProblem(
            header_index + 1, None,
            "no date column found (expected a header such as Date, Datum, Buchungstag)"))
    day_first, because = ambiguous_dates_day_first(european, account_currency)
    date_format, date_note = detect_date_format(by_name[date_column], day_first, because)
    if date_note:
        notes.append(f"Column {date_column}: {date_note} Correct the mapping if that is wrong.")
    era = _era_of(date_format, by_name[date_column])
    if era:
        notes.append(f"Column {date_column}: the years are counted in the {era}; they are read so.")
    if date_format is None:
        date_format = "%d.%m.%Y" if european else "%Y-%m-%d"
        if by_name[date_column]:
            assumed = describe_date_format(date_format)
            notes.append(f"Column {date_column}: no date format found; assumed {assumed}.")
    return date_column, date_format


def _say_when_several_accounts(header: list[str], by_name: dict[str, list[str]], notes: list[str]) -> None:
    """A note when an account column names several accounts (an export of Mint, Monarch, YNAB or Tiller
    holds all of them): their rows would all go into the one account the file is imported into."""
    for cell in header:
        if normalize_header(cell) in _ACCOUNT_NAME_HEADERS:
            accounts = sorted({value.strip() for value in by_name.get(cell.strip(), []) if value.strip()})
            if len(accounts) > 1:
                shown = ", ".join(accounts[:5]) + (", …" if len(accounts) > 5 else "")
                notes.append(f"The {cell.strip()} column names {len(accounts)} accounts ({shown}): every row "
                             "goes into the one account chosen here. Export one account at a time, or split "
                             "the file by that column, to keep them apart.")
            return


def _era_of(date_format: str | None, cells: list[str]) -> str | None:
    """The era the dates' years count in when it is not the common one (`api.imports.formats.dates`)."""
    if date_format is not None and "%R" in date_format:
        return f"Minguo era (113 is {113 + MINGUO_ERA_OFFSET})"
    if date_format is not None and "%Y" in date_format and any(
            int(year) >= BUDDHIST_ERA_FROM for cell in cells for year in _FOUR_DIGITS.findall(cell)):
        return f"Buddhist era ({2024 + BUDDHIST_ERA_OFFSET} is 2024)"
    return None


def check_is_text(content: bytes) -> None:
    """Refuse empty and binary content before anything tries to read it as lines."""
    if not content.strip():
        raise CsvFormatError(RowProblem(1, None, "the file is empty"))
    if looks_binary(content):
        raise CsvFormatError(RowProblem(
            1, None,
            "the file is not a text export (binary content, or text in an encoding it does not recognise)"))


def split_line(line: str, delimiter: str, quote_char: str = '"') -> list[str]:
    """Cells of one physical line (a quoted field left open just runs to the end of the line); a line
    the csv module cannot split (a field over its size limit) is one cell, for the reader to refuse."""
    try:
        return next(csv.reader(excel_text_lines([line], delimiter, quote_char), delimiter=delimiter,
                               quotechar=quote_char), [])
    except csv.Error:
        return [line]


def _find_header(lines: list[str]) -> tuple[int, str, list[str]]:
    """The first line whose cells are known column names, one of them a date's, with the delimiter that
    splits it so; else the first with known names (a balance summary above the transactions, as Mercado
    Pago writes one, names no date)."""
    found = list(_known_lines(lines))
    dated = [header for header in found if {"date", "value_date"} & {column_role(cell) for cell in header[2]}]
    if found:
        return (dated or found)[0]
    raise CsvFormatError(RowProblem(
        1, None,
        "no header line found: expected column names such as Date, Amount, Payee (or Datum, Betrag)"))


def _known_lines(lines: list[str]) -> Iterator[tuple[int, str, list[str]]]:
    """Each line whose cells (split by the delimiter that finds most) hold two known column names."""
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        candidates: list[tuple[int, int, str, list[str]]] = []
        for delimiter in DELIMITERS:
            if delimiter not in line:
                continue
            cells = split_line(line, delimiter)
            known = sum(1 for cell in cells if column_role(cell) is not None)
            if known >= 2:
                candidates.append((known, len(cells), delimiter, cells))
        if candidates:
            _, _, delimiter, cells = max(candidates, key=lambda candidate: candidate[:2])
            yield index, delimiter, cells


def _sniff_quote_char(lines: list[str], delimiter: str) -> str:
    """Ask csv.Sniffer for the quote character; keep the double quote when it cannot tell."""
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines), delimiters=delimiter)
    except csv.Error:
        return '"'
    quote_char = dialect.quotechar
    return quote_char if quote_char is not None and quote_char in "\"'" else '"'


def _sample_rows(lines: list[str], delimiter: str, quote_char: str) -> list[list[str]]:
    reader = csv.reader(excel_text_lines(lines, delimiter, quote_char), delimiter=delimiter,
                        quotechar=quote_char)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) >= SAMPLE_ROWS:
                break
    except csv.Error:
        pass  # the reader reports the bad line with its number; detection needs only a sample
    return rows


def _columns_by_name(header: list[str], rows: list[list[str]]) -> dict[str, list[str]]:
    columns: dict[str, list[str]] = {}
    for index, cell in enumerate(header):
        columns.setdefault(cell.strip(), [row[index] for row in rows if index < len(row)])
    return columns


def _chosen_roles(header: list[str], by_name: dict[str, list[str]]) -> dict[str, str]:
    """Each role's column: the surest by name, except that an amount column is one with amounts in it
    (RBC fills one of "CAD$" and "USD$"), and a direction column one that holds directions, named
    ("Af Bij") or not (the Volksbanken's S/H column has no header)."""
    candidates = role_candidates(header)
    roles = {role: cells[0] for role, cells in candidates.items()}
    _choose_amount(roles, candidates.get("amount", []), by_name)
    telling = {role: [column for column in candidates.get(role, []) if _tells_rows_apart(by_name[column])]
               for role in ("payee", "description")}
    for role, columns in telling.items():
        if columns:
            roles[role] = columns[0]
    texts = [column for column in telling["description"] if _holds_words(by_name[column])]
    if "payee" not in roles and len(texts) > 1:  # UBS's Beschreibung 1, 2 and 3: the party, then the text
        roles["payee"], roles["description"] = texts[:2]
    named = candidates.get("direction", [])
    unnamed = [cell.strip() for cell in header if not cell.strip()][:1]
    # A column named for directions is read as one when most of its cells are (the others are then
    # refused, not silently read as money in); an unnamed column only when all of them are.
    directions = [column for column in named if holds_directions(by_name[column], share=0.5)]
    directions += [column for column in unnamed if holds_directions(by_name[column])]
    roles.pop("direction", None)
    statuses = [column for column in candidates.get("status", []) if holds_statuses(by_name[column])]
    roles.pop("status", None)
    if statuses:
        roles["status"] = statuses[0]
    if directions:
        roles["direction"] = directions[0]
    elif named and not {"amount", "debit", "credit"} & roles.keys() and _holds_amounts(by_name[named[0]]):
        roles["amount"] = named[0]  # "Debit/Credit" holding signed amounts: the amount column after all
    elif (named and not texts and _holds_words(by_name[named[0]]) and _tells_rows_apart(by_name[named[0]])
          and not any(_holds_words(by_name[roles[text]]) for text in ("payee", "description")
                      if text in roles)):
        # A "type" column of free text is the only text (Mercado Pago's TRANSACTION_TYPE, beside an id).
        roles["description"] = named[0]
    # "Valuta" is the value date in German exports and the currency in Nordic and Romanian ones.
    codes = [column for column in candidates.get("value_date", []) if _holds_currency_codes(by_name[column])]
    if codes and "currency" not in roles:
        roles["currency"] = codes[0]
        if roles.get("value_date") == codes[0]:
            del roles["value_date"]
    return roles


def _decimal_without_evidence(
    cells: list[str], date_format: str, account_currency: str | None, notes: list[str]
) -> str:
    """The decimal separator when no amount shows it: each has three digits after its one separator
    (`12.500`, `150,000`), or none has a separator. Three digits are decimals only in a currency that
    has three (Kuwait's `12.500` dinars); elsewhere the separator groups thousands (Korea's `5,600` won,
    Chile's `12.990` pesos, `1.250` euros). Without a separator, the date's style decides."""
    marks = {mark for cell in cells for mark in ".," if mark in cell}
    if len(marks) != 1:
        return "," if "." in date_format else "."
    mark = marks.pop()
    three_decimals = account_currency is not None and _decimals(account_currency) == 3
    decimal = mark if three_decimals else ("," if mark == "." else ".")
    reading = (f"decimals, as {account_currency} has three" if three_decimals
               else "thousands, as amounts are not written with three decimals"
               + (f" in {account_currency}" if account_currency else ""))
    notes.append(f"Every amount has three digits after its {mark!r}: read as {reading}. Correct the "
                 "mapping's decimal and thousands separators if that is wrong.")
    return decimal


def _decimals(currency: str) -> int | None:
    """How many decimals a currency's amounts have (ISO 4217), None for an unknown code."""
    try:
        return minor_unit_exponent(currency)
    except (KeyError, ValueError):
        return None


def _choose_amount(roles: dict[str, str], amounts: list[str], by_name: dict[str, list[str]]) -> None:
    """The amount column: the surest named one filled on most rows (RBC fills one of "CAD$" and "USD$");
    none when debit and credit columns carry the money and no amount column does (Deutsche Bank's
    empty Betrag, ZKB's "Betrag Detail" filled only on a collective order's parts, HDFC's "Value Dat")."""
    filled = [column for column in amounts if _filled_share(by_name[column]) >= 0.5]
    some = [column for column in amounts if _filled_share(by_name[column]) > 0]
    if filled:
        roles["amount"] = filled[0]
    elif {"debit", "credit"} & roles.keys():
        roles.pop("amount", None)
    elif some:
        roles["amount"] = some[0]


def _filled_share(cells: list[str]) -> float:
    """The share of a column's sampled cells that hold something."""
    return sum(1 for cell in cells if cell.strip()) / len(cells) if cells else 0.0


def _tells_rows_apart(cells: list[str]) -> bool:
    """Whether a text column says something about each row: filled on most and not the same on all (KBC's
    "Naam" is the account holder's, UBS's "Beschreibung" the account's product, Deutsche Bank's
    "Abweichender Empfänger" mostly empty)."""
    written = {cell.strip() for cell in cells if cell.strip()}
    return _filled_share(cells) >= 0.5 and (len(written) > 1 or len(cells) < 3)


def _holds_words(cells: list[str]) -> bool:
    """Whether most written cells hold letters: text, not reference numbers."""
    written = [cell for cell in cells if cell.strip()]
    return sum(1 for cell in written if any(character.isalpha() for character in cell)) * 2 > len(written)


def _holds_currency_codes(cells: list[str]) -> bool:
    """Whether every written cell is a currency code (SEK, EUR)."""
    written = [cell.strip() for cell in cells if cell.strip()]
    return bool(written) and all(_CURRENCY_CODE.fullmatch(cell) for cell in written)


def _headerless(lines: list[str]) -> tuple[str, list[str]] | None:
    """A file without a header (Wells Fargo, CommBank): the delimiter and numbered column names, when its
    first lines split into the same number of cells, one of them always a date and one always an amount."""
    sample = [line for line in lines[:HEADERLESS_SAMPLE_LINES] if line.strip()]
    for delimiter in DELIMITERS:
        rows = [split_line(line, delimiter) for line in sample]
        widths = {len(row) for row in rows}
        if not rows or len(widths) != 1 or widths.pop() < 3:
            continue
        header = headerless_column_names(len(rows[0]))
        roles = _roles_by_content(header, _columns_by_name(header, rows))
        if "date" in roles and ("amount" in roles or "debit" in roles):
            return delimiter, header
    return None


def _roles_by_content(header: list[str], by_name: dict[str, list[str]]) -> dict[str, str]:
    """A headerless file's date, amount (or debit and credit) and payee columns, told by what they hold:
    the date column; the money (`_money_by_content`); the text that varies most."""
    roles: dict[str, str] = {}
    date_column = _best_date_column(header, by_name)
    if date_column is None or not all(cell.strip() for cell in by_name[date_column]):
        return roles
    roles["date"] = date_column
    others = [column for column in header if column != date_column]
    money = _money_by_content(others, by_name)
    if not money:
        return roles
    roles.update(money)
    # A column of dates (ABN AMRO's value date) or of amounts is no payee.
    texts = [column for column in others if column not in money.values()
             and not _holds_amounts(by_name[column]) and not _holds_dates(by_name[column])]
    if texts:
        roles["payee"] = max(texts, key=lambda column: len(set(by_name[column])))
    return roles


def _money_by_content(columns: list[str], by_name: dict[str, list[str]]) -> dict[str, str]:
    """Where a headerless file's money is: two columns of which each row fills exactly one (TD's
    withdrawals and deposits: the first is money out unless the running balance says otherwise); the
    column that takes one balance column to another on every row (ABN AMRO's start and end balances
    around the amount); else the first column of amounts (a balance comes after the amount)."""
    full = [column for column in columns if _holds_amounts(by_name[column])]
    partial = [column for column in columns if column not in full and _holds_amounts(
        [cell for cell in by_name[column] if cell.strip()]) and any(cell.strip() for cell in by_name[column])]
    for first, second in zip(partial, partial[1:]):
        if all(bool(a.strip()) != bool(b.strip()) for a, b in zip(by_name[first], by_name[second])):
            debit, credit = first, second
            if any(_balance_moves(by_name, balance, credit, debit) for balance in full):
                debit, credit = credit, debit
            return {"debit": debit, "credit": credit}
    values = {column: _amount_values(by_name[column]) for column in full}
    for amount, before, after in permutations(full, 3):
        opening, closing = values[before], values[after]
        # Each row's closing balance is the next row's opening one (or the previous row's, newest first).
        chained = closing[:-1] == opening[1:] or opening[:-1] == closing[1:]
        if chained and all(b + a == c for a, b, c in zip(values[amount], opening, closing)):
            return {"amount": amount}
    return {"amount": full[0]} if full else {}


def _balance_moves(by_name: dict[str, list[str]], balance: str, out: str, into: str) -> bool:
    """Whether the running balance moves by `into` less `out` from row to row, oldest or newest first."""
    balances = _amount_values(by_name[balance])
    changes = [a - b for a, b in zip(_amount_values(by_name[into]), _amount_values(by_name[out]))]
    steps = list(zip(balances, balances[1:]))
    forward = all(later - earlier == change for (earlier, later), change in zip(steps, changes[1:]))
    backward = all(earlier - later == change for (earlier, later), change in zip(steps, changes))
    return len(balances) > 1 and (forward or backward)


def _amount_values(cells: list[str]) -> list[Decimal]:
    """Cells of amounts as numbers (an empty cell is zero)."""
    parse_amount = amount_parser_for(cells)
    return [parse_amount(cell) if cell.strip() else Decimal(0) for cell in cells]


def _holds_dates(cells: list[str]) -> bool:
    """Whether every written cell reads as a date."""
    written = [cell for cell in cells if cell.strip()]
    date_format, _ = detect_date_format(written, day_first=True)
    if date_format is None or not written:
        return False
    parse_date = make_date_parser(date_format)
    return all(reads_as_date(parse_date, cell) for cell in written)


def _fee_charged_on_top(roles: dict[str, str], by_name: dict[str, list[str]],
                        parse_amount: AmountParser) -> str | None:
    """The fee column, when the running balance moves by the amount less the fee on rows with a fee
    (Revolut; Capitec beside Money In and Money Out), not by the amount alone (PayPal's Net, or an
    amount that already holds the fee)."""
    if not {"fee", "balance"} <= roles.keys() or not {"amount", "debit", "credit"} & roles.keys():
        return None

    def number(cell: str) -> Decimal:
        return parse_amount(cell) if cell.strip() else Decimal(0)

    def cells(role: str) -> list[str]:
        return by_name[roles[role]] if role in roles else [""] * len(by_name[roles["balance"]])

    values: list[tuple[Decimal, Decimal, Decimal]] = []
    columns = map(cells, ("amount", "debit", "credit", "fee", "balance"))
    for amount, debit, credit, fee, balance in zip(*columns):
        if not balance.strip():  # a pending row has no balance yet
            continue
        try:
            moved = number(amount) + abs(number(credit)) - abs(number(debit))
            values.append((moved, number(fee), parse_amount(balance)))
        except AmountError:
            return None
    with_fee = without_fee = 0
    for earlier, later in (*zip(values, values[1:]), *zip(values[1:], values)):  # oldest or newest first
        amount, fee, balance = later
        if fee:
            with_fee += balance - earlier[2] == amount - abs(fee)
            without_fee += balance - earlier[2] == amount
    return roles["fee"] if with_fee > without_fee else None


def _mostly_positive(cells: list[str]) -> bool:
    """Two thirds of at least four written amounts without a minus sign: few bank accounts look so (a
    card's export showing charges as positive, with a payment and a refund, does)."""
    written = [cell for cell in cells if any(character.isdigit() for character in cell)]
    negative = sum(1 for cell in written if _NEGATIVE.search(cell))
    return len(written) >= MOSTLY_POSITIVE_MINIMUM and (len(written) - negative) * 3 >= 2 * len(written)


def _holds_amounts(cells: list[str]) -> bool:
    """Every cell written, and each an amount with its cents (a cheque number has none)."""
    decimal, thousands = detect_number_format(cells)
    if decimal is None or not cells:
        return False
    parse_amount = make_amount_parser(decimal, thousands or default_thousands_separator(decimal))
    for cell in cells:
        try:
            parse_amount(cell)
        except AmountError:
            return False
    return all(_CENTS.search(cell) for cell in cells)


def _best_date_column(header: list[str], by_name: dict[str, list[str]]) -> str | None:
    """Without a date header, the column whose cells read as dates most often."""
    best_name, best_score = None, 0
    for cell in header:
        values = by_name.get(cell.strip(), [])
        date_format, _ = detect_date_format(values, day_first=True)
        if date_format is None:
            continue
        parse_date = make_date_parser(date_format)
        score = sum(1 for value in values if reads_as_date(parse_date, value))
        if score > best_score:
            best_name, best_score = cell.strip(), score
    return best_name
