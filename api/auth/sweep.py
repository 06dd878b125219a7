"""Sign-in rows that can never sign anyone in again, deleted when their user signs in with a password.

Every refresh adds a token and every dashboard tab a session, so without this the auth tables grow
for as long as the server runs. Only what no request can use any more goes:

- refresh tokens past their expiry: they refresh nothing, and a replayed one is refused as unknown
  exactly as it was refused as expired (reuse detection keeps the used tokens until then);
- sessions that are revoked, or whose every refresh token expired: an access token dies with its
  session, and it never outlives the refresh token issued with it (ACCESS_TOKEN_MINUTES is at most
  a day, REFRESH_TOKEN_DAYS at least one);
- remembered devices that are revoked or expired once no session of theirs is left: deleting one
  earlier would take live sessions with it (ON DELETE CASCADE).

Swept per user at a password sign-in, in its transaction: what one user can pile up is then bounded
by one sign-in's lifetime (SESSION_MAX_DAYS), with no background job to run in every worker.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.models import AuthSession, RefreshToken, RememberedDevice


async def sweep_sign_ins(session: AsyncSession, user_id: int, now: datetime) -> None:
    """Delete the user's refresh tokens, sessions and devices that can no longer be used; the caller
    commits."""
    sessions_of_user = select(AuthSession.id).where(AuthSession.user_id == user_id)
    await session.execute(
        delete(RefreshToken)
        .where(RefreshToken.session_id.in_(sessions_of_user), RefreshToken.expires_at <= now)
        .execution_options(synchronize_session=False)
    )
    has_token = exists().where(RefreshToken.session_id == AuthSession.id)
    ended = sessions_of_user.where(or_(AuthSession.revoked_at.is_not(None), ~has_token))
    await session.execute(
        delete(RefreshToken).where(RefreshToken.session_id.in_(ended))
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        delete(AuthSession).where(AuthSession.id.in_(ended)).execution_options(synchronize_session=False)
    )
    has_session = exists().where(AuthSession.device_id == RememberedDevice.id)
    await session.execute(
        delete(RememberedDevice)
        .where(
            RememberedDevice.user_id == user_id,
            or_(RememberedDevice.revoked_at.is_not(None), RememberedDevice.expires_at <= now),
            ~has_session,
        )
        .execution_options(synchronize_session=False)
    )
