"""The long-lived objects the app builds once from its settings and shares with every request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.auth.passwords import PasswordHasher
from api.auth.rate_limit import PasswordAttemptLimiter
from api.auth.tokens import TokenCodec
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
            password_attempt_limiter=PasswordAttemptLimiter(settings.login_attempts_per_minute),
        )
