"""Files read as the CSV they would be: spreadsheets (`workbooks`) and statements written as blocks of
`Key: value` lines (`record_blocks`). Their CSV text then goes through the same detection and reader
as a bank's CSV: preamble, column roles, presets and the mapping editor all apply."""

from __future__ import annotations

from api.imports.formats.record_blocks import (
    FORMAT as RECORD_BLOCKS,
    looks_like_record_blocks,
    record_blocks_as_csv,
)
from api.imports.formats.workbooks import XLS, XLSX, workbook_as_csv, workbook_format

CONVERTED_FORMATS = (XLSX, XLS, RECORD_BLOCKS)


def converted_format(content: bytes, file_name: str) -> str | None:
    """"xlsx", "xls" or "txt" when the content (or its head) is read as CSV text first, else None."""
    spreadsheet = workbook_format(content, file_name)
    if spreadsheet is not None:
        return spreadsheet
    return RECORD_BLOCKS if looks_like_record_blocks(content) else None


def as_csv(content: bytes, file_format: str) -> bytes:
    """The CSV text a converted format's content would be; CsvFormatError when it cannot be read."""
    if file_format == RECORD_BLOCKS:
        return record_blocks_as_csv(content)
    return workbook_as_csv(content, file_format)
