"""Categories: user-owned labels for income and expenses, optionally nested one level or more."""

from __future__ import annotations

import enum

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, TimestampMixin


class CategoryKind(enum.Enum):
    """Whether a category groups income or expenses."""

    INCOME = "income"
    EXPENSE = "expense"


class Category(TimestampMixin, Base):
    """A category; `parent_id` makes it a sub-category of another of the same kind."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[CategoryKind] = mapped_column(
        Enum(CategoryKind, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e])
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="CASCADE"), index=True, default=None
    )
    color: Mapped[str] = mapped_column(String(7), default="#8c8c8c")
