"""A budget: an amount for one expense category and currency, for one month or from a month on."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import BigInteger, Boolean, Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, TimestampMixin


class Rollover(enum.Enum):
    """What happens to a month's remainder: nothing, or it carries into the next month (negative too)."""

    NONE = "none"
    CARRY = "carry"


class Budget(TimestampMixin, Base):
    """One budget row. `month` is the first day of a month.

    Categories have no currency, so a budget names its own: only expenses in that currency count.
    A row with `repeats` is a default from its month on, until a later default of the same category
    and currency replaces it; a row without `repeats` is for its month only and wins over a default
    there. At most one row per category, currency, month and kind of row (the unique key), so
    setting the same budget again updates it.
    """

    __tablename__ = "budgets"
    __table_args__ = (
        UniqueConstraint("category_id", "currency", "month", "repeats", name="uq_budgets_category_month"),
        Index("ix_budgets_user_category", "user_id", "category_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # A budget means nothing without its category: it goes with it.
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    currency: Mapped[str] = mapped_column(String(3))
    month: Mapped[date]
    repeats: Mapped[bool] = mapped_column(Boolean)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    rollover: Mapped[Rollover] = mapped_column(
        Enum(Rollover, native_enum=False, length=5, values_callable=lambda e: [m.value for m in e]),
        default=Rollover.NONE,
    )
