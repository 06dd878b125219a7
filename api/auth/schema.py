"""Auth queries and mutations: thin resolvers over `api.auth.service`."""

from __future__ import annotations

import strawberry

from api.auth import service
from api.auth.types import AuthPayload
from api.graphql.context import Info
from api.graphql.permissions import IsAuthenticated
from api.users.types import UserNode


@strawberry.type
class AuthQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="The signed-in user.")
    def me(self, info: Info) -> UserNode:
        return UserNode.from_model(info.context.user)


@strawberry.type
class AuthMutation:
    @strawberry.mutation(description="Create an account and sign in.")
    async def register(self, info: Info, email: str, password: str) -> AuthPayload:
        context = info.context
        tokens = await service.register(context.session, context.state, email, password)
        return AuthPayload.from_tokens(tokens)

    @strawberry.mutation(description="Sign in with email and password.")
    async def login(self, info: Info, email: str, password: str) -> AuthPayload:
        context = info.context
        user = await service.authenticate_credentials(context.session, context.state, email, password)
        tokens = await service.start_session(context.session, context.state, user)
        await context.session.commit()
        return AuthPayload.from_tokens(tokens)
