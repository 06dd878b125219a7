"""What a rule must satisfy before it is stored; errors name the field of the rule's own input."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.service import get_account
from api.categories.models import CategoryKind
from api.categories.service import get_category
from api.errors import InvalidInput
from api.money import MAX_MINOR_UNITS
from api.names import clean_name
from api.records.validation import MAX_PAYEE_LENGTH, normalize_tags
from api.rules.models import Direction, TextMatch
from api.rules.patterns import check_pattern

# The largest amount any currency can hold (JPY has no minor units): a bound beyond it is a typo.
LARGEST_AMOUNT = Decimal(MAX_MINOR_UNITS)

# The most decimal places of any ISO 4217 currency (CLF, UYW): a bound with more matches no amount.
MAX_DECIMAL_PLACES = 4
SMALLEST_STEP = Decimal(1).scaleb(-MAX_DECIMAL_PLACES)


@dataclass(frozen=True)
class TextCondition:
    """A condition on the payee or the description."""

    match: TextMatch
    pattern: str


@dataclass(frozen=True)
class RuleFields:
    """A rule as the client states it; None leaves a condition out or an action unused."""

    name: str
    payee: TextCondition | None = None
    description: TextCondition | None = None
    case_sensitive: bool = False
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    account_id: int | None = None
    direction: Direction = Direction.ANY
    category_id: int | None = None
    tags: Sequence[str] = ()
    set_payee: str | None = None


@dataclass(frozen=True)
class RuleColumns:
    """Validated column values of a rule."""

    name: str
    payee_match: TextMatch | None
    payee_pattern: str | None
    description_match: TextMatch | None
    description_pattern: str | None
    case_sensitive: bool
    min_amount: str | None
    max_amount: str | None
    account_id: int | None
    direction: Direction
    category_id: int | None
    tags: list[str]
    set_payee: str | None


async def validate_rule(session: AsyncSession, user_id: int, fields: RuleFields, path: str) -> RuleColumns:
    """Check every field; someone else's account or category is NotFound like a missing one."""
    name = clean_name(fields.name, f"{path}.name")
    low, high = fields.min_amount, fields.max_amount
    if low is not None and high is not None and low > high:
        raise InvalidInput(f"{path}.maxAmount", "must not be less than minAmount")
    if fields.account_id is not None:
        await get_account(session, user_id, fields.account_id)
    if fields.category_id is not None:
        category = await get_category(session, user_id, fields.category_id)
        # Money out never lands in an income category; money in may go to an expense one (a refund).
        if category.kind is CategoryKind.INCOME and fields.direction is not Direction.IN:
            raise InvalidInput(f"{path}.categoryId", "an income category needs direction IN (money in)")
    tags = normalize_tags(fields.tags, f"{path}.tags")
    set_payee = _set_payee(fields.set_payee, f"{path}.setPayee")
    if fields.category_id is None and not tags and set_payee is None:
        raise InvalidInput(path, "a rule needs at least one action: categoryId, tags or setPayee")
    return RuleColumns(
        name=name,
        payee_match=fields.payee.match if fields.payee else None,
        payee_pattern=_pattern(fields.payee, f"{path}.payee.pattern"),
        description_match=fields.description.match if fields.description else None,
        description_pattern=_pattern(fields.description, f"{path}.description.pattern"),
        case_sensitive=fields.case_sensitive,
        min_amount=_amount(fields.min_amount, f"{path}.minAmount"),
        max_amount=_amount(fields.max_amount, f"{path}.maxAmount"),
        account_id=fields.account_id,
        direction=fields.direction,
        category_id=fields.category_id,
        tags=tags,
        set_payee=set_payee,
    )


def _pattern(condition: TextCondition | None, field: str) -> str | None:
    return check_pattern(condition.match, condition.pattern, field) if condition is not None else None


def _amount(amount: Decimal | None, field: str) -> str | None:
    """A signed bound, stored as exact text (SQLite keeps Numeric as a float)."""
    if amount is None:
        return None
    if abs(amount) > LARGEST_AMOUNT:
        raise InvalidInput(field, "amount is too large")
    if amount != amount.quantize(SMALLEST_STEP, rounding=ROUND_DOWN):
        raise InvalidInput(field, f"at most {MAX_DECIMAL_PLACES} decimal places (no currency has more)")
    return format(amount, "f")


def _set_payee(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    payee = value.strip()
    if not payee:
        raise InvalidInput(field, "must not be empty (leave it out to keep the payee)")
    if len(payee) > MAX_PAYEE_LENGTH:
        raise InvalidInput(field, f"at most {MAX_PAYEE_LENGTH} characters")
    return payee
