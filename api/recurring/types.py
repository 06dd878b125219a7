"""GraphQL types and inputs of the recurring records domain."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import strawberry
from strawberry.utils.str_converters import to_camel_case

from api.accounts.service import load_accounts_by_id
from api.accounts.types import AccountNode
from api.categories.service import load_categories_by_id
from api.categories.types import CategoryNode
from api.errors import InvalidInput
from api.graphql.context import Info
from api.graphql.ids import parse_id
from api.graphql.scalars import CurrencyCode, Money
from api.money import from_minor_units
from api.records.types import RecordKindEnum
from api.recurring.dates import Unit
from api.recurring.models import Schedule
from api.recurring.service import ScheduleFields
from api.recurring.suggestions import Suggestion
from api.recurring.upcoming import ProjectedBalance, Upcoming, UpcomingRecord

strawberry.enum(
    Unit, name="Frequency", description="What `every` counts: weeks, months or years.",
)
FrequencyEnum = Unit  # the domain enum, decorated in place above


async def _account(info: Info, account_id: int | None) -> AccountNode | None:
    if account_id is None:
        return None
    account = await info.context.loader(load_accounts_by_id).load(account_id)
    return AccountNode.from_model(account) if account is not None else None


async def _category(info: Info, category_id: int | None) -> CategoryNode | None:
    if category_id is None:
        return None
    category = await info.context.loader(load_categories_by_id).load(category_id)
    return CategoryNode.from_model(category) if category is not None else None


@strawberry.type(name="Schedule")
class ScheduleNode:
    """A record created on every due date (today in your time zone); past records stay when it changes."""

    id: strawberry.ID
    kind: RecordKindEnum
    amount: Money
    currency: CurrencyCode
    estimated: bool = strawberry.field(
        description="The amount is an estimate: records get it anyway, tagged `estimated`, to correct later."
    )
    payee: str
    description: str
    frequency: FrequencyEnum
    every: int = strawberry.field(description="Every this many weeks, months or years.")
    day_of_month: int | None = strawberry.field(
        description="Monthly: the day (29-31 fall on the last day of shorter months); null: the start's day."
    )
    last_day_of_month: bool
    start_on: datetime.date
    end_on: datetime.date | None = strawberry.field(description="The last possible date (inclusive).")
    count: int | None = strawberry.field(description="How many records at most, from the first date.")
    last_created_on: datetime.date | None = strawberry.field(
        description="The last due date whose record was created; null: none yet."
    )
    next_due_on: datetime.date | None = strawberry.field(description="Null once the schedule has ended.")
    account_id: strawberry.Private[int]
    category_id: strawberry.Private[int | None]
    counterpart_account_id: strawberry.Private[int | None]
    counterpart_amount_minor: strawberry.Private[int | None]

    @strawberry.field(description="The account the records belong to (a transfer leaves it).")
    async def account(self, info: Info) -> AccountNode | None:
        return await _account(info, self.account_id)

    @strawberry.field(description="Null for transfers and uncategorized records.")
    async def category(self, info: Info) -> CategoryNode | None:
        return await _category(info, self.category_id)

    @strawberry.field(description="For transfers: the account the money goes to.")
    async def counterpart_account(self, info: Info) -> AccountNode | None:
        return await _account(info, self.counterpart_account_id)

    @strawberry.field(description="For transfers: what arrives, in the counterpart account's currency.")
    async def counterpart_amount(self, info: Info) -> Money | None:
        counterpart = await _account(info, self.counterpart_account_id)
        if counterpart is None or self.counterpart_amount_minor is None:
            return None
        return Money(from_minor_units(self.counterpart_amount_minor, counterpart.currency))

    @classmethod
    def from_model(cls, schedule: Schedule) -> ScheduleNode:
        """Translate the ORM object."""
        return cls(
            id=strawberry.ID(str(schedule.id)),
            kind=schedule.kind,
            amount=Money(from_minor_units(schedule.amount_minor, schedule.currency)),
            currency=CurrencyCode(schedule.currency),
            estimated=schedule.estimated,
            payee=schedule.payee,
            description=schedule.description,
            frequency=schedule.unit,
            every=schedule.every,
            day_of_month=schedule.day_of_month,
            last_day_of_month=schedule.last_day_of_month,
            start_on=schedule.start_on,
            end_on=schedule.end_on,
            count=schedule.occurrence_limit,
            last_created_on=schedule.materialized_through,
            next_due_on=schedule.next_due_on,
            account_id=schedule.account_id,
            category_id=schedule.category_id,
            counterpart_account_id=schedule.counterpart_account_id,
            counterpart_amount_minor=schedule.counterpart_amount_minor,
        )


@strawberry.input
class ScheduleInput:
    """A new schedule: the record to create, and when (from startOn, until endOn or count records)."""

    account_id: strawberry.ID
    kind: RecordKindEnum
    amount: Money = strawberry.field(description="Greater than zero, in the account's currency.")
    frequency: FrequencyEnum
    start_on: datetime.date = strawberry.field(description="The first date; at most a year in the past.")
    every: int = 1
    day_of_month: int | None = strawberry.field(default=None, description="Monthly only: 1-31.")
    last_day_of_month: bool = strawberry.field(default=False, description="Monthly only.")
    end_on: datetime.date | None = None
    count: int | None = None
    estimated: bool = False
    category_id: strawberry.ID | None = None
    counterpart_account_id: strawberry.ID | None = strawberry.field(default=None, description="Transfers.")
    counterpart_amount: Money | None = strawberry.field(
        default=None, description="Transfers between currencies: what arrives."
    )
    payee: str = ""
    description: str = ""

    def to_fields(self, path: str) -> ScheduleFields:
        """The service-level fields; bad IDs are named by their input path."""
        return ScheduleFields(**_fields(self, path))


@strawberry.input
class UpdateScheduleInput:
    """The fields to change; those left out keep their values, null clears an optional one."""

    account_id: strawberry.ID | None = strawberry.UNSET
    kind: RecordKindEnum | None = strawberry.UNSET
    amount: Money | None = strawberry.UNSET
    frequency: FrequencyEnum | None = strawberry.UNSET
    start_on: datetime.date | None = strawberry.UNSET
    every: int | None = strawberry.UNSET
    day_of_month: int | None = strawberry.UNSET
    last_day_of_month: bool | None = strawberry.UNSET
    end_on: datetime.date | None = strawberry.UNSET
    count: int | None = strawberry.UNSET
    estimated: bool | None = strawberry.UNSET
    category_id: strawberry.ID | None = strawberry.UNSET
    counterpart_account_id: strawberry.ID | None = strawberry.UNSET
    counterpart_amount: Money | None = strawberry.UNSET
    payee: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET

    def to_changes(self, path: str) -> dict[str, Any]:
        """The fields given, as ScheduleFields names; null is refused where the field cannot be empty."""
        changes = _fields(self, path)
        required = ("account_id", "kind", "amount", "unit", "start_on", "every", "last_day_of_month",
                    "estimated", "payee", "description")
        for name in required:
            if name in changes and changes[name] is None:
                reason = "must not be null (leave it out to keep it)"
                raise InvalidInput(f"{path}.{_input_name(name)}", reason)
        return changes


_INPUT_NAMES = {"unit": "frequency", "occurrence_limit": "count"}
"""Service field names that the GraphQL input spells differently."""
_ID_FIELDS = ("account_id", "category_id", "counterpart_account_id")


def _input_name(field_name: str) -> str:
    return to_camel_case(_INPUT_NAMES.get(field_name, field_name))


def _fields(schedule_input: ScheduleInput | UpdateScheduleInput, path: str) -> dict[str, Any]:
    """The input's given fields as ScheduleFields values, IDs parsed."""
    values: dict[str, Any] = {}  # keyed by ScheduleFields field name, each value of that field's type
    for field in dataclasses.fields(ScheduleFields):
        value = getattr(schedule_input, _INPUT_NAMES.get(field.name, field.name))
        if value is strawberry.UNSET:
            continue
        if field.name in _ID_FIELDS and value is not None:
            value = parse_id(value, f"{path}.{_input_name(field.name)}")
        values[field.name] = value
    return values


@strawberry.type(name="UpcomingRecord")
class UpcomingRecordNode:
    """A record a schedule will create on `date`."""

    date: datetime.date
    schedule: ScheduleNode
    kind: RecordKindEnum
    amount: Money
    currency: CurrencyCode

    @classmethod
    def from_item(cls, item: UpcomingRecord) -> UpcomingRecordNode:
        """Translate the service's item."""
        schedule = item.schedule
        return cls(date=item.due_on, schedule=ScheduleNode.from_model(schedule), kind=schedule.kind,
                   amount=Money(from_minor_units(schedule.amount_minor, schedule.currency)),
                   currency=CurrencyCode(schedule.currency))


@strawberry.type
class ProjectedBalancePoint:
    """An account's projected balance at the end of a day."""

    date: datetime.date
    balance: Money


@strawberry.type(name="ProjectedBalance")
class ProjectedBalanceNode:
    """One account's projected balance, day by day from today."""

    account: AccountNode
    points: list[ProjectedBalancePoint]

    @classmethod
    def from_projection(cls, projection: ProjectedBalance, today: datetime.date) -> ProjectedBalanceNode:
        """Translate the service's projection."""
        currency = projection.account.currency
        return cls(account=AccountNode.from_model(projection.account), points=[
            ProjectedBalancePoint(date=today + datetime.timedelta(days=offset),
                                  balance=Money(from_minor_units(balance, currency)))
            for offset, balance in enumerate(projection.balances_minor)
        ])


@strawberry.type(name="Upcoming")
class UpcomingNode:
    """What your schedules will create, and your active accounts' balances meanwhile."""

    today: datetime.date = strawberry.field(description="Today in your time zone; the first point's date.")
    records: list[UpcomingRecordNode] = strawberry.field(description="By date; not created yet.")
    balances: list[ProjectedBalanceNode] = strawberry.field(
        description="Per active account: balance today plus entered and scheduled records, each day."
    )

    @classmethod
    def from_upcoming(cls, upcoming: Upcoming) -> UpcomingNode:
        """Translate the service's result."""
        return cls(
            today=upcoming.today,
            records=[UpcomingRecordNode.from_item(item) for item in upcoming.records],
            balances=[ProjectedBalanceNode.from_projection(item, upcoming.today)
                      for item in upcoming.balances],
        )


@strawberry.type(name="RecurringSuggestion")
class RecurringSuggestionNode:
    """Payments to one payee at a similar amount and a regular interval: a schedule to accept or dismiss."""

    id: strawberry.ID
    kind: RecordKindEnum
    payee: str
    cadence: str = strawberry.field(description="weekly, biweekly, monthly, quarterly or yearly.")
    frequency: FrequencyEnum
    every: int
    typical_amount: Money = strawberry.field(description="The median payment.")
    currency: CurrencyCode
    occurrences: int
    last_date: datetime.date
    next_expected_date: datetime.date = strawberry.field(
        description="After today: the accepted schedule's start."
    )
    account_id: strawberry.Private[int]
    category_id: strawberry.Private[int | None]

    @strawberry.field
    async def account(self, info: Info) -> AccountNode | None:
        return await _account(info, self.account_id)

    @strawberry.field(description="The category most of the payments had.")
    async def category(self, info: Info) -> CategoryNode | None:
        return await _category(info, self.category_id)

    @classmethod
    def from_suggestion(cls, suggestion: Suggestion) -> RecurringSuggestionNode:
        """Translate the service's suggestion."""
        return cls(
            id=strawberry.ID(suggestion.key), kind=suggestion.kind, payee=suggestion.payee,
            cadence=suggestion.cadence, frequency=suggestion.unit, every=suggestion.every,
            typical_amount=Money(suggestion.typical_amount), currency=CurrencyCode(suggestion.currency),
            occurrences=suggestion.occurrences, last_date=suggestion.last_date,
            next_expected_date=suggestion.next_expected, account_id=suggestion.account_id,
            category_id=suggestion.category_id,
        )
