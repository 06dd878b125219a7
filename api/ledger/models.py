"""Records: income, expenses and transfers, amounts in integer minor units."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import BigInteger, CheckConstraint, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.database import Base, TimestampMixin


class RecordKind(enum.Enum):
    """Money in, money out, or money moved between two of the user's accounts."""

    INCOME = "income"
    EXPENSE = "expense"
    TRANSFER = "transfer"


class Record(TimestampMixin, Base):
    """One record. `amount_minor` is positive, except for an expense refund (a negative expense).

    The kind gives the direction: income adds to the account, an expense takes from it (so a
    refund adds), a transfer moves money. Zero is never stored.

    A transfer leaves `account_id` and arrives in `counterpart_account_id`; when the two accounts
    have different currencies, `counterpart_amount_minor` is what arrived (in the counterpart's
    currency), otherwise it equals `amount_minor`.
    """

    __tablename__ = "records"
    __table_args__ = (
        CheckConstraint("amount_minor > 0 OR (kind = 'expense' AND amount_minor < 0)", name="amount_sign"),
        CheckConstraint(
            "(kind = 'transfer') = (counterpart_account_id IS NOT NULL)", name="transfer_has_counterpart"
        ),
        Index("ix_records_user_date", "user_id", "occurred_on", "id"),
        Index("ix_records_user_category_date", "user_id", "category_id", "occurred_on"),
        Index("ix_records_account_date", "account_id", "occurred_on"),
        Index("ix_records_counterpart_date", "counterpart_account_id", "occurred_on"),
        # Covers byPayee: payees are not in the roll-ups (migration 0004).
        Index(
            "ix_records_user_kind_payee",
            "user_id", "kind", "payee", "currency", "occurred_on", "amount_minor",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    kind: Mapped[RecordKind] = mapped_column(
        Enum(RecordKind, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e])
    )
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    occurred_on: Mapped[date]
    payee: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL"), default=None
    )
    counterpart_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), default=None
    )
    counterpart_amount_minor: Mapped[int | None] = mapped_column(BigInteger, default=None)

    tags: Mapped[list[RecordTag]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="RecordTag.tag"
    )

    @property
    def tag_names(self) -> list[str]:
        """The record's tags, sorted."""
        return [tag.tag for tag in self.tags]


class RecordTag(Base):
    """A free-form tag on a record; a record carries each tag once."""

    __tablename__ = "record_tags"
    __table_args__ = (Index("ix_record_tags_tag", "tag"),)

    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(50), primary_key=True)


class RollupKind(enum.Enum):
    """What a roll-up row sums: one kind of record, or one side of the transfers of an account."""

    INCOME = "income"
    EXPENSE = "expense"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"


UNCATEGORIZED_KEY = 0
"""`MonthlyRollup.category_key` of uncategorized records (NULL would defeat the upsert's unique key)."""


class MonthlyRollup(Base):
    """Per user, account, calendar month, kind, category and currency: the sum and count of records.

    Derived from `records` and kept exactly in step by `api.ledger.writer` in the same transaction.
    `amount_minor` sums amounts as stored: income and expenses by their own account (an expense
    refund is a negative expense, so refunds net), a transfer once as TRANSFER_OUT of its account
    (`amount_minor`) and once as TRANSFER_IN of its counterpart (`counterpart_amount_minor`, in the
    counterpart's currency). A row whose count falls to zero is deleted. `fintrack ledger check`
    compares the table with the records; `fintrack ledger rebuild` recomputes it.
    """

    __tablename__ = "monthly_rollups"
    __table_args__ = (
        Index("ix_monthly_rollups_account_month", "account_id", "month"),
        # Covers the summaries' reads (a user's months grouped by kind, category and currency, or by
        # account): on SQLite each row read through the primary key cost a table lookup and a sort.
        Index(
            "ix_monthly_rollups_user_month_covering",
            "user_id", "month", "kind", "category_key", "currency", "account_id",
            "amount_minor", "record_count",
        ),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[RollupKind] = mapped_column(
        Enum(RollupKind, native_enum=False, length=12, values_callable=lambda e: [m.value for m in e]),
        primary_key=True,
    )
    category_key: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    record_count: Mapped[int]


class MonthlyPayeeRollup(Base):
    """Per user, kind (income or expense), month, account, category, payee and currency: sum and count.

    What `byPayee` reads for the whole months of a range instead of every record: a user has a few
    dozen payees a month but thousands of records. Keyed by account and category too, so it answers
    the same filters as `MonthlyRollup`. Records without a payee and transfers are not in it (byPayee
    leaves the former out and reads the latter, rare with a payee, from the records). Kept exactly in
    step by `api.ledger.writer` in the same transaction; a row whose count falls to zero is deleted;
    `fintrack ledger check` and `rebuild` cover it with `MonthlyRollup`. On SQLite the table is its
    primary key (WITHOUT ROWID), so a range of months is read without table lookups.
    """

    __tablename__ = "monthly_payee_rollups"
    __table_args__ = {"sqlite_with_rowid": False}

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[RollupKind] = mapped_column(
        Enum(RollupKind, native_enum=False, length=12, values_callable=lambda e: [m.value for m in e]),
        primary_key=True,
    )
    month: Mapped[date] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    category_key: Mapped[int] = mapped_column(primary_key=True)
    payee: Mapped[str] = mapped_column(String(200), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    record_count: Mapped[int]
