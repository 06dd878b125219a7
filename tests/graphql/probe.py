"""A test-only schema behind the real view and extensions, to provoke every kind of error on demand."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import strawberry
from strawberry.schema.config import StrawberryConfig
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route
from starlette.testclient import TestClient
from strawberry.extensions import SchemaExtension
from strawberry.permission import BasePermission

from api.auth.credentials import Credentials
from api.auth.service import bearer_authenticator
from api.config import Settings
from api.errors import InvalidInput, NotFound, RateLimited, Unauthenticated
from api.graphql.errors import ErrorCodesExtension
from api.graphql.extensions import DatabaseSessionExtension, OperationNameHeaderExtension
from api.graphql.scalars import SCALAR_MAP, CurrencyCode, Money
from api.graphql.view import GraphQLView
from api.request_id import RequestIdMiddleware
from api.state import AppState

SECRET = "password=hunter2"

FAILURES: dict[str, Callable[[], Exception]] = {
    "not_found": lambda: NotFound("Account", 7),
    "invalid_input": lambda: InvalidInput("input.name", "must not be empty"),
    "rate_limited": lambda: RateLimited("Too many attempts; wait a minute", 60),
    "unauthenticated": lambda: Unauthenticated("Sign in to continue"),
    "crash": lambda: RuntimeError(SECRET),
}


class NeverAllowed(BasePermission):
    message = "Not for you"
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        return False


@strawberry.input
class ProbeInput:
    amount: Money
    currency: CurrencyCode
    day: datetime.date | None = None


@strawberry.type
class ProbeQuery:
    @strawberry.field
    def echo(self, input: ProbeInput) -> str:
        return f"{input.amount} {input.currency}"

    @strawberry.field
    def count(self, inputs: list[ProbeInput]) -> int:
        return len(inputs)

    @strawberry.field
    def fail(self, kind: str) -> str:
        raise FAILURES[kind]()

    @strawberry.field(permission_classes=[NeverAllowed])
    def forbidden(self) -> str:
        return "secret"

    @strawberry.field
    def wrongly_typed(self) -> int:
        return "not a number"  # type: ignore[return-value]


class FailingOnExit(SchemaExtension):
    """Raises after the error codes were applied, as a broken extension would."""

    def on_operation(self) -> Iterator[None]:
        yield
        raise RuntimeError(SECRET)


class BrokenContextView(GraphQLView):
    """Fails before any operation starts, as a broken database session factory would."""

    async def get_context(self, request: Any, response: Any) -> Any:
        raise RuntimeError(SECRET)


def probe_schema(*extra_extensions: type[SchemaExtension]) -> strawberry.Schema:
    """The probe schema with the app's own error handling (and any extra extensions, outermost)."""
    return strawberry.Schema(
        query=ProbeQuery,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
        extensions=[*extra_extensions, DatabaseSessionExtension, ErrorCodesExtension,
                    OperationNameHeaderExtension],
    )


def probe_client(settings: Settings, schema: strawberry.Schema,
                 view_class: type[GraphQLView] = GraphQLView) -> TestClient:
    """A client for /graphql served by the real view (or a subclass) over the given schema."""
    state = AppState.from_settings(settings)
    authenticate = bearer_authenticator(Credentials.from_settings(settings, state.engine).token_codec)
    app = Starlette(
        routes=[Route("/graphql", view_class(state, schema=schema, authenticate=authenticate))],
        middleware=[Middleware(RequestIdMiddleware)],
    )
    return TestClient(app)
