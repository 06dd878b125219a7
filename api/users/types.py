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

    @classmethod
    def from_model(cls, user: User) -> UserNode:
        """Translate the ORM object."""
        return cls(id=strawberry.ID(str(user.id)), email=user.email, created_at=user.created_at)
