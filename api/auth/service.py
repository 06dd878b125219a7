"""Registration, sign-in and sessions: plain functions over a database session."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.models import AuthSession, RefreshToken
from api.auth.passwords import validate_new_password
from api.auth.tokens import hash_refresh_token, new_refresh_token
from api.categories.defaults import create_default_categories
from api.database import utc_now
from api.errors import Unauthenticated
from api.state import AppState
from api.users.models import User
from api.users.service import create_user, find_user_by_email, normalize_email

INVALID_CREDENTIALS = "The email or password is incorrect"


@dataclass(frozen=True)
class IssuedTokens:
    """What a successful sign-in or refresh hands back."""

    user: User
    access_token: str
    refresh_token: str
    expires_in_seconds: int


async def register(session: AsyncSession, state: AppState, email: str, password: str) -> IssuedTokens:
    """Create a user with the default categories and sign them in."""
    normalized_email = normalize_email(email)
    validate_new_password(password)
    password_hash = await state.password_hasher.hash(password)
    user = await create_user(session, normalized_email, password_hash)
    await create_default_categories(session, user.id)
    tokens = await start_session(session, state, user)
    await session.commit()
    return tokens


async def authenticate_credentials(
    session: AsyncSession, state: AppState, email: str, password: str
) -> User:
    """The user these credentials belong to, or Unauthenticated (same message either way)."""
    user = await find_user_by_email(session, email.strip())
    if user is None or not await state.password_hasher.verify(password, user.password_hash):
        raise Unauthenticated(INVALID_CREDENTIALS)
    return user


async def start_session(session: AsyncSession, state: AppState, user: User) -> IssuedTokens:
    """Open a new sign-in session with its first refresh token; the caller commits."""
    auth_session = AuthSession(id=str(uuid.uuid4()), user_id=user.id)
    session.add(auth_session)
    await session.flush()
    return await issue_tokens(session, state, user, auth_session.id)


async def issue_tokens(
    session: AsyncSession, state: AppState, user: User, session_id: str
) -> IssuedTokens:
    """A fresh access token and a new refresh token in the given session; the caller commits."""
    refresh_token = new_refresh_token()
    session.add(
        RefreshToken(
            session_id=session_id,
            token_hash=hash_refresh_token(refresh_token),
            expires_at=utc_now() + timedelta(days=state.settings.refresh_token_days),
        )
    )
    await session.flush()
    return IssuedTokens(
        user=user,
        access_token=state.token_codec.issue(user.id, session_id),
        refresh_token=refresh_token,
        expires_in_seconds=int(state.token_codec.lifetime.total_seconds()),
    )
