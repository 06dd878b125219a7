"""Remembered devices: a password sign-in kept on one device, from which each tab starts its own session.

One refresh token shared by a device's tabs does not work: each refresh spends the token, so the
second tab presented a spent one, which reads as a stolen copy and ended the sign-in in every tab.
A device token is never rotated and never refreshes anything: it only starts sessions, each with a
refresh-token family of its own. It is issued only together with a password sign-in (never in
exchange for an access or refresh token), expires REFRESH_TOKEN_DAYS after that sign-in, and its
sessions end with it: at sign-out from any of them, at a replayed refresh token of any of them, at a
password change from another device, and SESSION_MAX_DAYS after the password, refreshed or not.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Select, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.models import AuthSession, RememberedDevice
from api.auth.tokens import hash_opaque_token, new_opaque_token
from api.database import utc_now


async def remember_device(session: AsyncSession, user_id: int, lifetime: timedelta) -> tuple[str, str]:
    """A new remembered device of the user: its id and its token (only its hash is kept); the caller
    commits."""
    token = new_opaque_token()
    device = RememberedDevice(
        id=str(uuid.uuid4()), user_id=user_id, token_hash=hash_opaque_token(token),
        expires_at=utc_now() + lifetime,
    )
    session.add(device)
    await session.flush()
    return device.id, token


async def live_device(session: AsyncSession, token: str, max_age: timedelta) -> RememberedDevice | None:
    """The device of this token while it may start sessions: not revoked, not expired, not too old."""
    now = utc_now()
    found: RememberedDevice | None = await session.scalar(
        select(RememberedDevice).where(
            RememberedDevice.token_hash == hash_opaque_token(token),
            RememberedDevice.revoked_at.is_(None),
            RememberedDevice.expires_at > now,
            RememberedDevice.created_at > now - max_age,
        )
    )
    return found


def open_session_ids(signed_in_after: datetime) -> Select[str]:
    """Sessions that may still refresh: not revoked, and signed in with a password after the time given.

    A session started from a device counts from the device's password sign-in, not from the resume:
    reloading the page must not stretch a sign-in beyond SESSION_MAX_DAYS.
    """
    return (
        select(AuthSession.id)
        .outerjoin(RememberedDevice, RememberedDevice.id == AuthSession.device_id)
        .where(
            AuthSession.revoked_at.is_(None),
            func.coalesce(RememberedDevice.created_at, AuthSession.created_at) > signed_in_after,
        )
    )


async def end_sign_in(session: AsyncSession, session_id: str) -> int:
    """End a session and, when it belongs to a remembered device, that device and all its sessions.

    How many sessions ended (0 when they had already ended).
    """
    device_id = await session.scalar(select(AuthSession.device_id).where(AuthSession.id == session_id))
    if device_id is None:
        return await revoke_sessions(session, AuthSession.id == session_id)
    await revoke_devices(session, RememberedDevice.id == device_id)
    of_the_device = or_(AuthSession.id == session_id, AuthSession.device_id == device_id)
    return await revoke_sessions(session, of_the_device)


async def end_other_sign_ins(session: AsyncSession, user_id: int, current_session_id: str) -> None:
    """End every session and remembered device of the user but the current session and its device."""
    current_device_id = await session.scalar(
        select(AuthSession.device_id).where(AuthSession.id == current_session_id)
    )
    await revoke_devices(
        session, RememberedDevice.user_id == user_id, RememberedDevice.id != (current_device_id or "")
    )
    await revoke_sessions(session, AuthSession.user_id == user_id, AuthSession.id != current_session_id)


async def revoke_sessions(session: AsyncSession, *conditions: ColumnElement[bool]) -> int:
    """End the open sessions matching the conditions (their access and refresh tokens die); how many."""
    result = await session.execute(
        update(AuthSession)
        .where(AuthSession.revoked_at.is_(None), *conditions)
        .values(revoked_at=utc_now())
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[Any], result).rowcount  # DML: a CursorResult


async def revoke_devices(session: AsyncSession, *conditions: ColumnElement[bool]) -> None:
    """Forget the remembered devices matching the conditions: their tokens start no more sessions."""
    await session.execute(
        update(RememberedDevice)
        .where(RememberedDevice.revoked_at.is_(None), *conditions)
        .values(revoked_at=utc_now())
        .execution_options(synchronize_session=False)
    )
