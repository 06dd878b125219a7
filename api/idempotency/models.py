"""Idempotency keys remembered per user and operation, with a reference to the first result."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, utc_now


class IdempotencyKey(Base):
    """A write done once under `key`: `request_hash` tells a retry from a different request.

    `result` references what the first request made (record ids, an import id), never a copy of
    the response: a retry answers the objects as they are now.
    """

    __tablename__ = "idempotency_keys"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    operation: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
