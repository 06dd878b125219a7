"""The per-request GraphQL context: database session, current user and DataLoaders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response
from strawberry.dataloader import DataLoader

from api.computed_once import ComputedOnce
from api.errors import Unauthenticated
from api.state import AppState

if TYPE_CHECKING:
    # For type checkers only, as Saleor's core context names its User: resolvers get the model itself.
    from api.users.models import User

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

BatchLoad = Callable[[AsyncSession, int, Sequence[Any]], Awaitable[Sequence[Any]]]
Authenticate = Callable[[AsyncSession, str], Awaitable[tuple["User", str]]]
"""The user and session id behind an Authorization header (api.auth.service.bearer_authenticator)."""


@dataclass
class Context:
    """Everything a resolver may use; one database session per request."""

    request: Request
    response: Response | None
    state: AppState
    session: AsyncSession
    authenticator: Authenticate
    _user: User | None = None
    _session_id: str | None = None
    _loaders: dict[BatchLoad, DataLoader[Any, Any]] = field(default_factory=dict)
    _computed: ComputedOnce = field(default_factory=ComputedOnce)

    @property
    def user(self) -> User:
        """The signed-in user; only valid behind the IsAuthenticated permission."""
        if self._user is None:
            raise Unauthenticated("Sign in to continue")
        return self._user

    @property
    def session_id(self) -> str:
        """The id of the signed-in session (refresh-token family)."""
        if self._session_id is None:
            raise Unauthenticated("Sign in to continue")
        return self._session_id

    async def authenticate(self) -> User:
        """Resolve the bearer token to a user whose session is still open, once per request."""
        if self._user is not None:
            return self._user
        user, session_id = await self.authenticator(
            self.session, self.request.headers.get("authorization", "")
        )
        self._user, self._session_id = user, session_id
        return user

    def loader(self, batch_load: BatchLoad) -> DataLoader[Any, Any]:
        """The request's DataLoader for `batch_load(session, user_id, keys)`, created on first use."""
        if batch_load not in self._loaders:
            session, user_id = self.session, self.user.id

            async def load(keys: list[Any]) -> Sequence[Any]:
                return await batch_load(session, user_id, keys)

            self._loaders[batch_load] = DataLoader(load_fn=load)
        return self._loaders[batch_load]

    async def per_request(self, load: Callable[[AsyncSession, int], Awaitable[V]]) -> V:
        """`load(session, user_id)`, run once per request and shared, like the category tree."""
        session, user_id = self.session, self.user.id
        return await self._computed.get(load, lambda: load(session, user_id))


Info = strawberry.Info[Context, None]
