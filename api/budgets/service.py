"""Budgets: set (insert or update by category, currency, month and kind of row), list and delete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.budgets.models import Budget, Rollover
from api.categories.models import CategoryKind
from api.categories.service import get_category
from api.errors import InvalidInput, NotFound
from api.ledger.periods import Period, period_start
from api.money import to_minor_units, validate_currency

# Far more than a household sets by hand (a default and a few single months per category); it bounds
# the cost estimate of `budgets` and the rows a report walks.
MAX_BUDGETS = 2000


@dataclass(frozen=True)
class BudgetFields:
    """What `setBudget` asks for. `month` may be any day of the month; it is stored as the first."""

    category_id: int
    currency: str
    month: date
    amount: Decimal
    repeats: bool = True
    rollover: Rollover = Rollover.NONE


async def list_budgets(session: AsyncSession, user_id: int) -> list[Budget]:
    """Every budget row of the user, by category, currency and month (a default before a single month)."""
    rows = await session.scalars(
        select(Budget).where(Budget.user_id == user_id).order_by(
            Budget.category_id, Budget.currency, Budget.month, Budget.repeats.desc(), Budget.id
        )
    )
    return list(rows)


async def set_budget(session: AsyncSession, user_id: int, fields: BudgetFields, path: str) -> Budget:
    """Insert the budget, or update the one with the same category, currency, month and kind of row."""
    category = await get_category(session, user_id, fields.category_id)
    if category.kind is not CategoryKind.EXPENSE:
        raise InvalidInput(f"{path}.categoryId", "budgets are for expense categories")
    currency = validate_currency(fields.currency, f"{path}.currency")
    amount_minor = to_minor_units(fields.amount, currency, f"{path}.amount")
    if amount_minor < 0:
        raise InvalidInput(f"{path}.amount", "a budget cannot be negative")
    month = period_start(fields.month, Period.MONTH)
    key = (Budget.category_id == category.id, Budget.currency == currency,
           Budget.month == month, Budget.repeats == fields.repeats)
    budget = await session.scalar(select(Budget).where(*key))
    if budget is None:
        await _ensure_room(session, user_id, path)
        budget = Budget(user_id=user_id, category_id=category.id, currency=currency, month=month,
                        repeats=fields.repeats)
        session.add(budget)
    budget.amount_minor = amount_minor
    budget.rollover = fields.rollover
    try:
        await session.flush()
    except IntegrityError:  # the same budget set concurrently between the lookup and the insert
        raise InvalidInput(path, "the same budget was set by another request just now; try again") from None
    return budget


async def delete_budget(session: AsyncSession, user_id: int, budget_id: int) -> int:
    """Delete one budget row (a default from its month on, or a single month); returns its id."""
    budget = await session.scalar(select(Budget).where(Budget.id == budget_id, Budget.user_id == user_id))
    if budget is None:
        raise NotFound("Budget", budget_id)
    await session.delete(budget)
    await session.flush()
    return budget_id


async def _ensure_room(session: AsyncSession, user_id: int, path: str) -> None:
    count = await session.scalar(select(func.count()).select_from(Budget).where(Budget.user_id == user_id))
    if (count or 0) >= MAX_BUDGETS:
        raise InvalidInput(path, f"at most {MAX_BUDGETS} budgets; delete some single-month ones first")
