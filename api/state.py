"""The long-lived objects the app builds once from its settings and shares with every request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.client_address import new_forwarding_token
from api.config import Settings
from api.database import create_database_engine, create_session_factory

T = TypeVar("T")


@dataclass
class AppState:
    """Settings plus what is derived from them: database engine, session factory, the domains' parts."""

    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    # Proves a request comes from this process's dashboard kernels (see api.client_address).
    forwarding_token: str = field(default_factory=new_forwarding_token)
    # What a domain builds once for itself (api.auth's Credentials), found by its class: the state
    # stays below the domains and imports none of them.
    _parts: dict[type[Any], Any] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> AppState:
        """Build the engine and sessions for these settings."""
        engine = create_database_engine(settings.resolved_database_url)
        return cls(settings=settings, engine=engine, session_factory=create_session_factory(engine))

    def provide(self, part: object) -> None:
        """Keep a domain's part (one per class) for its resolvers and routes to find with `provided`."""
        self._parts[type(part)] = part

    def provided(self, kind: type[T]) -> T:
        """The part of this class that was provided; KeyError when create_app provided none."""
        part: T = self._parts[kind]
        return part
