"""The user: the owner of every account, category and record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, utc_now


class User(Base):
    """A person who signs in; email is stored lower-cased and unique."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    # An IANA name; "today" for budgets and goals is the date in this zone.
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
