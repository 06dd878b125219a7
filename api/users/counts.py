"""How much a user owns, counted cheaply: the sizes a query's cost estimate multiplies by."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, Select, bindparam, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.categories.models import Category
from api.recurring.models import Schedule


@dataclass(frozen=True)
class OwnedCounts:
    """A user's accounts (archived included), their distinct currencies, categories and schedules."""

    accounts: int = 0
    currencies: int = 0
    categories: int = 0
    schedules: int = 0


def _owned_counts() -> Select[int, int, int, int]:
    user_id = bindparam("user_id", type_=Integer)
    accounts = select(func.count(), func.count(distinct(Account.currency))).where(Account.user_id == user_id)
    categories = select(func.count()).select_from(Category).where(Category.user_id == user_id)
    schedules = select(func.count()).select_from(Schedule).where(Schedule.user_id == user_id)
    return accounts.add_columns(categories.scalar_subquery(), schedules.scalar_subquery())


# Built once: building it took longer than SQLite took to answer it (every summary's cost check asks).
_OWNED_COUNTS = _owned_counts()


async def count_owned(session: AsyncSession, user_id: int) -> OwnedCounts:
    """Count the user's accounts, currencies, categories and schedules in one statement (indexed by user)."""
    account_count, currency_count, category_count, schedule_count = (
        await session.execute(_OWNED_COUNTS, {"user_id": user_id})
    ).one()
    return OwnedCounts(accounts=account_count, currencies=currency_count, categories=category_count,
                       schedules=schedule_count)
