"""Which text encoding a bank file uses, and whether it is text at all.

UTF-8 is tried first and strictly: cp1252 bytes such as `ä` (0xE4) almost never form valid UTF-8,
so a file that decodes as UTF-8 is UTF-8. Everything else is read as cp1252 (a superset of
Latin-1 for printable text), or Latin-1 when it holds the five bytes cp1252 leaves undefined.
"""

from __future__ import annotations

import codecs

UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_CHUNK = 1 << 20
# Controls that never appear in a text export (tab, newlines and form feed do).
_BINARY_CONTROLS = frozenset(range(32)) - frozenset(b"\t\n\r\x0c\x1a")


def detect_encoding(content: bytes) -> str:
    """Name the codec of a file (or its head): utf-16, utf-8 (BOM or not), cp1252 or latin-1."""
    if content.startswith(UTF16_BOMS):
        return "utf-16"
    if _is_utf8(content) or _is_damaged_utf8(content[:_CHUNK]):
        return "utf-8"
    if _CP1252_UNDEFINED.isdisjoint(content[:_CHUNK]):
        return "cp1252"
    return "latin-1"


def looks_binary(head: bytes) -> bool:
    """True for content that is not a text export: NUL bytes or many control characters."""
    if head.startswith(UTF16_BOMS):
        return False
    sample = head[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _BINARY_CONTROLS)
    return controls > max(2, len(sample) // 100)


def _is_utf8(content: bytes) -> bool:
    """Check UTF-8 validity chunk by chunk, so a large file is never copied into one string.

    A character cut at the very end is allowed: `content` may be only the head of a file.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    view = memoryview(content)
    try:
        for start in range(0, len(view), _CHUNK):
            decoder.decode(view[start:start + _CHUNK], final=False)
    except UnicodeDecodeError:
        return False
    return True


def _is_damaged_utf8(head: bytes) -> bool:
    """UTF-8 text with a few broken bytes: mostly valid multi-byte characters, some invalid bytes.

    Reading it as cp1252 would turn every `ä` into `Ã¤` without a word; read as UTF-8, the lines
    holding the broken bytes are refused with their line numbers instead.
    """
    text = head.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = sum(1 for character in text if character > "\x7f") - broken
    return valid > broken


def strip_bom(text: str) -> str:
    """Drop a byte-order mark left at the start of decoded text."""
    return text[1:] if text.startswith("\ufeff") else text
