"""The long-lived objects the app builds once from its settings and shares with every request."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.auth.attempts import DatabaseAttemptStore
from api.auth.passwords import PasswordHasher
from api.auth.rate_limit import LoginLimits, PasswordAttemptLimiter
from api.auth.tokens import TokenCodec
from api.client_address import new_forwarding_token
from api.config import Settings
from api.database import create_database_engine, create_session_factory


@dataclass
class AppState:
    """Settings plus what is derived from them: database engine, session factory, crypto helpers."""

    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    password_hasher: PasswordHasher
    token_codec: TokenCodec
    password_attempt_limiter: PasswordAttemptLimiter
    # Proves a request comes from this process's dashboard kernels (see api.client_address).
    forwarding_token: str = field(default_factory=new_forwarding_token)

    @classmethod
    def from_settings(cls, settings: Settings) -> AppState:
        """Build engine, sessions and crypto helpers for these settings."""
        engine = create_database_engine(settings.resolved_database_url)
        return cls(
            settings=settings,
            engine=engine,
            session_factory=create_session_factory(engine),
            password_hasher=PasswordHasher(settings.bcrypt_rounds),
            token_codec=TokenCodec(
                secret_key=settings.resolved_secret_key,
                issuer=settings.jwt_issuer,
                audience=settings.jwt_audience,
                lifetime=timedelta(minutes=settings.access_token_minutes),
            ),
            password_attempt_limiter=PasswordAttemptLimiter(
                LoginLimits(
                    per_email_and_address_per_minute=settings.login_attempts_per_minute,
                    per_email_before_backoff=settings.login_attempts_per_email,
                    backoff_max_seconds=settings.login_backoff_max_seconds,
                    per_address_per_minute=settings.login_attempts_per_address_per_minute,
                    global_per_minute=settings.login_attempts_global_per_minute,
                ),
                DatabaseAttemptStore(engine),
            ),
        )
