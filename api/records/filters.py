"""Which records a query looks at: service-level criteria turned into SQL WHERE conditions.

Shared by record listings and summaries so both read "the same records" for the same filter.
Empty collections mean "no restriction", like None.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, and_, false, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.categories.tree import CategoryTree, load_category_tree
from api.money import MAX_MINOR_UNITS, minor_unit_exponent
from api.ledger.models import Record, RecordKind, RecordTag


@dataclass(frozen=True)
class RecordCriteria:
    """A filter on the user's records; every given part must hold (AND)."""

    date_from: date | None = None
    date_to: date | None = None
    account_ids: tuple[int, ...] = ()
    category_ids: tuple[int, ...] = ()
    kinds: tuple[RecordKind, ...] = ()
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    search: str | None = None
    payees: tuple[str, ...] = ()  # exact payees, unlike the search
    tags: tuple[str, ...] = ()
    uncategorized: bool | None = None

    def rollups_answer(self) -> bool:
        """Whether monthly roll-ups know what the filter asks (accounts, categories, kinds), so whole
        months can be read from them; text, exact payees, tags and amounts need the records."""
        amounts = (self.min_amount, self.max_amount)
        return not (self.search or self.payees or self.tags) and amounts == (None, None)


async def record_conditions(
    session: AsyncSession, user_id: int, criteria: RecordCriteria, category_tree: CategoryTree | None = None
) -> list[ColumnElement[bool]]:
    """WHERE conditions on `Record` selecting the user's records that match the criteria.

    A category filter walks the user's category tree: pass it when the caller has it already.
    """
    conditions: list[ColumnElement[bool]] = [Record.user_id == user_id]
    if criteria.date_from is not None:
        conditions.append(Record.occurred_on >= criteria.date_from)
    if criteria.date_to is not None:
        conditions.append(Record.occurred_on <= criteria.date_to)
    if criteria.account_ids:
        # A transfer belongs to both accounts it touches.
        conditions.append(
            or_(
                Record.account_id.in_(criteria.account_ids),
                Record.counterpart_account_id.in_(criteria.account_ids),
            )
        )
    if criteria.kinds:
        conditions.append(Record.kind.in_(criteria.kinds))
    category_condition = await _category_condition(session, user_id, criteria, category_tree)
    if category_condition is not None:
        conditions.append(category_condition)
    if criteria.min_amount is not None or criteria.max_amount is not None:
        currencies = await _user_currencies(session, user_id)
        conditions.append(_amount_condition(currencies, criteria.min_amount, criteria.max_amount))
    if criteria.search:
        conditions.append(
            or_(
                Record.payee.icontains(criteria.search, autoescape=True),
                Record.description.icontains(criteria.search, autoescape=True),
            )
        )
    if criteria.payees:
        conditions.append(Record.payee.in_(criteria.payees))
    if criteria.tags:
        conditions.append(
            Record.id.in_(select(RecordTag.record_id).where(RecordTag.tag.in_(criteria.tags)))
        )
    return conditions


def _uncategorized() -> ColumnElement[bool]:
    """Income or expense without a category; transfers never take one, so they do not count."""
    return and_(Record.category_id.is_(None), Record.kind != RecordKind.TRANSFER)


async def _category_condition(
    session: AsyncSession, user_id: int, criteria: RecordCriteria, category_tree: CategoryTree | None
) -> ColumnElement[bool] | None:
    """Categories with their sub-categories; `uncategorized=True` adds records without one (OR)."""
    in_categories = None
    if criteria.category_ids:
        tree = category_tree or await load_category_tree(session, user_id)
        selected = tree.with_descendants(criteria.category_ids)
        in_categories = Record.category_id.in_(sorted(selected)) if selected else false()
    if criteria.uncategorized is None:
        return in_categories
    if criteria.uncategorized:
        return _uncategorized() if in_categories is None else or_(in_categories, _uncategorized())
    # Records in the given categories already have a category.
    return not_(_uncategorized()) if in_categories is None else in_categories


async def _user_currencies(session: AsyncSession, user_id: int) -> list[str]:
    """The currencies of the user's accounts; a record's currency is always its account's."""
    rows = await session.scalars(select(Account.currency).where(Account.user_id == user_id).distinct())
    return list(rows)


def _amount_condition(
    currencies: Collection[str], min_amount: Decimal | None, max_amount: Decimal | None
) -> ColumnElement[bool]:
    """Amounts are minor units of different scales: compare within each group sharing an exponent."""
    by_exponent: dict[int, list[str]] = defaultdict(list)
    for currency in sorted(currencies):
        by_exponent[minor_unit_exponent(currency)].append(currency)
    groups = []
    for exponent, group in sorted(by_exponent.items()):
        bounds: list[ColumnElement[bool]] = [Record.currency.in_(group)]
        if min_amount is not None:
            bounds.append(Record.amount_minor >= _minor_bound(min_amount, exponent, math.ceil))
        if max_amount is not None:
            bounds.append(Record.amount_minor <= _minor_bound(max_amount, exponent, math.floor))
        groups.append(and_(*bounds))
    return or_(*groups) if groups else false()


def _minor_bound(amount: Decimal, exponent: int, rounding: Callable[[Decimal], int]) -> int:
    """The amount in minor units rounded towards the inside of the range, kept within what is stored."""
    return max(-MAX_MINOR_UNITS - 1, min(MAX_MINOR_UNITS + 1, rounding(amount.scaleb(exponent))))
