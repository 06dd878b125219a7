"""Sign-in sessions, their rotating refresh tokens, and remembered devices that start new sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, utc_now


class RememberedDevice(Base):
    """A sign-in kept on one device (the dashboard's cookie): its token starts new sessions, unrotated.

    Each browser tab resumes into a session (a refresh-token family) of its own, so tabs never present
    each other's rotated tokens; signing out of any of them revokes the device and all its sessions.
    """

    __tablename__ = "remembered_devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class AuthSession(Base):
    """One sign-in (a refresh-token family); access tokens carry its id and die with it."""

    __tablename__ = "auth_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    # The remembered device this session was started from or that its password sign-in created.
    device_id: Mapped[str | None] = mapped_column(
        ForeignKey("remembered_devices.id", ondelete="CASCADE"), index=True, default=None
    )


class RefreshToken(Base):
    """A refresh token, stored as its SHA-256 hash; used once, then replaced."""

    __tablename__ = "refresh_tokens"
    __table_args__ = (Index("ix_refresh_tokens_session_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("auth_sessions.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)
