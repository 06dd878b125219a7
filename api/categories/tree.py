"""A user's category tree, read with one query and walked in memory.

Filters (a category means it and everything below it), summaries (sub-categories roll up into
their top-level ancestor) and names all walk the same small tree; loading it once per request
keeps that to one query however many places ask.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.categories.models import Category, CategoryKind

FULL_NAME_SEPARATOR = " / "


@dataclass(frozen=True)
class TreeCategory:
    """What the tree keeps of one category."""

    id: int
    parent_id: int | None
    name: str
    color: str
    kind: CategoryKind


class CategoryTree:
    """One user's categories by id, with their children."""

    def __init__(self, categories: Iterable[TreeCategory]) -> None:
        self._by_id = {category.id: category for category in categories}
        self._children: dict[int | None, list[int]] = defaultdict(list)
        for category in self._by_id.values():
            self._children[category.parent_id].append(category.id)

    def get(self, category_id: int) -> TreeCategory | None:
        """The category, or None when the user has no category with this id."""
        return self._by_id.get(category_id)

    def with_descendants(self, category_ids: Iterable[int]) -> set[int]:
        """The given categories of this user and every category below them; unknown ids are dropped."""
        selected: set[int] = set()
        pending = [category_id for category_id in category_ids if category_id in self._by_id]
        while pending:
            category_id = pending.pop()
            if category_id not in selected:
                selected.add(category_id)
                pending.extend(self._children.get(category_id, ()))
        return selected

    def path_from_top(self, category_id: int | None) -> list[int]:
        """Ids from the top-level ancestor down to the category; empty for None or an unknown id."""
        path: list[int] = []
        current = category_id
        while current is not None and current in self._by_id and current not in path:
            path.append(current)
            current = self._by_id[current].parent_id
        return path[::-1]

    def names_from_top(self, category_id: int | None) -> list[str]:
        """The names from the top-level ancestor down to the category; empty for None or an unknown id."""
        return [self._by_id[ancestor].name for ancestor in self.path_from_top(category_id)]

    def full_name(self, category_id: int | None) -> str:
        """The names from the top down as the API shows them ("Food / Groceries"); empty for none."""
        return FULL_NAME_SEPARATOR.join(self.names_from_top(category_id))


# Built once: every request that names a category loads the tree, and building the statement cost a
# third of the load.
_TREE = select(Category.id, Category.parent_id, Category.name, Category.color, Category.kind).where(
    Category.user_id == bindparam("user_id", type_=Integer)
)


async def load_category_tree(session: AsyncSession, user_id: int) -> CategoryTree:
    """The user's whole category tree, in one query."""
    rows = await session.execute(_TREE, {"user_id": user_id})
    return CategoryTree(TreeCategory(*row) for row in rows)
