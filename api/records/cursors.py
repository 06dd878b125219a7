"""Opaque pagination cursors: the (date, id) of the last record a page showed."""

from __future__ import annotations

import base64
import binascii
from datetime import date

from api.errors import InvalidInput
from api.graphql.ids import MAX_ID

MAX_CURSOR_LENGTH = 64
_SEPARATOR = ":"
_URL_SAFE = bytes.maketrans(b"+/", b"-_")


def encode_cursor(occurred_on: date, record_id: int) -> str:
    """A cursor clients pass back unchanged to continue after this record.

    `base64.urlsafe_b64encode` in one step: a page encodes one per record.
    """
    text = f"{occurred_on.isoformat()}{_SEPARATOR}{record_id}".encode()
    return binascii.b2a_base64(text, newline=False).translate(_URL_SAFE).decode()


def decode_cursor(cursor: str, field: str = "after") -> tuple[date, int]:
    """The (date, id) a cursor encodes; anything not made by `encode_cursor` is bad input."""
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
        day, record_id = text.split(_SEPARATOR)
        if not (record_id.isascii() and record_id.isdigit()) or int(record_id) > MAX_ID:
            raise ValueError("not an id")
        return date.fromisoformat(day), int(record_id)
    except (ValueError, UnicodeError, binascii.Error):
        raise InvalidInput(field, "not a cursor returned by this API") from None
