"""GraphQL types and inputs of the rules domain."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
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
from api.records.types import RecordKindEnum
from api.rules.applying import Application, ChangeSample, RecordState, RuleOutcome
from api.rules.models import Direction, Rule, TextMatch
from api.rules.validation import RuleFields, TextCondition

strawberry.enum(
    TextMatch, name="TextMatch",
    description="Text within, the whole text, or a regular expression (searched anywhere in the text).",
)
TextMatchEnum = TextMatch  # the domain enum, decorated in place above
strawberry.enum(
    Direction, name="Direction",
    description="IN: income and refunds (positive amounts); OUT: expenses (negative); ANY: either.",
)
DirectionEnum = Direction  # the domain enum, decorated in place above


async def _category(info: Info, category_id: int | None) -> CategoryNode | None:
    if category_id is None:
        return None
    category = await info.context.loader(load_categories_by_id).load(category_id)
    return CategoryNode.from_model(category) if category is not None else None


@strawberry.type(name="TextCondition")
class TextConditionNode:
    """A condition on the payee or the description."""

    match: TextMatchEnum
    pattern: str


@strawberry.type(name="Rule")
class RuleNode:
    """A rule: when every condition given holds (first matching rule wins), its actions apply."""

    id: strawberry.ID
    position: int = strawberry.field(description="Rules are tried by ascending position.")
    name: str
    payee: TextConditionNode | None
    description: TextConditionNode | None
    case_sensitive: bool = strawberry.field(description="false (default): text conditions ignore case.")
    min_amount: Money | None = strawberry.field(description="Signed: negative amounts are money out.")
    max_amount: Money | None = strawberry.field(description="Signed: negative amounts are money out.")
    direction: DirectionEnum
    tags: list[str] = strawberry.field(description="Tags the rule adds (a record keeps its own).")
    set_payee: str | None = strawberry.field(description="The cleaned-up payee the rule sets.")
    account_id: strawberry.Private[int | None]
    category_id: strawberry.Private[int | None]

    @strawberry.field(description="Only records of this account match; null: any account.")
    async def account(self, info: Info) -> AccountNode | None:
        if self.account_id is None:
            return None
        account = await info.context.loader(load_accounts_by_id).load(self.account_id)
        return AccountNode.from_model(account) if account is not None else None

    @strawberry.field(description="The category the rule sets (an expense category on money in: a refund).")
    async def category(self, info: Info) -> CategoryNode | None:
        return await _category(info, self.category_id)

    @classmethod
    def from_model(cls, rule: Rule) -> RuleNode:
        """Translate the ORM object."""
        return cls(
            id=strawberry.ID(str(rule.id)),
            position=rule.position,
            name=rule.name,
            payee=_condition(rule.payee_match, rule.payee_pattern),
            description=_condition(rule.description_match, rule.description_pattern),
            case_sensitive=rule.case_sensitive,
            min_amount=_decimal(rule.min_amount),
            max_amount=_decimal(rule.max_amount),
            direction=rule.direction,
            tags=list(rule.tags),
            set_payee=rule.set_payee,
            account_id=rule.account_id,
            category_id=rule.category_id,
        )


def _condition(match: TextMatch | None, pattern: str | None) -> TextConditionNode | None:
    if match is None or pattern is None:
        return None
    return TextConditionNode(match=match, pattern=pattern)


def _decimal(text: str | None) -> Money | None:
    return Money(Decimal(text)) if text is not None else None


@strawberry.input
class TextConditionInput:
    """A condition on the payee or the description."""

    match: TextMatchEnum = TextMatch.CONTAINS
    pattern: str = strawberry.field(
        description="At most 200 characters; a regex is refused if it could take runaway time "
        "(nested repetition, back-references, more than one open-ended repetition such as .*)."
    )

    def to_condition(self) -> TextCondition:
        """The service-level condition."""
        return TextCondition(match=self.match, pattern=self.pattern)


@strawberry.input
class RuleInput:
    """A new rule: a name, any conditions, and at least one action (categoryId, tags or setPayee)."""

    name: str
    payee: TextConditionInput | None = None
    description: TextConditionInput | None = None
    case_sensitive: bool = False
    min_amount: Money | None = strawberry.field(default=None, description="Signed; negative = money out.")
    max_amount: Money | None = strawberry.field(default=None, description="Signed; negative = money out.")
    account_id: strawberry.ID | None = None
    direction: DirectionEnum = Direction.ANY
    category_id: strawberry.ID | None = strawberry.field(
        default=None, description="An income category needs direction IN; an expense category on money in "
        "makes a refund."
    )
    tags: list[str] = strawberry.field(default_factory=list)
    set_payee: str | None = None

    def to_fields(self, path: str) -> RuleFields:
        """The service-level fields; bad IDs are named by their input path."""
        return RuleFields(**_fields(self, path))


@strawberry.input
class UpdateRuleInput:
    """The fields to change; those left out keep their values, null clears a condition or an action."""

    name: str | None = strawberry.UNSET
    payee: TextConditionInput | None = strawberry.UNSET
    description: TextConditionInput | None = strawberry.UNSET
    case_sensitive: bool | None = strawberry.UNSET
    min_amount: Money | None = strawberry.UNSET
    max_amount: Money | None = strawberry.UNSET
    account_id: strawberry.ID | None = strawberry.UNSET
    direction: DirectionEnum | None = strawberry.UNSET
    category_id: strawberry.ID | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
    set_payee: str | None = strawberry.UNSET

    def to_changes(self, path: str) -> dict[str, Any]:
        """The fields given, as RuleFields names; null is refused where the field cannot be empty."""
        changes = _fields(self, path)
        for name in ("name", "case_sensitive", "direction", "tags"):
            if name in changes and changes[name] is None:
                camel = to_camel_case(name)
                raise InvalidInput(f"{path}.{camel}", "must not be null (leave it out to keep it)")
        return changes


def _fields(rule_input: RuleInput | UpdateRuleInput, path: str) -> dict[str, Any]:
    """The input's given fields as RuleFields values: conditions converted, IDs parsed."""
    values: dict[str, Any] = {}  # keyed by RuleFields field name, each value of that field's type
    for field in dataclasses.fields(RuleFields):
        value = getattr(rule_input, field.name)
        if value is strawberry.UNSET:
            continue
        if isinstance(value, TextConditionInput):
            value = value.to_condition()
        elif field.name in ("account_id", "category_id") and value is not None:
            value = parse_id(value, f"{path}.{to_camel_case(field.name)}")
        values[field.name] = value
    return values


@strawberry.type
class RecordSnapshot:
    """What a rule can change in a record; the amount as stored (a negative expense is a refund)."""

    kind: RecordKindEnum
    amount: Money
    currency: CurrencyCode
    payee: str
    tags: list[str]
    category_id: strawberry.Private[int | None]

    @strawberry.field(description="Null when uncategorized.")
    async def category(self, info: Info) -> CategoryNode | None:
        return await _category(info, self.category_id)

    @classmethod
    def from_state(cls, state: RecordState) -> RecordSnapshot:
        """Translate the service's snapshot."""
        return cls(kind=state.kind, amount=Money(state.amount), currency=CurrencyCode(state.currency),
                   payee=state.payee,
                   tags=list(state.tags), category_id=state.category_id)


@strawberry.type
class RuleChangeSample:
    """A record a rule changes (or would), before and after."""

    record_id: strawberry.ID
    date: datetime.date
    before: RecordSnapshot
    after: RecordSnapshot

    @classmethod
    def from_sample(cls, sample: ChangeSample) -> RuleChangeSample:
        """Translate the service's sample."""
        return cls(
            record_id=strawberry.ID(str(sample.record_id)),
            date=sample.occurred_on,
            before=RecordSnapshot.from_state(sample.before),
            after=RecordSnapshot.from_state(sample.after),
        )


@strawberry.type
class RuleApplication:
    """One rule's coverage: how many records it changes (or would), and up to five of them."""

    rule: RuleNode
    changed_count: int
    samples: list[RuleChangeSample]

    @classmethod
    def from_outcome(cls, outcome: RuleOutcome) -> RuleApplication:
        """Translate the service's outcome."""
        return cls(rule=RuleNode.from_model(outcome.rule), changed_count=outcome.changed,
                   samples=[RuleChangeSample.from_sample(sample) for sample in outcome.samples])


@strawberry.type
class ApplyRulesResult:
    """Per rule, in order: a record counts for the first rule that matches it, only if it changes."""

    dry_run: bool
    changed_count: int
    rules: list[RuleApplication]

    @classmethod
    def from_application(cls, application: Application) -> ApplyRulesResult:
        """Translate the service's result."""
        return cls(dry_run=application.dry_run, changed_count=application.changed,
                   rules=[RuleApplication.from_outcome(outcome) for outcome in application.outcomes])
