"""Imports kept as objects: what each file row became, and the CSV presets users save per account.

No column is added to `records`: an import's rows point at the records they created (or found), so
records stay the ledger's alone and no migration rebuilds them. A record deleted later leaves its
row with `record_id` NULL (the row still remembers the bank transaction: re-importing does not
bring back what the user deleted; undoing the import does forget it).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, TimestampMixin, utc_now


class RowOutcome(enum.Enum):
    """What became of one row of a file."""

    NEW = "new"
    """Recorded: a record was created for it."""
    DUPLICATE = "duplicate"
    """Already in the ledger (same bank id, or one more occurrence of the same content than is known)."""
    REFUSED = "refused"
    """Unreadable or invalid: the line, the column and the reason say why."""
    SKIPPED = "skipped"
    """Nothing to record: a zero amount, or a row the bank has not booked (pending, reverted)."""


class Import(Base):
    """One file imported into one account, with its counts; `undone_at` once undone as a whole."""

    __tablename__ = "imports"
    __table_args__ = (Index("ix_imports_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    new_count: Mapped[int] = mapped_column(default=0)
    duplicate_count: Mapped[int] = mapped_column(default=0)
    refused_count: Mapped[int] = mapped_column(default=0)
    skipped_count: Mapped[int] = mapped_column(default=0)
    undone_at: Mapped[datetime | None] = mapped_column(default=None)


class ImportRow(Base):
    """One row of an imported file: its outcome, the record it created or duplicates, or why refused.

    `fingerprint` identifies the bank transaction (see `api.imports.duplicates`); rows of kept,
    not undone imports with outcome NEW are what later files are matched against, per account.
    """

    __tablename__ = "import_rows"
    __table_args__ = (
        # Later files are matched here, and an import's own earlier batches (api.imports.duplicates).
        Index("ix_import_rows_account_fingerprint", "account_id", "fingerprint"),
        # An import's rows in file order; appended in order (a fingerprint's random order cost more).
        Index("ix_import_rows_import_line", "import_id", "line"),
        # Deleting a record sets its rows' record_id to NULL: without this index each delete scans.
        Index("ix_import_rows_record", "record_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    line: Mapped[int]
    outcome: Mapped[RowOutcome] = mapped_column(
        Enum(RowOutcome, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e])
    )
    fingerprint: Mapped[str | None] = mapped_column(String(32), default=None)
    record_id: Mapped[int | None] = mapped_column(
        ForeignKey("records.id", ondelete="SET NULL"), default=None
    )
    column: Mapped[str | None] = mapped_column(String(100), default=None)
    reason: Mapped[str | None] = mapped_column(String(500), default=None)


class CsvPreset(TimestampMixin, Base):
    """A named CSV mapping for one account (its bank's export format), as the user corrected it."""

    __tablename__ = "csv_presets"
    __table_args__ = (UniqueConstraint("account_id", "name", name="uq_csv_presets_account_id_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    mapping: Mapped[dict[str, object]] = mapped_column(JSON)
