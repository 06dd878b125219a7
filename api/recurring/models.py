"""Schedules of recurring records, the occurrences they have created, and dismissed suggestions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Boolean, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, TimestampMixin
from api.ledger.models import RecordKind
from api.recurring.dates import Recurrence, Unit


def _enum_column(enum_class: type[Unit] | type[RecordKind], length: int) -> Enum:
    """Stored by value as a short string (no native enum type to migrate on PostgreSQL)."""
    return Enum(enum_class, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class Schedule(TimestampMixin, Base):
    """A record to create on every due date: what (account, kind, amount, …) and when (the recurrence).

    `materialized_through` is the last due date whose record exists (NULL: none yet), and
    `next_due_on` the first due date after it (NULL: the schedule has ended). "Is anything due?"
    is then one indexed range query on (user_id, next_due_on), and an edit of the recurrence
    continues after the records already created instead of creating them again.
    `estimated` marks an amount that is a guess (a utility bill): its records carry the tag
    `estimated` so they can be found and corrected.
    """

    __tablename__ = "recurring_schedules"
    __table_args__ = (
        Index("ix_recurring_schedules_user_next_due", "user_id", "next_due_on"),
        Index("ix_recurring_schedules_next_due", "next_due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # A schedule is meaningless without its accounts: it goes with them (its records stay).
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[RecordKind] = mapped_column(_enum_column(RecordKind, 10))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL"), index=True, default=None
    )
    counterpart_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True, default=None
    )
    counterpart_amount_minor: Mapped[int | None] = mapped_column(BigInteger, default=None)
    payee: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(String(500), default="")
    unit: Mapped[Unit] = mapped_column(_enum_column(Unit, 5))
    every: Mapped[int] = mapped_column(default=1)
    day_of_month: Mapped[int | None] = mapped_column(default=None)
    last_day_of_month: Mapped[bool] = mapped_column(Boolean, default=False)
    start_on: Mapped[date]
    end_on: Mapped[date | None] = mapped_column(default=None)
    occurrence_limit: Mapped[int | None] = mapped_column(default=None)
    materialized_through: Mapped[date | None] = mapped_column(default=None)
    next_due_on: Mapped[date | None] = mapped_column(default=None)

    @property
    def recurrence(self) -> Recurrence:
        """The schedule's dates."""
        return Recurrence(
            unit=self.unit, start=self.start_on, every=self.every, day_of_month=self.day_of_month,
            last_day_of_month=self.last_day_of_month, end=self.end_on, count=self.occurrence_limit,
        )


class ScheduleOccurrence(Base):
    """A due date a schedule has created its record for: the primary key is what makes it exactly once.

    Whoever inserts the row (INSERT … ON CONFLICT DO NOTHING) creates the record, in the same
    transaction; a conflict means another request or worker did. `record_id` becomes NULL when
    the user deletes that record, and the row stays, so the record is not created again.
    """

    __tablename__ = "schedule_occurrences"

    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("recurring_schedules.id", ondelete="CASCADE"), primary_key=True
    )
    due_on: Mapped[date] = mapped_column(primary_key=True)
    record_id: Mapped[int | None] = mapped_column(
        ForeignKey("records.id", ondelete="SET NULL"), index=True, default=None
    )


class DismissedSuggestion(Base):
    """A suggestion the user turned down, by its key, so it is not proposed again."""

    __tablename__ = "dismissed_recurring_suggestions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    suggestion_key: Mapped[str] = mapped_column(String(64), primary_key=True)
