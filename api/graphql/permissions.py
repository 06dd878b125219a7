"""Permission classes for resolvers."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from api.graphql.context import Info


class IsAuthenticated(BasePermission):
    """Requires a valid access token; the user is then available as `info.context.user`."""

    message = "Sign in to continue"
    error_extensions = {"code": "UNAUTHENTICATED"}

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        await info.context.authenticate()
        return True
