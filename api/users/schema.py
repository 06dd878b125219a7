"""The signed-in user's settings: a thin resolver over `api.users.service`."""

from __future__ import annotations

from datetime import date

import strawberry

from api.graphql.context import Context, Info
from api.graphql.permissions import IsAuthenticated
from api.users import service
from api.users.types import UpdateProfileInput, UserNode


def user_today(context: Context) -> date:
    """Today's date in the signed-in user's time zone, the "today" services take as an argument."""
    return service.today_in_zone(context.user.time_zone)


@strawberry.type
class UserMutation:
    """Mutations of the user's own settings."""

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Change your settings (the time zone that decides which day is today).",
    )
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> UserNode:
        context = info.context
        user = await service.update_profile(context.session, context.user, input.time_zone, "input")
        await context.session.commit()
        return UserNode.from_model(user)
