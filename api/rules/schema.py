"""Rule queries and mutations: thin resolvers over `api.rules.service` and `api.rules.applying`."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.graphql.context import Info
from api.graphql.ids import parse_id
from api.graphql.permissions import IsAuthenticated
from api.records.filters import RecordCriteria
from api.records.inputs import RecordFilter
from api.rules import service
from api.rules.applying import apply_rules
from api.rules.types import ApplyRulesResult, RuleInput, RuleNode, UpdateRuleInput


@strawberry.type
class RuleQuery:
    """Queries of the rules domain."""

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Your rules in the order they are tried; the first whose conditions all hold wins.",
    )
    async def rules(self, info: Info) -> list[RuleNode]:
        context = info.context
        rules = await service.list_rules(context.session, context.user.id)
        return [RuleNode.from_model(rule) for rule in rules]


@strawberry.type
class RuleMutation:
    """Mutations of the rules domain."""

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description=f"Add a rule after your last one (at most {service.MAX_RULES}).",
    )
    async def create_rule(self, info: Info, input: RuleInput) -> RuleNode:
        context = info.context
        rule = await service.create_rule(context.session, context.user.id, input.to_fields("input"), "input")
        await context.session.commit()
        return RuleNode.from_model(rule)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Change some fields of a rule; the whole rule must still be valid afterwards.",
    )
    async def update_rule(self, info: Info, id: strawberry.ID, input: UpdateRuleInput) -> RuleNode:
        context = info.context
        rule = await service.update_rule(
            context.session, context.user.id, parse_id(id, "id"), input.to_changes("input"), "input"
        )
        await context.session.commit()
        return RuleNode.from_model(rule)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Delete a rule; returns its id.")
    async def delete_rule(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        context = info.context
        deleted = await service.delete_rule(context.session, context.user.id, parse_id(id, "id"))
        await context.session.commit()
        return strawberry.ID(str(deleted))

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Put your rules in this order; `ids` must list each of your rules exactly once.",
    )
    async def reorder_rules(self, info: Info, ids: list[strawberry.ID]) -> list[RuleNode]:
        context = info.context
        rule_ids = [parse_id(value, f"ids[{index}]") for index, value in enumerate(ids)]
        rules = await service.reorder_rules(context.session, context.user.id, rule_ids)
        await context.session.commit()
        return [RuleNode.from_model(rule) for rule in rules]

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Apply your rules to the income and expense records the filter selects (transfers are "
        "never touched). dryRun (the default) writes nothing and tells per rule how many records it would "
        "change, with up to five samples; dryRun: false makes those changes in one transaction.",
    )
    async def apply_rules(
        self,
        info: Info,
        dry_run: bool = True,
        record_filter: Annotated[RecordFilter | None, strawberry.argument(name="filter")] = None,
    ) -> ApplyRulesResult:
        context = info.context
        criteria = record_filter.to_criteria("filter") if record_filter is not None else RecordCriteria()
        application = await apply_rules(context.session, context.user.id, criteria, dry_run)
        if not dry_run:
            await context.session.commit()
        return ApplyRulesResult.from_application(application)
