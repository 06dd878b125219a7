"""What the auth services work with, built once from the settings: hasher, token codec, sign-in limits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from api.auth.attempts import DatabaseAttemptStore
from api.auth.passwords import PasswordHasher
from api.auth.rate_limit import LoginLimits, PasswordAttemptLimiter, RegistrationLimiter, RegistrationLimits
from api.auth.tokens import TokenCodec
from api.config import Settings


@dataclass(frozen=True)
class Credentials:
    """The auth services' tools and rules, handed to them instead of the whole AppState.

    create_app builds them and provides them on the AppState (see AppState.provide), so neither the
    state nor the GraphQL kit has to know any of auth's classes.
    """

    password_hasher: PasswordHasher
    token_codec: TokenCodec
    attempt_limiter: PasswordAttemptLimiter
    registration_limiter: RegistrationLimiter
    registration_open: bool
    refresh_token_days: int
    session_max_days: int

    @classmethod
    def from_settings(cls, settings: Settings, engine: AsyncEngine) -> Credentials:
        """Hasher, codec and limiters for these settings; the limiters count attempts in this database."""
        attempt_store = DatabaseAttemptStore(engine)
        return cls(
            password_hasher=PasswordHasher(settings.bcrypt_rounds),
            token_codec=TokenCodec(
                secret_key=settings.resolved_secret_key,
                issuer=settings.jwt_issuer,
                audience=settings.jwt_audience,
                lifetime=timedelta(minutes=settings.access_token_minutes),
            ),
            attempt_limiter=PasswordAttemptLimiter(
                LoginLimits(
                    per_email_and_address_per_minute=settings.login_attempts_per_minute,
                    per_email_before_backoff=settings.login_attempts_per_email,
                    backoff_max_seconds=settings.login_backoff_max_seconds,
                    per_address_per_minute=settings.login_attempts_per_address_per_minute,
                    global_per_minute=settings.login_attempts_global_per_minute,
                ),
                attempt_store,
            ),
            registration_limiter=RegistrationLimiter(
                RegistrationLimits(
                    per_address_per_hour=settings.registrations_per_address_per_hour,
                    global_per_hour=settings.registrations_global_per_hour,
                ),
                attempt_store,
            ),
            registration_open=settings.registration_open,
            refresh_token_days=settings.refresh_token_days,
            session_max_days=settings.session_max_days,
        )
