"""Statements written as one block of `Key: value` lines per transaction, read as the CSV they would be.

Santander UK's "Text file" download is such a statement: a `From:` and an `Account:` line, then for
each transaction `Date:`, `Description:`, `Amount:` and `Balance:` lines (with a no-break space after
the colon, in Windows-1252). Each block becomes a CSV row on the line of its `Date:` line, so a row's
problems name the statement's own line; the keys are the header.
"""

from __future__ import annotations

import csv
import io
import re

from api.imports.formats.text_encoding import detect_encoding

FORMAT = "txt"
_FIELD = re.compile(r"^\s*([A-Za-z][A-Za-z ]{1,30}):[\s\u00a0]*(.*?)\s*$")
_FIRST_KEY = "date"
_REQUIRED_KEYS = frozenset({"date", "amount"})
MIN_BLOCKS = 2
DETECTION_BYTES = 64 * 1024


def looks_like_record_blocks(content: bytes) -> bool:
    """Whether the text is `Key: value` blocks, each with a date and an amount, at least two of them (its
    head tells: this runs on every file whose format is detected)."""
    lines = _lines(content[:DETECTION_BYTES])
    keys = [field.group(1).strip().lower() for field in map(_FIELD.match, lines) if field]
    return all(keys.count(key) >= MIN_BLOCKS for key in _REQUIRED_KEYS)


def record_blocks_as_csv(content: bytes) -> bytes:
    """The blocks as UTF-8 CSV: a header of the blocks' keys on line 1, each block on its Date line."""
    blocks: list[tuple[int, dict[str, str]]] = []
    keys: dict[str, None] = {}
    for number, line in enumerate(_lines(content), start=1):
        field = _FIELD.match(line)
        if field is None:
            continue
        key, value = field.group(1).strip(), field.group(2).replace("\u00a0", " ").strip()
        if key.lower() == _FIRST_KEY:
            blocks.append((number, {}))
        if blocks:  # lines above the first block (From:, Account:) are the statement's, not a row's
            blocks[-1][1][key] = value
            keys.setdefault(key)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(keys)
    written = 1
    for number, block in blocks:
        text.write("\n" * max(number - 1 - written, 0))
        written = max(number - 1, written)
        writer.writerow([block.get(key, "") for key in keys])
        written += 1
    return text.getvalue().encode()


def _lines(content: bytes) -> list[str]:
    return content.decode(detect_encoding(content), errors="replace").splitlines()
