"""GraphQL types of the auth domain."""

from __future__ import annotations

import strawberry

from api.auth.service import IssuedTokens
from api.users.types import UserNode


# The HTTP authorization scheme clients put before the access token.
AUTHORIZATION_SCHEME = "Bearer"


@strawberry.type
class AuthPayload:
    """Tokens after register, login or refresh: send `accessToken` as `Authorization: Bearer …`."""

    user: UserNode
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int = strawberry.field(description="Seconds until the access token expires.")
    device_token: str | None = strawberry.field(
        description="After login with remember: the token that starts new sessions on this device "
        "(resumeSession) until sign-out; keep it like a password. Null otherwise."
    )

    @classmethod
    def from_tokens(cls, tokens: IssuedTokens) -> AuthPayload:
        """Translate the service result."""
        return cls(
            user=UserNode.from_model(tokens.user),
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            token_type=AUTHORIZATION_SCHEME,
            expires_in=tokens.expires_in_seconds,
            device_token=tokens.device_token,
        )
