"""A user's rules, in order: the first whose conditions all hold gives its actions to a record."""

from __future__ import annotations

import enum

from sqlalchemy import JSON, Boolean, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, TimestampMixin


class TextMatch(enum.Enum):
    """How a rule's text is compared with a record's payee or description."""

    CONTAINS = "contains"
    EQUALS = "equals"
    REGEX = "regex"


class Direction(enum.Enum):
    """Which way the money goes: in (income, refunds), out (expenses), or either."""

    IN = "in"
    OUT = "out"
    ANY = "any"


def _enum_column(enum_class: type[enum.Enum], length: int) -> Enum:
    """Stored by value as a short string (no native enum type to migrate on PostgreSQL)."""
    return Enum(enum_class, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class Rule(TimestampMixin, Base):
    """One rule. Conditions left NULL always hold; at least one action is set.

    Amounts are signed decimal strings (negative = money out) compared with the record's amount in
    its own currency: stored as text because SQLite keeps `Numeric` as a float, and no currency is
    implied when the rule names no account. Positions order a user's rules (ties by id); they are
    not unique, so a reorder rewrites them without a two-phase dance around a constraint.
    """

    __tablename__ = "rules"
    __table_args__ = (Index("ix_rules_user_position", "user_id", "position", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(100))
    payee_match: Mapped[TextMatch | None] = mapped_column(_enum_column(TextMatch, 10), default=None)
    payee_pattern: Mapped[str | None] = mapped_column(String(200), default=None)
    description_match: Mapped[TextMatch | None] = mapped_column(_enum_column(TextMatch, 10), default=None)
    description_pattern: Mapped[str | None] = mapped_column(String(200), default=None)
    case_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    min_amount: Mapped[str | None] = mapped_column(String(40), default=None)
    max_amount: Mapped[str | None] = mapped_column(String(40), default=None)
    # A rule for an account is meaningless without it: it goes with the account.
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True, default=None
    )
    direction: Mapped[Direction] = mapped_column(_enum_column(Direction, 3), default=Direction.ANY)
    # A deleted category leaves the rule's other actions; a rule left with none is skipped.
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL"), index=True, default=None
    )
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    set_payee: Mapped[str | None] = mapped_column(String(200), default=None)
