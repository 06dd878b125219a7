"""A savings goal: a target amount by a date, held in a share of one account."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, TimestampMixin


class Goal(TimestampMixin, Base):
    """One goal, in its account's currency.

    `share_percent` of the account's balance counts towards the goal (100 = the whole account), so
    one savings account can hold several goals without splitting it into sub-accounts.
    """

    __tablename__ = "goals"
    __table_args__ = (
        CheckConstraint("share_percent BETWEEN 1 AND 100", name="share_percent_range"),
        Index("ix_goals_user_id", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # A goal measured by a deleted account has nothing left to measure: it goes with it.
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    target_minor: Mapped[int] = mapped_column(BigInteger)
    target_date: Mapped[date]
    share_percent: Mapped[int] = mapped_column(default=100)
