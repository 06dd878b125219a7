"""From an uploaded or local file to an import source: the format detected, CSV streamed.

A CSV export is read row by row from its stream (`iter_csv`), so a file of a million rows never
sits in memory; its mapping is the one given (a preset, the user's correction) or detected from
the file's head. A spreadsheet (.xlsx, .xls) or a statement of `Key: value` blocks is read as the CSV it
would be. OFX, QIF and camt files are
parsed whole: statements in those formats are small.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from api.imports.formats import CsvFormatError, detect_csv, detect_format, iter_csv, parse_file
from api.imports.formats.csv_detection import SAMPLE_BYTES, check_is_text
from api.imports.formats.converted import CONVERTED_FORMATS, as_csv
from api.imports.parsed import CsvMapping
from api.imports.service import Entry, ImportSource
from api.imports.sources import batches_of, file_entries


@dataclass
class OpenedFile:
    """The source to import, and what detection found for the user to check: columns and notes."""

    source: ImportSource
    columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def open_file(
    stream: BinaryIO, file_name: str, mapping: CsvMapping | None = None, account_currency: str | None = None,
) -> OpenedFile:
    """Detect the file's format (and CSV mapping, unless given) and stream its entries; the currency of
    the account it goes into settles dates that read both ways (`detect_csv`)."""
    head = stream.read(SAMPLE_BYTES)
    stream.seek(0)
    file_format = detect_format(head, file_name)
    if file_format in CONVERTED_FORMATS:  # read whole as the CSV it would be
        try:
            stream = io.BytesIO(as_csv(stream.read(), file_format))
        except CsvFormatError as error:
            problems = batches_of([error.problem])
            return OpenedFile(ImportSource(file_name=file_name, format=file_format, batches=problems))
        head = stream.read(SAMPLE_BYTES)
        stream.seek(0)
    elif file_format != "csv":
        parsed = parse_file(stream.read(), file_name, account_currency=account_currency)
        source = ImportSource(file_name=file_name, format=parsed.format,
                              batches=batches_of(file_entries(parsed)), currency=parsed.currency)
        return OpenedFile(source, notes=list(parsed.notes))
    notes: list[str] = []
    columns: list[str] = []
    currency = None
    entries: Iterable[Entry]
    try:
        if mapping is None:
            detection = detect_csv(head, account_currency)
            mapping, columns, notes = detection.mapping, detection.columns, list(detection.notes)
            currency = detection.currency
        else:
            check_is_text(head)
        entries = iter_csv(stream, mapping, notes)
    except CsvFormatError as error:
        entries = [error.problem]
    source = ImportSource(file_name=file_name, format=file_format, batches=batches_of(entries),
                          mapping=mapping, currency=currency)
    return OpenedFile(source, columns=columns, notes=notes)
