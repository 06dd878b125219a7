"""Which rows of a file the ledger already has: by the bank's own id, else by content, counted.

A row is identified by a fingerprint: its external id (OFX FITID, a CSV id column) when the file
gives one, else its content — date, signed amount in minor units, payee and description, each
trimmed, case-folded and with runs of whitespace collapsed. Fingerprints are per account.

Identical rows are counted, not collapsed: the k-th occurrence of a fingerprint in a file is a
duplicate when the account already holds at least k transactions with that fingerprint, and new
otherwise. So a file with the same coffee twice on one day keeps both, importing it again adds
neither, and a later file with three of them adds one. What the account holds is:

- rows of its kept, not undone imports that were recorded (outcome NEW), by the fingerprint of the
  file row as the bank wrote it, so a rule's cleaned-up payee or a later edit does not hide it (a
  record deleted by hand still counts: re-importing does not bring it back);
- records typed by hand (made by no import, even when an import found them as duplicates), by
  their content as stored: income and expenses of the account, and transfers leaving it (as money
  out). Arrivals of transfers are not matched.

Every lookup is one set-based query per batch of rows, never one per row. Imports' rows are
looked up only where they can match: earlier imports' when the account has a kept, not undone one,
and this import's own earlier batches' for the fingerprints it may have stored
(`StoredFingerprints`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from hashlib import blake2b
from typing import TypeVar

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.imports.models import Import, ImportRow, RowOutcome
from api.ledger.models import Record, RecordKind

FINGERPRINT_BYTES = 16
T = TypeVar("T")


def normalized_text(text: str) -> str:
    """Trimmed, case-folded, runs of whitespace as one space: how banks' text is compared."""
    return " ".join(text.split()).casefold()


def content_fingerprint(occurred_on: date, amount_minor: int, payee: str, description: str) -> str:
    """The fingerprint of a transaction without a bank id; `amount_minor` signed (negative = out)."""
    text = f"c\x1f{occurred_on.isoformat()}\x1f{amount_minor}\x1f{normalized_text(payee)}" \
           f"\x1f{normalized_text(description)}"
    return blake2b(text.encode(), digest_size=FINGERPRINT_BYTES).hexdigest()


def external_fingerprint(external_id: str) -> str:
    """The fingerprint of a transaction the bank gave an id (unique per account, so the id alone)."""
    return blake2b(f"x\x1f{external_id.strip()}".encode(), digest_size=FINGERPRINT_BYTES).hexdigest()


def signed_amount_minor(kind: RecordKind, amount_minor: int) -> int:
    """A stored record's effect on its own account as a bank shows it: money in positive."""
    return amount_minor if kind is RecordKind.INCOME else -amount_minor


@dataclass(slots=True)  # one per row: not frozen, whose __init__ costs four times as much
class Candidate:
    """A row to match: its fingerprint, and its date when the fingerprint is by content."""

    fingerprint: str
    content_date: date | None


@dataclass(frozen=True)
class Duplicate:
    """The row is already in the ledger: the record it matches (None once that record was deleted)."""

    record_id: int | None


class StoredFingerprints:
    """The fingerprints an import has stored so far, as a Bloom filter: its "not stored" is certain.

    A fixed 1 MiB whatever the file's length, so memory stays bounded, where a set would grow by
    some 60 bytes a row. A batch looks up this import's stored rows only for the fingerprints the
    filter may hold: probing the account's fingerprint index for every row (and, in an account
    whose earlier imports were undone, reading each undone row it found there) was the costliest
    lookup of a large import. Two bits per fingerprint: about one fingerprint in 2,000 is looked
    up in vain after 100,000 rows, one in 20 after a million.
    """

    BITS = 1 << 23
    _MASK = BITS - 1

    def __init__(self) -> None:
        self._bits = bytearray(self.BITS // 8)

    def add(self, fingerprints: Iterable[str]) -> None:
        """Remember fingerprints just stored."""
        bits, mask = self._bits, self._MASK
        for fingerprint in fingerprints:
            # Fingerprints are hexadecimal hashes: any 24 of their bits are as good as random.
            value = int(fingerprint[:12], 16)
            low, high = value & mask, (value >> 24) & mask
            bits[low >> 3] |= 1 << (low & 7)
            bits[high >> 3] |= 1 << (high & 7)

    def may_hold(self, fingerprint: str) -> bool:
        """False when the fingerprint was certainly never added."""
        value = int(fingerprint[:12], 16)
        low, high = value & self._MASK, (value >> 24) & self._MASK
        bits = self._bits
        return bool(bits[low >> 3] & (1 << (low & 7)) and bits[high >> 3] & (1 << (high & 7)))


async def find_duplicates(
    session: AsyncSession, import_id: int, account_id: int, candidates: Sequence[Candidate],
    stored: StoredFingerprints,
) -> list[Duplicate | None]:
    """For each candidate (in file order), the record it duplicates, or None when it is new.

    `stored` holds the fingerprints of this import's rows stored in earlier batches: they count as
    earlier occurrences in the same file.
    """
    fingerprints = sorted({candidate.fingerprint for candidate in candidates})
    if not fingerprints:
        return []
    maybe_stored = [fingerprint for fingerprint in fingerprints if stored.may_hold(fingerprint)]
    earlier_imports = await _has_earlier_imports(session, import_id, account_id)
    seen: dict[str, int] = defaultdict(int)
    known: defaultdict[str, list[int | None]] = defaultdict(list)
    if earlier_imports or maybe_stored:
        seen, known = await _imported_rows(session, import_id, account_id,
                                           fingerprints if earlier_imports else maybe_stored,
                                           this_import=bool(maybe_stored), earlier_imports=earlier_imports)
    content_dates = sorted({candidate.content_date for candidate in candidates if candidate.content_date})
    if content_dates:
        for fingerprint, record_id in await _typed_records(session, account_id, content_dates):
            known[fingerprint].append(record_id)
    matches: list[Duplicate | None] = []
    for candidate in candidates:
        occurrence = seen.get(candidate.fingerprint, 0)
        seen[candidate.fingerprint] = occurrence + 1
        records = known.get(candidate.fingerprint, ())
        matches.append(Duplicate(records[occurrence]) if occurrence < len(records) else None)
    return matches


async def _has_earlier_imports(session: AsyncSession, import_id: int, account_id: int) -> bool:
    """Whether another kept, not undone import went into the account (asked per batch: on PostgreSQL
    one may commit while this import runs)."""
    return bool(await session.scalar(select(exists().where(
        Import.account_id == account_id, Import.id != import_id, Import.undone_at.is_(None),
    ))))


def _padded(values: list[T]) -> list[T]:
    """The values with the last repeated up to the next power of two, so IN lists come in a few lengths.

    Each length is another SQL text, which SQLite's driver prepares and keeps in the pooled
    connection's statement cache (up to 128): the ~50 lengths of a 100,000-row import's batches held
    21 MB for as long as the server ran, and every import added more.
    """
    size = 1 << (len(values) - 1).bit_length()
    return values + values[-1:] * (size - len(values))


async def _imported_rows(
    session: AsyncSession, import_id: int, account_id: int, fingerprints: list[str], this_import: bool,
    earlier_imports: bool,
) -> tuple[dict[str, int], defaultdict[str, list[int | None]]]:
    """In one query on the account's import rows with these fingerprints (one index serves both):
    how often each occurred in this import's batches already stored (when `this_import`), and the
    records earlier kept, not undone imports into the account made, oldest first (when
    `earlier_imports`)."""
    this_import_row = ImportRow.import_id == import_id
    earlier_import_row = and_(ImportRow.import_id != import_id, ImportRow.outcome == RowOutcome.NEW,
                              Import.undone_at.is_(None))
    wanted = [condition for condition, include in ((this_import_row, this_import),
                                                   (earlier_import_row, earlier_imports)) if include]
    rows = await session.execute(
        select(ImportRow.fingerprint, ImportRow.record_id, this_import_row.label("this_import"))
        .join(Import, Import.id == ImportRow.import_id)
        .where(
            ImportRow.account_id == account_id,
            ImportRow.fingerprint.in_(_padded(fingerprints)),
            or_(*wanted),
        )
        .order_by(ImportRow.id)
    )
    seen: dict[str, int] = defaultdict(int)
    known: defaultdict[str, list[int | None]] = defaultdict(list)
    for fingerprint, record_id, in_this_import in rows:
        if fingerprint is None:  # the IN condition leaves none, but the column may be NULL
            continue
        if in_this_import:
            seen[fingerprint] += 1
        else:
            known[fingerprint].append(record_id)
    return seen, known


async def _typed_records(session: AsyncSession, account_id: int, dates: list[date]) -> list[tuple[str, int]]:
    """Fingerprints of the account's records on these dates that no import made (typed by hand)."""
    rows = await session.execute(
        select(Record.id, Record.occurred_on, Record.kind, Record.amount_minor, Record.payee,
               Record.description)
        .where(
            Record.account_id == account_id,
            Record.occurred_on.in_(_padded(dates)),
            # Made by no import: one that an import found as a duplicate is still typed by hand.
            ~exists().where(ImportRow.record_id == Record.id, ImportRow.outcome == RowOutcome.NEW),
        )
        .order_by(Record.id)
    )
    return [
        (content_fingerprint(occurred_on, signed_amount_minor(kind, amount_minor), payee, description),
         record_id)
        for record_id, occurred_on, kind, amount_minor, payee, description in rows
    ]
