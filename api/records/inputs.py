"""GraphQL inputs of the records domain, each translating itself into service-level values."""

from __future__ import annotations

from datetime import date

import strawberry

from api.errors import InvalidInput
from api.graphql.ids import parse_id
from api.graphql.scalars import Money
from api.records.filters import RecordCriteria
from api.records.types import RecordKindEnum

MAX_SEARCH_LENGTH = 200


def parse_ids(values: list[strawberry.ID] | None, field: str) -> tuple[int, ...]:
    """Parse a list of IDs, naming the position of a bad one (e.g. "filter.accountIds[2]")."""
    return tuple(parse_id(value, f"{field}[{index}]") for index, value in enumerate(values or ()))


@strawberry.input(
    description="Which records to look at; every given part must hold. Empty lists are ignored."
)
class RecordFilter:
    date_from: date | None = None
    date_to: date | None = None
    account_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Records of these accounts, including transfers into them."
    )
    category_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Records in these categories or any of their sub-categories."
    )
    kinds: list[RecordKindEnum] | None = None
    min_amount: Money | None = None
    max_amount: Money | None = None
    search: str | None = strawberry.field(
        default=None, description="Case-insensitive text within the payee or the description."
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
        return RecordCriteria(
            date_from=self.date_from,
            date_to=self.date_to,
            account_ids=parse_ids(self.account_ids, f"{field}.accountIds"),
            category_ids=parse_ids(self.category_ids, f"{field}.categoryIds"),
            kinds=tuple(self.kinds or ()),
            min_amount=self.min_amount,
            max_amount=self.max_amount,
            search=search or None,
            tags=tuple(tag.strip() for tag in self.tags or () if tag.strip()),
            uncategorized=self.uncategorized,
        )
