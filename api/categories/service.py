"""Categories: plain functions over a database session, always scoped to one user."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.categories.colors import least_used_palette_color, validate_color
from api.categories.models import Category, CategoryKind
from api.errors import InvalidInput, NotFound, field_path
from api.ledger import writer
from api.names import clean_name, ensure_name_is_free


class Unchanged(enum.Enum):
    """Marks an update field the client did not send, where None has a meaning of its own."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED


@dataclass(frozen=True)
class CategoryChanges:
    """What an update asks for; None leaves name and colour as they are, parent None means top level."""

    name: str | None = None
    color: str | None = None
    parent_id: int | None | Unchanged = UNCHANGED


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


async def load_category_children(
    session: AsyncSession, user_id: int, parent_ids: Sequence[int]
) -> list[list[Category]]:
    """DataLoader batch function: each category's direct sub-categories, by name."""
    rows = await session.scalars(
        select(Category).where(Category.parent_id.in_(parent_ids), Category.user_id == user_id)
    )
    children: dict[int, list[Category]] = defaultdict(list)
    for category in sorted(rows, key=_by_name):
        if category.parent_id is not None:
            children[category.parent_id].append(category)
    return [children[parent_id] for parent_id in parent_ids]


async def list_categories(session: AsyncSession, user_id: int, kind: CategoryKind | None) -> list[Category]:
    """The user's categories (of one kind if given), parents before children, siblings by name."""
    query = select(Category).where(Category.user_id == user_id)
    if kind is not None:
        query = query.where(Category.kind == kind)
    return in_tree_order(list(await session.scalars(query)))


def in_tree_order(categories: Sequence[Category]) -> list[Category]:
    """Depth first: each category followed by its sub-categories, siblings sorted by name."""
    listed_ids = {category.id for category in categories}
    children: dict[int | None, list[Category]] = defaultdict(list)
    for category in sorted(categories, key=_by_name):
        children[category.parent_id if category.parent_id in listed_ids else None].append(category)
    ordered: list[Category] = []
    pending = list(reversed(children[None]))
    while pending:
        category = pending.pop()
        ordered.append(category)
        pending.extend(reversed(children[category.id]))
    return ordered


async def create_category(
    session: AsyncSession,
    user_id: int,
    name: str,
    kind: CategoryKind,
    parent_id: int | None,
    color: str | None,
    path: str = "",
) -> Category:
    """Validate and add a category; without a colour it takes its parent's or a palette one.

    Errors name fields under `path`.
    """
    name = clean_name(name, field_path(path, "name"))
    parent = await _parent_of_kind(session, user_id, parent_id, kind, path)
    await _ensure_sibling_name_is_free(session, user_id, name, kind, parent_id, exclude_id=None, path=path)
    if color is not None:
        color = validate_color(color, field_path(path, "color"))
    elif parent is not None:
        color = parent.color
    else:
        color = await _least_used_color(session, user_id)
    category = Category(user_id=user_id, name=name, kind=kind, parent_id=parent_id, color=color)
    session.add(category)
    await session.flush()
    return category


async def update_category(
    session: AsyncSession, user_id: int, category_id: int, changes: CategoryChanges, path: str = ""
) -> Category:
    """Rename, recolour or move a category after validating every change; the caller commits."""
    category = await get_category(session, user_id, category_id)
    name = category.name if changes.name is None else clean_name(changes.name, field_path(path, "name"))
    parent_id = category.parent_id if changes.parent_id is UNCHANGED else changes.parent_id
    if parent_id != category.parent_id:
        parent = await _parent_of_kind(session, user_id, parent_id, category.kind, path)
        await _ensure_not_moved_below_itself(session, category, parent, path)
    if (name, parent_id) != (category.name, category.parent_id):
        await _ensure_sibling_name_is_free(
            session, user_id, name, category.kind, parent_id, exclude_id=category.id, path=path
        )
    if changes.color is not None:
        category.color = validate_color(changes.color, field_path(path, "color"))
    category.name, category.parent_id = name, parent_id
    await session.flush()
    return category


async def delete_category(session: AsyncSession, user_id: int, category_id: int) -> int:
    """Delete a category with its sub-categories; their records become uncategorized (roll-ups moved too).

    The records change through the ledger writer first, so ON DELETE SET NULL finds nothing left
    to change behind the roll-ups' back; ON DELETE CASCADE then removes the sub-categories.
    """
    category = await get_category(session, user_id, category_id)
    await writer.uncategorize_records(session, user_id, _subtree_ids(user_id, category_id))
    await session.delete(category)
    await session.flush()
    return category_id


def _subtree_ids(user_id: int, category_id: int) -> Select[int]:
    """SELECT of the category's id and those of every category below it (a recursive CTE)."""
    subtree = (
        select(Category.id).where(Category.id == category_id, Category.user_id == user_id)
        .cte("subtree", recursive=True)
    )
    children = select(Category.id).join(subtree, Category.parent_id == subtree.c.id)
    subtree = subtree.union_all(children)
    return select(subtree.c.id)


def _by_name(category: Category) -> tuple[str, int]:
    return category.name.casefold(), category.id


async def _parent_of_kind(
    session: AsyncSession, user_id: int, parent_id: int | None, kind: CategoryKind, path: str
) -> Category | None:
    """The requested parent: the user's (NotFound otherwise, like any id) and of the same kind."""
    if parent_id is None:
        return None
    parent = await get_category(session, user_id, parent_id)
    if parent.kind != kind:
        raise InvalidInput(field_path(path, "parentId"), f"the parent must be an {kind.value} category too")
    return parent


async def _ensure_not_moved_below_itself(
    session: AsyncSession, category: Category, new_parent: Category | None, path: str
) -> None:
    """Walk up from the new parent: meeting the category itself would close a cycle."""
    ancestor = new_parent
    while ancestor is not None:
        if ancestor.id == category.id:
            raise InvalidInput(
                field_path(path, "parentId"),
                "a category cannot move below itself or one of its sub-categories",
            )
        ancestor = await session.get(Category, ancestor.parent_id) if ancestor.parent_id else None


async def _ensure_sibling_name_is_free(
    session: AsyncSession,
    user_id: int,
    name: str,
    kind: CategoryKind,
    parent_id: int | None,
    exclude_id: int | None,
    path: str,
) -> None:
    """Names are unique among the categories listed side by side: same parent, same kind."""
    query = select(Category.name).where(
        Category.user_id == user_id,
        Category.kind == kind,
        Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id,
    )
    if exclude_id is not None:
        query = query.where(Category.id != exclude_id)
    where = "a top-level category" if parent_id is None else "a sub-category of this parent"
    ensure_name_is_free(name, await session.scalars(query), field_path(path, "name"), where)


async def _least_used_color(session: AsyncSession, user_id: int) -> str:
    colors = await session.scalars(
        select(Category.color).where(Category.user_id == user_id, Category.parent_id.is_(None))
    )
    return least_used_palette_color(colors)
