"""GraphQL type of the signed-in user."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.users.models import User


@strawberry.type(name="User")
class UserNode:
    """The signed-in user."""

    id: strawberry.ID
    email: str
    created_at: datetime
    time_zone: str = strawberry.field(
        description="IANA time zone name (default UTC); \"today\" for budgets and goals is the date there."
    )

    @classmethod
    def from_model(cls, user: User) -> UserNode:
        """Translate the ORM object."""
        return cls(
            id=strawberry.ID(str(user.id)), email=user.email, created_at=user.created_at,
            time_zone=user.time_zone,
        )


@strawberry.input
class UpdateProfileInput:
    """Settings to change; those left out keep their values."""

    time_zone: str | None = strawberry.field(default=None, description="An IANA name such as Europe/Paris.")
