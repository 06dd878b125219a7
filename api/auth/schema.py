"""Auth queries and mutations: thin resolvers over `api.auth.service`."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.auth import service
from api.auth.credentials import Credentials
from api.auth.types import AuthPayload
from api.client_address import client_address
from api.errors import Unauthenticated
from api.graphql.context import Context, Info
from api.graphql.permissions import IsAuthenticated
from api.users.types import UserNode


async def signed_in_session_id(context: Context) -> str | None:
    """The access token's session, or None when the request carries no valid access token."""
    try:
        await context.authenticate()
    except Unauthenticated:
        return None
    return context.session_id


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
        tokens = await service.register(
            context.session, context.state.provided(Credentials), email, password,
            client_address(context.request, context.state.forwarding_token),
        )
        return AuthPayload.from_tokens(tokens)

    @strawberry.mutation(description="Sign in with email and password (failed attempts are rate limited).")
    async def login(
        self, info: Info, email: str, password: str,
        remember: Annotated[bool, strawberry.argument(
            description="Remember this device: the payload's deviceToken starts new sessions "
            "(resumeSession) until sign-out."
        )] = False,
    ) -> AuthPayload:
        context = info.context
        tokens = await service.login(
            context.session, context.state.provided(Credentials), email, password,
            client_address(context.request, context.state.forwarding_token), remember,
        )
        return AuthPayload.from_tokens(tokens)

    @strawberry.mutation(
        description="Start a new session from a remembered device's token (login with remember), "
        "which stays valid: each tab or reload resumes into a session of its own."
    )
    async def resume_session(self, info: Info, device_token: str) -> AuthPayload:
        context = info.context
        tokens = await service.resume(context.session, context.state.provided(Credentials), device_token)
        return AuthPayload.from_tokens(tokens)

    @strawberry.mutation(
        description="Trade a refresh token for a new pair; each refresh token works once, "
        "and presenting a used one ends its session (with its remembered device's other sessions)."
    )
    async def refresh_token(self, info: Info, refresh_token: str) -> AuthPayload:
        context = info.context
        tokens = await service.refresh(context.session, context.state.provided(Credentials), refresh_token)
        return AuthPayload.from_tokens(tokens)

    @strawberry.mutation(
        description="End the current session (the access token's, or else the refresh token's); "
        "a session of a remembered device ends the device and all its sessions."
    )
    async def logout(self, info: Info, refresh_token: str | None = None) -> bool:
        context = info.context
        await service.logout(context.session, await signed_in_session_id(context), refresh_token)
        return True

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Change the password; every other session and remembered device of the user ends.",
    )
    async def change_password(self, info: Info, current_password: str, new_password: str) -> bool:
        context = info.context
        await service.change_password(
            context.session,
            context.state.provided(Credentials),
            user=context.user,
            current_session_id=context.session_id,
            current_password=current_password,
            new_password=new_password,
            client_address=client_address(context.request, context.state.forwarding_token),
        )
        return True
