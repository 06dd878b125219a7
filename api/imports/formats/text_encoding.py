"""Which text encoding a bank file uses, and whether it is text at all.

UTF-8 is tried first and strictly: cp1252 bytes such as `ä` (0xE4) almost never form valid UTF-8,
so a file that decodes as UTF-8 is UTF-8. Everything else is single-byte: cp1250 where Central
European banks write it (mBank's `Wpływy`, Fio's `Částka`), else cp1252 (a superset of Latin-1 for
printable text), or Latin-1 when it holds the five bytes cp1252 leaves undefined.

The two code pages share ASCII and the letters German, Czech or Polish share (ä ö ü ß á é í ó ú), and
differ in about sixty bytes: cp1250's `ł ą ż ľ ť` are cp1252's `³ ¹ ¿ ¾` and an undefined byte. A word
holding such a symbol or hole is read as cp1250's letter; where both read a letter (`č` or `è`, `ř`
or `ø`, `ń` or `ñ`), the account's currency decides: cp1250 for the currencies of the countries whose
banks write it.

Japanese banks write Shift_JIS (Microsoft's cp932): it is taken when the bytes decode as cp932 and
hold kana (which single-byte Western text can hardly form), or when the account is in yen. Banks of
other scripts write their Windows or national code page (cp1251 for Cyrillic, GBK, Big5, cp949,
cp1253, cp1255, cp874): it is taken when the account's currency is one of its countries' and the bytes
decode to letters of its script. Without that hint, the CSV detection tries these code pages in turn
for the one whose header it recognises (`SCRIPT_ENCODINGS`).
"""

from __future__ import annotations

import codecs

UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_CHUNK = 1 << 20
CP1250_CURRENCIES = frozenset({"CZK", "PLN", "HUF", "RON", "BAM", "RSD", "ALL", "MKD"})
"""Currencies of the countries whose banks write single-byte exports in cp1250 (Windows Central European)."""
SCRIPT_ENCODINGS = {
    "cp1251": ("\u0400", "\u04ff"),  # Cyrillic: Russian, Ukrainian, Bulgarian, Kazakh banks
    "gb18030": ("\u4e00", "\u9fff"),  # Han, simplified: Chinese banks and Alipay (a superset of GBK)
    "cp949": ("\uac00", "\ud7af"),  # Hangul syllables: Korean banks
    "big5": ("\u4e00", "\u9fff"),  # Han, traditional: Taiwan and Hong Kong
    "cp1253": ("\u0370", "\u03ff"),  # Greek
    "cp1255": ("\u0590", "\u05ff"),  # Hebrew
    "cp874": ("\u0e00", "\u0e7f"),  # Thai
}
"""Code pages of other scripts, in the order the CSV detection tries them, with their letters' range."""
_NATIONAL_ENCODINGS = {
    **dict.fromkeys(("RUB", "UAH", "BYN", "KZT", "BGN", "KGS", "UZS", "MKD", "RSD"), "cp1251"),
    "CNY": "gb18030", "KRW": "cp949", "TWD": "big5", "HKD": "big5", "MOP": "big5", "ILS": "cp1255",
    "THB": "cp874",
}
# Controls that never appear in a text export (tab, newlines and form feed do).
_BINARY_CONTROLS = frozenset(range(32)) - frozenset(b"\t\n\r\x0c\x1a")


def detect_encoding(content: bytes, account_currency: str | None = None) -> str:
    """Name the codec of a file (or its head): utf-16, utf-8 (BOM or not), cp932, cp1250, cp1252 or latin-1;
    the currency of the account the file goes into settles what the bytes leave open."""
    if content.startswith(UTF16_BOMS):
        return "utf-16"
    unmarked = utf16_without_bom(content)
    if unmarked is not None:
        return unmarked
    head = content[:_CHUNK]
    if _is_utf8(content) or _is_damaged_utf8(head):
        return "utf-8"
    if _reads_as_cp932(head, account_currency):
        return "cp932"
    national = _NATIONAL_ENCODINGS.get(account_currency or "")
    if national is not None and _reads_in_script(head, national):
        return national
    if _reads_as_cp1250(head, account_currency):
        return "cp1250"
    if _CP1252_UNDEFINED.isdisjoint(head):
        return "cp1252"
    return "latin-1"


def utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for UTF-16 text written without a byte order mark: Latin text in it
    has a NUL beside nearly every other byte, always on the same side; None for anything else."""
    sample = head[:8192]
    sample = sample[:len(sample) - len(sample) % 2]
    if len(sample) < 8:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    half = len(sample) // 2
    if odd >= 0.8 * half and even == 0:
        return "utf-16-le"
    if even >= 0.8 * half and odd == 0:
        return "utf-16-be"
    return None


def _reads_in_script(head: bytes, encoding: str) -> bool:
    """Whether the bytes decode strictly in the code page and their letters beyond ASCII are mostly of
    its script."""
    try:
        text = codecs.getincrementaldecoder(encoding)("strict").decode(head, final=False)
    except UnicodeDecodeError:
        return False
    first, last = SCRIPT_ENCODINGS[encoding]
    letters = [character for character in text if character > "\x7f" and character.isalpha()]
    return bool(letters) and sum(first <= character <= last for character in letters) * 2 > len(letters)


def _reads_as_cp932(head: bytes, account_currency: str | None) -> bool:
    """Whether single-byte-looking text is Japanese Shift_JIS (see the module)."""
    try:
        text = codecs.getincrementaldecoder("cp932")("strict").decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return account_currency == "JPY" or any("\u3041" <= character <= "\u30fa" for character in text)


def _reads_as_cp1250(head: bytes, account_currency: str | None) -> bool:
    """Whether the words of single-byte text read as cp1250 rather than cp1252 (see the module)."""
    central, western = head.decode("cp1250", errors="replace"), head.decode("cp1252", errors="replace")
    votes = 0
    for index in range(len(head)):
        ours, theirs = central[index], western[index]
        if ours == theirs or not _inside_a_word(central, index):
            continue
        votes += ours.isalpha() - theirs.isalpha()
    return votes > 0 or (votes == 0 and account_currency in CP1250_CURRENCIES and central != western)


def _inside_a_word(text: str, index: int) -> bool:
    """A letter beside the character and no digit: `Wp³ywy`, `Łódź`, not `£4.50`."""
    neighbours = text[max(index - 1, 0):index] + text[index + 1:index + 2]
    return any(character.isalpha() for character in neighbours) and not any(
        character.isdigit() for character in neighbours)


def looks_binary(head: bytes) -> bool:
    """True for content that is not a text export: NUL bytes or many control characters."""
    if head.startswith(UTF16_BOMS) or utf16_without_bom(head) is not None:
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
