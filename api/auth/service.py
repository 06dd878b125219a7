"""Registration, sign-in, resuming a remembered sign-in, token refresh, sign-out and password changes."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, NoReturn, cast

from sqlalchemy import CursorResult, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.credentials import Credentials
from api.auth.devices import (
    end_other_sign_ins, end_sign_in, live_device, open_session_ids, remember_device,
)
from api.auth.models import AuthSession, RefreshToken
from api.auth.passwords import PasswordHasher, validate_new_password
from api.auth.sweep import sweep_sign_ins
from api.auth.tokens import TokenCodec, hash_opaque_token, new_opaque_token
from api.categories.defaults import create_default_categories
from api.database import utc_now
from api.errors import Forbidden, InvalidInput, RateLimited, Unauthenticated
from api.monitoring.metrics import LOGINS
from api.users.models import User
from api.users.service import create_user, find_user_by_email, normalize_email, sign_in_email

logger = logging.getLogger("api.auth")

INVALID_CREDENTIALS = "The email or password is incorrect"
REFRESH_REFUSED = "The refresh token is invalid or has expired; sign in again"
DEVICE_REFUSED = "The device token is invalid, has expired or was signed out; sign in again"
NOT_SIGNED_IN = "Sign in to continue, or send the refresh token to sign out"
REGISTRATION_CLOSED = "Registration is closed on this server; ask its operator for an account"
# Built once: every authenticated request runs it, and building it cost a third of signing one in.
_SIGNED_IN_USER = (
    select(User)
    .join(AuthSession, AuthSession.user_id == User.id)
    .where(
        User.id == bindparam("user_id"),
        AuthSession.id == bindparam("session_id"),
        AuthSession.revoked_at.is_(None),
    )
)


@dataclass(frozen=True)
class IssuedTokens:
    """What a successful sign-in or refresh hands back."""

    user: User
    access_token: str
    refresh_token: str
    expires_in_seconds: int
    device_token: str | None = None  # only from a sign-in asked to be remembered


async def register(
    session: AsyncSession, credentials: Credentials, email: str, password: str, client_address: str
) -> IssuedTokens:
    """Create a user with the default categories and sign them in (unless REGISTRATION_OPEN is false).

    An email that is taken is refused on the email field, which tells anyone that it has an account
    here: without e-mail sending there is no other way to answer honestly (see README, Passwords).
    Registrations are limited per client address and overall (RegistrationLimiter), counted after
    the cheap input checks and before the password is hashed.
    """
    if not credentials.registration_open:
        raise Forbidden(REGISTRATION_CLOSED)
    # Checked here too (add_user repeats it, cheaply), so that refused input is not counted.
    normalize_email(email)
    validate_new_password(password)
    retry_after = await credentials.registration_limiter.start_registration(client_address)
    if retry_after is not None:
        raise RateLimited(f"Too many registrations; try again in {retry_after} seconds", retry_after)
    user = await add_user(session, credentials.password_hasher, email, password)
    tokens = await start_session(session, credentials, user)
    await session.commit()
    return tokens


async def add_user(session: AsyncSession, password_hasher: PasswordHasher, email: str, password: str) -> User:
    """Validate and add a user with the default categories, without signing in; the caller commits."""
    normalized_email = normalize_email(email)
    validate_new_password(password)
    password_hash = await password_hasher.hash(password)
    user = await create_user(session, normalized_email, password_hash)
    await create_default_categories(session, user.id)
    return user


async def login(
    session: AsyncSession, credentials: Credentials, email: str, password: str, client_address: str,
    remember: bool = False,
) -> IssuedTokens:
    """Sign in and open a new session; every outcome is counted in the LOGINS metric.

    With `remember`, the device is remembered too: its token (in `device_token`) starts new sessions
    with `resume` until sign-out (see api.auth.devices). A hash of an older scheme is replaced now that
    the password is known, and the user's sign-in rows that can no longer be used are deleted
    (api.auth.sweep).
    """
    try:
        user = await authenticate_credentials(session, credentials, email, password, client_address)
    except RateLimited:
        LOGINS.labels(outcome="rate_limited").inc()
        raise
    except Unauthenticated:
        LOGINS.labels(outcome="failure").inc()
        raise
    if credentials.password_hasher.needs_rehash(user.password_hash):
        user.password_hash = await credentials.password_hasher.hash(password)
    await sweep_sign_ins(session, user.id, utc_now())
    device_token = None
    device_id = None
    if remember:
        lifetime = timedelta(days=credentials.refresh_token_days)
        device_id, device_token = await remember_device(session, user.id, lifetime)
    tokens = replace(await start_session(session, credentials, user, device_id), device_token=device_token)
    await session.commit()
    LOGINS.labels(outcome="success").inc()
    return tokens


async def authenticate_credentials(
    session: AsyncSession, credentials: Credentials, email: str, password: str, client_address: str
) -> User:
    """The user these credentials belong to, or Unauthenticated (same message and time either way)."""
    normalized_email = sign_in_email(email)
    user = await find_user_by_email(session, normalized_email)
    password_hash = user.password_hash if user is not None else None
    await _release_connection(session)
    matches = await _check_password(credentials, normalized_email, client_address, password, password_hash)
    if user is None or not matches:
        raise Unauthenticated(INVALID_CREDENTIALS)
    return user


async def signed_in_user(
    session: AsyncSession, token_codec: TokenCodec, authorization: str
) -> tuple[User, str]:
    """The user and session id behind an `Authorization: Bearer` header, while that session is open.

    Shared by GraphQL and the plain HTTP routes (downloads), so both accept exactly the same tokens.
    """
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Sign in to continue: send 'Authorization: Bearer <access token>'")
    claims = token_codec.decode(token.strip())
    user = await session.scalar(_SIGNED_IN_USER, {"user_id": claims.user_id, "session_id": claims.session_id})
    if user is None:
        raise Unauthenticated("The session has ended; sign in again")
    return user, claims.session_id


def bearer_authenticator(
    token_codec: TokenCodec,
) -> Callable[[AsyncSession, str], Awaitable[tuple[User, str]]]:
    """`signed_in_user` with this codec: how the GraphQL context, which knows no auth, signs a request in."""

    async def authenticate(session: AsyncSession, authorization: str) -> tuple[User, str]:
        return await signed_in_user(session, token_codec, authorization)

    return authenticate


async def change_password(
    session: AsyncSession,
    credentials: Credentials,
    *,
    user: User,
    current_session_id: str,
    current_password: str,
    new_password: str,
    client_address: str,
) -> None:
    """Replace the password after checking the current one; the user's other sessions end."""
    validate_new_password(new_password, field="newPassword")
    await _release_connection(session)
    if not await _check_password(
        credentials, user.email, client_address, current_password, user.password_hash
    ):
        raise InvalidInput("currentPassword", "is incorrect")
    user.password_hash = await credentials.password_hasher.hash(new_password)
    await end_other_sign_ins(session, user.id, current_session_id)
    await session.commit()


async def resume(session: AsyncSession, credentials: Credentials, device_token: str) -> IssuedTokens:
    """Start a new session from a remembered device (a new tab, a reload); the device token stays valid.

    Nothing is rotated here: the device's other tabs keep their own sessions, and the token the
    caller already holds stays the one to resume with (so `device_token` is not handed back).
    """
    device = await live_device(session, device_token, timedelta(days=credentials.session_max_days))
    if device is None:
        raise Unauthenticated(DEVICE_REFUSED)
    user = await session.get_one(User, device.user_id)
    tokens = await start_session(session, credentials, user, device.id)
    await session.commit()
    return tokens


async def refresh(session: AsyncSession, credentials: Credentials, refresh_token: str) -> IssuedTokens:
    """Rotate a refresh token: mark it used and issue a new pair in the same session.

    The token is marked with a conditional UPDATE, so of two requests presenting it only one can
    win; the other (like any later use of a rotated token) counts as reuse of a copied token and
    ends the whole session (and the remembered device it belongs to, with its other sessions). A
    session signed in with a password more than SESSION_MAX_DAYS ago is not refreshed, however
    recently it was: a stolen refresh token kept in use cannot keep a session alive for ever.
    """
    token_hash = hash_opaque_token(refresh_token)
    now = utc_now()
    open_sessions = open_session_ids(now - timedelta(days=credentials.session_max_days))
    marked = await session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.token_hash == token_hash,
            RefreshToken.used_at.is_(None),
            RefreshToken.expires_at > now,
            RefreshToken.session_id.in_(open_sessions),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], marked).rowcount != 1:  # DML: a CursorResult
        await _refuse_refresh(session, token_hash)
    session_id, user = (
        await session.execute(
            select(AuthSession.id, User)
            .join(User, User.id == AuthSession.user_id)
            .join(RefreshToken, RefreshToken.session_id == AuthSession.id)
            .where(RefreshToken.token_hash == token_hash)
        )
    ).one()
    tokens = await issue_tokens(session, credentials, user, session_id)
    await session.commit()
    return tokens


async def logout(session: AsyncSession, signed_in_session_id: str | None, refresh_token: str | None) -> None:
    """End the signed-in session or, without a valid access token, the refresh token's session.

    A session of a remembered device ends the device too, with its other sessions (the other tabs):
    signing out means this device no longer signs in by itself.
    """
    session_id = signed_in_session_id
    if session_id is None:
        if refresh_token is None:
            raise Unauthenticated(NOT_SIGNED_IN)
        token_hash = hash_opaque_token(refresh_token)
        session_id = await session.scalar(
            select(RefreshToken.session_id).where(RefreshToken.token_hash == token_hash)
        )
        if session_id is None:
            raise Unauthenticated(REFRESH_REFUSED)
    await end_sign_in(session, session_id)
    await session.commit()


async def start_session(
    session: AsyncSession, credentials: Credentials, user: User, device_id: str | None = None
) -> IssuedTokens:
    """Open a new sign-in session (of a remembered device, if given) with its first refresh token;
    the caller commits."""
    auth_session = AuthSession(id=str(uuid.uuid4()), user_id=user.id, device_id=device_id)
    session.add(auth_session)
    await session.flush()
    return await issue_tokens(session, credentials, user, auth_session.id)


async def issue_tokens(
    session: AsyncSession, credentials: Credentials, user: User, session_id: str
) -> IssuedTokens:
    """A fresh access token and a new refresh token in the given session; the caller commits."""
    refresh_token = new_opaque_token()
    session.add(
        RefreshToken(
            session_id=session_id,
            token_hash=hash_opaque_token(refresh_token),
            expires_at=utc_now() + timedelta(days=credentials.refresh_token_days),
        )
    )
    await session.flush()
    return IssuedTokens(
        user=user,
        access_token=credentials.token_codec.issue(user.id, session_id),
        refresh_token=refresh_token,
        expires_in_seconds=int(credentials.token_codec.lifetime.total_seconds()),
    )


async def _check_password(
    credentials: Credentials, email: str, client_address: str, password: str, password_hash: str | None
) -> bool:
    """Check a password as one attempt under the sign-in limits (see PasswordAttemptLimiter).

    Over a limit, RateLimited is raised without looking at the password.
    """
    limiter = credentials.attempt_limiter
    retry_after = await limiter.start_attempt(email, client_address)
    if retry_after is not None:
        raise RateLimited(f"Too many attempts; try again in {retry_after} seconds", retry_after)
    if not await credentials.password_hasher.verify(password, password_hash):
        return False
    await limiter.succeeded(email, client_address)
    return True


async def _release_connection(session: AsyncSession) -> None:
    """End the read transaction before waiting for the password pool (one hash at a time per core).

    Sign-ins queue for the hasher; holding their database connections meanwhile emptied the pool
    under a few sign-ins a second, and every other request then waited for a connection. Nothing
    has been written yet, and loaded objects stay usable (the sessions do not expire on commit).
    """
    await session.commit()


async def _refuse_refresh(session: AsyncSession, token_hash: str) -> NoReturn:
    """Refuse a refresh token that was not rotated; a reused one first ends its whole sign-in.

    Each tab has a refresh-token family of its own, so a replay is never another tab's: someone holds
    a copy, and the device's token may be copied as well, so the device's other sessions end too.
    """
    token = await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == token_hash))
    if token is not None and token.used_at is not None:
        if await end_sign_in(session, token.session_id):
            logger.warning("Rotated refresh token presented again; session %s revoked", token.session_id)
        await session.commit()  # the revocation must outlive the error, which rolls back the rest
    raise Unauthenticated(REFRESH_REFUSED)
