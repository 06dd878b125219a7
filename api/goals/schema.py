"""Goal queries and mutations: thin resolvers over `api.goals.service`."""

from __future__ import annotations

import strawberry

from api.accounts.service import load_accounts_by_id
from api.goals import service
from api.goals.models import Goal
from api.goals.types import CreateGoalInput, GoalNode, UpdateGoalInput
from api.graphql.context import Context, Info
from api.graphql.ids import parse_id
from api.graphql.permissions import IsAuthenticated
from api.users.schema import user_today


async def goal_nodes(context: Context, goals: list[Goal]) -> list[GoalNode]:
    """The goals with their progress at the user's today (a balance and a pace query for them all)."""
    progress = await service.goal_progress(context.session, context.user.id, goals, user_today(context))
    accounts = await context.loader(load_accounts_by_id).load_many([goal.account_id for goal in goals])
    return [
        GoalNode.from_model(goal, account.currency, progress[goal.id])
        for goal, account in zip(goals, accounts, strict=True)
    ]


@strawberry.type
class GoalQuery:
    """Queries of the savings goals domain."""

    @strawberry.field(permission_classes=[IsAuthenticated], description="Your savings goals, soonest first.")
    async def goals(self, info: Info) -> list[GoalNode]:
        context = info.context
        return await goal_nodes(context, await service.list_goals(context.session, context.user.id))


@strawberry.type
class GoalMutation:
    """Mutations of the savings goals domain."""

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description=f"Add a savings goal (at most {service.MAX_GOALS}).",
    )
    async def create_goal(self, info: Info, input: CreateGoalInput) -> GoalNode:
        context = info.context
        goal = await service.create_goal(context.session, context.user.id, input.to_fields("input"), "input")
        await context.session.commit()
        return (await goal_nodes(context, [goal]))[0]

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Change some fields of a goal; the target is in the (new) account's currency.",
    )
    async def update_goal(self, info: Info, id: strawberry.ID, input: UpdateGoalInput) -> GoalNode:
        context = info.context
        goal = await service.update_goal(
            context.session, context.user.id, parse_id(id, "id"), input.to_changes("input"), "input"
        )
        await context.session.commit()
        return (await goal_nodes(context, [goal]))[0]

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Delete a goal; returns its id.")
    async def delete_goal(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        context = info.context
        deleted = await service.delete_goal(context.session, context.user.id, parse_id(id, "id"))
        await context.session.commit()
        return strawberry.ID(str(deleted))
