"""Budget queries and mutations: thin resolvers over `api.budgets.service` and `api.budgets.report`."""

from __future__ import annotations

import datetime

import strawberry

from api.budgets import service
from api.budgets.report import budget_report
from api.budgets.types import BudgetNode, BudgetReportNode, SetBudgetInput
from api.graphql.context import Info
from api.graphql.ids import parse_id
from api.graphql.permissions import IsAuthenticated
from api.users.schema import user_today


@strawberry.type
class BudgetQuery:
    """Queries of the budgets domain."""

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Every budget row you set, by category, currency and month.",
    )
    async def budgets(self, info: Info) -> list[BudgetNode]:
        context = info.context
        budgets = await service.list_budgets(context.session, context.user.id)
        return [BudgetNode.from_model(budget) for budget in budgets]

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="The month holding `month` (any day of it): per budgeted category and per currency, "
        "budgeted, carried over, spent, remaining, percentage used and the pace, today being your "
        "time zone's date.",
    )
    async def budget_report(self, info: Info, month: datetime.date) -> BudgetReportNode:
        context = info.context
        report = await budget_report(context.session, context.user.id, month, user_today(context))
        return BudgetReportNode.from_report(report)


@strawberry.type
class BudgetMutation:
    """Mutations of the budgets domain."""

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Set a budget for an expense category (and its sub-categories): a default from a "
        "month on, or one month only; the same category, currency, month and repeats again updates it.",
    )
    async def set_budget(self, info: Info, input: SetBudgetInput) -> BudgetNode:
        context = info.context
        budget = await service.set_budget(context.session, context.user.id, input.to_fields("input"), "input")
        await context.session.commit()
        return BudgetNode.from_model(budget)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated], description="Delete a budget row; returns its id."
    )
    async def delete_budget(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        context = info.context
        deleted = await service.delete_budget(context.session, context.user.id, parse_id(id, "id"))
        await context.session.commit()
        return strawberry.ID(str(deleted))
