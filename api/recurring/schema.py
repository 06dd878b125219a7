"""Recurring records' queries and mutations: thin resolvers over the services of `api.recurring`."""

from __future__ import annotations

import strawberry

from api.graphql.context import Info
from api.graphql.ids import parse_id
from api.graphql.permissions import IsAuthenticated
from api.recurring import service, suggestions
from api.recurring.types import (
    RecurringSuggestionNode,
    ScheduleInput,
    ScheduleNode,
    UpcomingNode,
    UpdateScheduleInput,
)
from api.recurring.upcoming import MAX_UPCOMING_DAYS, upcoming
from api.users.schema import user_today


@strawberry.type
class RecurringQuery:
    """Queries of the recurring records domain."""

    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="Your schedules, soonest next due date first (ended ones last).")
    async def schedules(self, info: Info) -> list[ScheduleNode]:
        context = info.context
        return [ScheduleNode.from_model(schedule)
                for schedule in await service.list_schedules(context.session, context.user.id)]

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description=f"The records your schedules will create over the next `days` days (1 to "
        f"{MAX_UPCOMING_DAYS}) and each active account's projected balance at the end of every day.",
    )
    async def upcoming(self, info: Info, days: int) -> UpcomingNode:
        context = info.context
        result = await upcoming(context.session, context.user.id, user_today(context), days)
        return UpcomingNode.from_upcoming(result)

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Schedules suggested by your last two years of income and expenses: payments to one "
        "payee at a similar amount and a regular interval, still running, not scheduled nor dismissed.",
    )
    async def recurring_suggestions(self, info: Info) -> list[RecurringSuggestionNode]:
        context = info.context
        found = await suggestions.list_suggestions(context.session, context.user.id, user_today(context))
        return [RecurringSuggestionNode.from_suggestion(suggestion) for suggestion in found]


@strawberry.type
class RecurringMutation:
    """Mutations of the recurring records domain."""

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description=f"Add a schedule (at most {service.MAX_SCHEDULES}); records already due are created now.",
    )
    async def create_schedule(self, info: Info, input: ScheduleInput) -> ScheduleNode:
        context = info.context
        schedule = await service.create_schedule(
            context.session, context.user.id, input.to_fields("input"), user_today(context)
        )
        await context.session.commit()
        return ScheduleNode.from_model(schedule)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Change some fields of a schedule; records already created stay as they are.",
    )
    async def update_schedule(
        self, info: Info, id: strawberry.ID, input: UpdateScheduleInput
    ) -> ScheduleNode:
        context = info.context
        schedule = await service.update_schedule(
            context.session, context.user.id, parse_id(id, "id"), input.to_changes("input"),
            user_today(context),
        )
        await context.session.commit()
        return ScheduleNode.from_model(schedule)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="Delete a schedule; the records it created stay. Returns its id.")
    async def delete_schedule(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        context = info.context
        deleted = await service.delete_schedule(context.session, context.user.id, parse_id(id, "id"))
        await context.session.commit()
        return strawberry.ID(str(deleted))

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="Create the schedule a suggestion proposes, from its next date.")
    async def accept_suggestion(self, info: Info, id: strawberry.ID, estimated: bool = False) -> ScheduleNode:
        context = info.context
        schedule = await suggestions.accept_suggestion(
            context.session, context.user.id, str(id), user_today(context), estimated
        )
        await context.session.commit()
        return ScheduleNode.from_model(schedule)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="Never suggest this again; returns its id.")
    async def dismiss_suggestion(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        context = info.context
        key = await suggestions.dismiss_suggestion(
            context.session, context.user.id, str(id), user_today(context)
        )
        await context.session.commit()
        return strawberry.ID(key)
