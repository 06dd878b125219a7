"""Categories: plain functions over a database session, always scoped to one user."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.categories.models import Category
from api.errors import NotFound


async def get_category(session: AsyncSession, user_id: int, category_id: int) -> Category:
    """The user's category with this id; another user's id is NotFound like a missing one."""
    category = await session.scalar(
        select(Category).where(Category.id == category_id, Category.user_id == user_id)
    )
    if category is None:
        raise NotFound("Category", category_id)
    return category


async def load_categories_by_id(
    session: AsyncSession, user_id: int, category_ids: Sequence[int]
) -> list[Category | None]:
    """DataLoader batch function: the user's categories in the order asked, None where missing."""
    rows = await session.scalars(
        select(Category).where(Category.id.in_(category_ids), Category.user_id == user_id)
    )
    by_id = {category.id: category for category in rows}
    return [by_id.get(category_id) for category_id in category_ids]
