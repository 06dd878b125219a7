"""GraphQL inputs of the records domain, each translating itself into service-level values."""

from __future__ import annotations

import dataclasses
import datetime
from typing import TypeVar, cast

import strawberry
from strawberry.utils.str_converters import to_camel_case

from api.errors import InvalidInput
from api.graphql.ids import parse_id
from api.graphql.plain_inputs import plain_input
from api.graphql.scalars import Money
from api.records.filters import RecordCriteria
from api.records.service import RecordChanges
from api.records.types import RecordKindEnum
from api.records.validation import MAX_PAYEE_LENGTH, RecordFields

MAX_SEARCH_LENGTH = 200
# Each value is one bound parameter of the query: an unbounded list fails in the database (40,000
# account ids overflow PostgreSQL's parameter count) instead of being refused as bad input.
MAX_FILTER_VALUES = 500
ID_FIELDS = ("account_id", "category_id", "counterpart_account_id")
AMOUNT_DESCRIPTION = (
    "Never zero; the kind gives the direction. Positive, except a negative EXPENSE: a refund, which "
    "lowers its category's spending and adds to the account's balance."
)
AMOUNT_BOUND_DESCRIPTION = (
    "Compares amounts as shown, sign included: refunds are negative, so minAmount \"0.01\" leaves them "
    "out and maxAmount \"-0.01\" keeps only them."
)
NULLABLE_FIELDS = ("category_id", "counterpart_account_id", "counterpart_amount")

T = TypeVar("T")


def parse_ids(values: list[strawberry.ID] | None, field: str) -> tuple[int, ...]:
    """Parse a bounded list of IDs, naming the position of a bad one (e.g. "filter.accountIds[2]")."""
    bounded = bounded_list(values, field)
    return tuple(parse_id(value, f"{field}[{index}]") for index, value in enumerate(bounded))


def bounded_list(values: list[T] | None, field: str) -> list[T]:
    """The values of one filter list (none when left out); more than MAX_FILTER_VALUES is refused."""
    if values is not None and len(values) > MAX_FILTER_VALUES:
        raise InvalidInput(field, f"at most {MAX_FILTER_VALUES} values (got {len(values)})")
    return values or []


def parse_optional_id(value: strawberry.ID | None, field: str) -> int | None:
    """Parse an ID that may be null."""
    return None if value is None else parse_id(value, field)


@strawberry.input(
    description="Which records to look at; every given part must hold. Empty lists are ignored; "
    f"each list takes at most {MAX_FILTER_VALUES} values."
)
class RecordFilter:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    account_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Records of these accounts, including transfers into them."
    )
    category_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Records in these categories or any of their sub-categories."
    )
    kinds: list[RecordKindEnum] | None = None
    min_amount: Money | None = strawberry.field(default=None, description=AMOUNT_BOUND_DESCRIPTION)
    max_amount: Money | None = strawberry.field(default=None, description=AMOUNT_BOUND_DESCRIPTION)
    search: str | None = strawberry.field(
        default=None, description="Case-insensitive text within the payee or the description."
    )
    payees: list[str] | None = strawberry.field(
        default=None,
        description="Records whose payee is exactly one of these (case and spaces as stored); "
        f"each at most {MAX_PAYEE_LENGTH} characters.",
    )
    tags: list[str] | None = strawberry.field(default=None, description="Records carrying any of these tags.")
    uncategorized: bool | None = strawberry.field(
        default=None,
        description="true: income and expenses without a category (added to categoryIds when both "
        "are given); false: leave those out.",
    )

    def to_criteria(self, field: str = "filter") -> RecordCriteria:
        """The service-level criteria; bad IDs and contradictory bounds are named by their input path."""
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidInput(f"{field}.dateTo", "must not be before dateFrom")
        if self.min_amount is not None and self.max_amount is not None and self.min_amount > self.max_amount:
            raise InvalidInput(f"{field}.maxAmount", "must not be less than minAmount")
        search = (self.search or "").strip()
        if len(search) > MAX_SEARCH_LENGTH:
            raise InvalidInput(f"{field}.search", f"at most {MAX_SEARCH_LENGTH} characters")
        payees = bounded_list(self.payees, f"{field}.payees")
        for index, payee in enumerate(payees):  # none longer is stored: a bound on the query's size
            if len(payee) > MAX_PAYEE_LENGTH:
                raise InvalidInput(f"{field}.payees[{index}]", f"at most {MAX_PAYEE_LENGTH} characters")
        return RecordCriteria(
            date_from=self.date_from,
            date_to=self.date_to,
            account_ids=parse_ids(self.account_ids, f"{field}.accountIds"),
            category_ids=parse_ids(self.category_ids, f"{field}.categoryIds"),
            kinds=tuple(bounded_list(self.kinds, f"{field}.kinds")),
            min_amount=self.min_amount,
            max_amount=self.max_amount,
            search=search or None,
            payees=tuple(payees),
            tags=tuple(tag.strip() for tag in bounded_list(self.tags, f"{field}.tags") if tag.strip()),
            uncategorized=self.uncategorized,
        )


@plain_input  # sent 500 at a time by createRecords: see api.graphql.plain_inputs
@strawberry.input(description="A new record. Its currency is its account's currency.")
class RecordInput:
    account_id: strawberry.ID
    kind: RecordKindEnum
    amount: Money = strawberry.field(description=AMOUNT_DESCRIPTION)
    date: datetime.date
    payee: str = ""
    description: str = ""
    notes: str = ""
    category_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="An income category for INCOME, an expense category for EXPENSE; none for TRANSFER.",
    )
    tags: list[str] = strawberry.field(
        default_factory=list, description="At most 20, each 1 to 50 characters."
    )
    counterpart_account_id: strawberry.ID | None = strawberry.field(
        default=None, description="Required for TRANSFER (the account the money goes to), refused otherwise."
    )
    counterpart_amount: Money | None = strawberry.field(
        default=None,
        description="For transfers between currencies: what arrived. "
        "Defaults to the amount between accounts of the same currency.",
    )

    def to_fields(self, path: str = "input") -> RecordFields:
        """The service-level fields, IDs parsed and named by their input path."""
        return RecordFields(
            account_id=parse_id(self.account_id, f"{path}.accountId"),
            kind=self.kind,
            amount=self.amount,
            date=self.date,
            payee=self.payee,
            description=self.description,
            notes=self.notes,
            category_id=parse_optional_id(self.category_id, f"{path}.categoryId"),
            tags=tuple(self.tags),
            counterpart_account_id=parse_optional_id(
                self.counterpart_account_id, f"{path}.counterpartAccountId"
            ),
            counterpart_amount=self.counterpart_amount,
        )


@strawberry.input(
    description="Changes to a record: fields left out stay as they are. Changing the kind drops a category "
    "or counterpart account that no longer applies unless the change names it."
)
class UpdateRecordInput:
    account_id: strawberry.ID | None = strawberry.UNSET
    kind: RecordKindEnum | None = strawberry.UNSET
    amount: Money | None = strawberry.field(default=strawberry.UNSET, description=AMOUNT_DESCRIPTION)
    date: datetime.date | None = strawberry.UNSET
    payee: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    notes: str | None = strawberry.UNSET
    category_id: strawberry.ID | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
    counterpart_account_id: strawberry.ID | None = strawberry.UNSET
    counterpart_amount: Money | None = strawberry.UNSET

    def to_changes(self, path: str = "input") -> RecordChanges:
        """Only the fields the client sent; null is accepted only where a record may have nothing."""
        changes: dict[str, object] = {}
        for input_field in dataclasses.fields(self):
            name, value = input_field.name, getattr(self, input_field.name)
            if value is strawberry.UNSET:
                continue
            field_path = f"{path}.{to_camel_case(name)}"
            if value is None and name not in NULLABLE_FIELDS:
                raise InvalidInput(field_path, "cannot be null")
            changes[name] = parse_optional_id(value, field_path) if name in ID_FIELDS else value
        return cast(RecordChanges, changes)
