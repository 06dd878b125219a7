"""GraphQL types and inputs of the savings goals domain."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import strawberry
from strawberry.utils.str_converters import to_camel_case

from api.accounts.service import load_accounts_by_id
from api.accounts.types import AccountNode
from api.errors import InvalidInput
from api.goals.models import Goal
from api.goals.service import GoalFields, GoalProgress
from api.graphql.context import Info
from api.graphql.ids import parse_id
from api.graphql.scalars import CurrencyCode, Money
from api.money import from_minor_units

PERCENT_STEP = Decimal("0.1")


@strawberry.type(name="Goal")
class GoalNode:
    """A savings goal measured by a share of one account's balance, at today in your time zone."""

    id: strawberry.ID
    name: str
    account_id: strawberry.ID
    share_percent: int = strawberry.field(
        description="The part of the account's balance that counts (1-100)."
    )
    currency: CurrencyCode = strawberry.field(description="The account's currency.")
    target: Money
    target_date: datetime.date
    current: Money = strawberry.field(description="sharePercent of the account's balance.")
    remaining: Money = strawberry.field(description="What is still missing; zero once reached.")
    percent_reached: Decimal = strawberry.field(description="current / target in percent, one decimal.")
    months_left: int = strawberry.field(
        description="Month ends from this month to the target date's; 0 when it is this month or past."
    )
    monthly_needed: Money = strawberry.field(
        description="remaining / monthsLeft (all of it when no month is left), rounded up."
    )
    monthly_pace: Money = strawberry.field(
        description="The share's average net change per month over the last three full months."
    )
    pace_enough: bool = strawberry.field(
        description="Reached, or the target date has not passed and monthlyPace >= monthlyNeeded."
    )

    @strawberry.field
    async def account(self, info: Info) -> AccountNode:
        account = await info.context.loader(load_accounts_by_id).load(int(self.account_id))
        return AccountNode.from_model(account)

    @classmethod
    def from_model(cls, goal: Goal, currency: str, progress: GoalProgress) -> GoalNode:
        """Translate the ORM object and its progress (minor units of the account's currency)."""
        def money(minor: int) -> Money:
            return Money(from_minor_units(minor, currency))

        reached = Decimal(progress.current_minor * 100) / goal.target_minor
        return cls(
            id=strawberry.ID(str(goal.id)), name=goal.name, account_id=strawberry.ID(str(goal.account_id)),
            share_percent=goal.share_percent, currency=CurrencyCode(currency),
            target=money(goal.target_minor), target_date=goal.target_date,
            current=money(progress.current_minor), remaining=money(progress.remaining_minor),
            percent_reached=reached.quantize(PERCENT_STEP, ROUND_HALF_UP),
            months_left=progress.months_left, monthly_needed=money(progress.monthly_needed_minor),
            monthly_pace=money(progress.monthly_pace_minor), pace_enough=progress.pace_enough,
        )


@strawberry.input
class CreateGoalInput:
    """A new savings goal."""

    name: str
    account_id: strawberry.ID
    target: Money = strawberry.field(description="In the account's currency; more than zero.")
    target_date: datetime.date
    share_percent: int = strawberry.field(
        default=100, description="1-100: the part of the balance that counts."
    )

    def to_fields(self, path: str) -> GoalFields:
        """The service-level fields; a bad ID is named by its input path."""
        return GoalFields(
            name=self.name, account_id=parse_id(self.account_id, f"{path}.accountId"), target=self.target,
            target_date=self.target_date, share_percent=self.share_percent,
        )


@strawberry.input
class UpdateGoalInput:
    """The fields to change; those left out keep their values."""

    name: str | None = strawberry.UNSET
    account_id: strawberry.ID | None = strawberry.UNSET
    target: Money | None = strawberry.UNSET
    target_date: datetime.date | None = strawberry.UNSET
    share_percent: int | None = strawberry.UNSET

    def to_changes(self, path: str) -> dict[str, Any]:
        """The fields given, as GoalFields names; none of them may be null."""
        changes: dict[str, Any] = {}
        for field in dataclasses.fields(GoalFields):
            value = getattr(self, field.name)
            if value is strawberry.UNSET:
                continue
            camel = to_camel_case(field.name)
            if value is None:
                raise InvalidInput(f"{path}.{camel}", "must not be null")
            changes[field.name] = parse_id(value, f"{path}.{camel}") if field.name == "account_id" else value
        return changes
