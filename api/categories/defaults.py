"""The starter set of categories every new user gets, ready to rename, recolour or delete."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from api.categories.models import Category, CategoryKind

# (name, colour, sub-categories); colours from a colour-blind-friendly palette.
DEFAULT_EXPENSE_CATEGORIES: list[tuple[str, str, list[str]]] = [
    ("Housing", "#4e79a7", ["Rent", "Utilities", "Maintenance"]),
    ("Food", "#f28e2b", ["Groceries", "Restaurants"]),
    ("Transport", "#e15759", ["Public transport", "Fuel", "Car"]),
    ("Health", "#76b7b2", ["Pharmacy", "Doctor"]),
    ("Shopping", "#59a14f", ["Clothing", "Electronics"]),
    ("Entertainment", "#edc948", ["Subscriptions", "Going out"]),
    ("Travel", "#b07aa1", []),
    ("Education", "#ff9da7", []),
    ("Insurance", "#9c755f", []),
    ("Taxes & fees", "#bab0ac", ["Bank fees"]),
    ("Gifts & donations", "#d37295", []),
    ("Other expenses", "#8c8c8c", []),
]
DEFAULT_INCOME_CATEGORIES: list[tuple[str, str, list[str]]] = [
    ("Salary", "#2f8f5b", []),
    ("Interest & dividends", "#3d7ea6", []),
    ("Refunds", "#a0cbe8", []),
    ("Other income", "#86bcb6", []),
]


async def create_default_categories(session: AsyncSession, user_id: int) -> None:
    """Add the starter categories (with sub-categories) for a new user; the caller commits."""
    for kind, defaults in (
        (CategoryKind.EXPENSE, DEFAULT_EXPENSE_CATEGORIES),
        (CategoryKind.INCOME, DEFAULT_INCOME_CATEGORIES),
    ):
        for name, color, children in defaults:
            parent = Category(user_id=user_id, name=name, kind=kind, color=color)
            session.add(parent)
            await session.flush()
            session.add_all(
                Category(user_id=user_id, name=child, kind=kind, color=color, parent_id=parent.id)
                for child in children
            )
    await session.flush()
