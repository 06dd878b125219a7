"""GraphQL types of the categories domain."""

from __future__ import annotations

import strawberry

from api.categories.models import Category, CategoryKind
from api.categories.service import load_categories_by_id, load_category_children
from api.categories.tree import FULL_NAME_SEPARATOR, CategoryTree, TreeCategory
from api.graphql.context import Info

strawberry.enum(CategoryKind, name="CategoryKind", description="Income or expense.")
CategoryKindEnum = CategoryKind  # the domain enum, decorated in place above


@strawberry.type(name="Category")
class CategoryNode:
    """A category of income or expense, possibly a sub-category of another."""

    id: strawberry.ID
    name: str
    kind: CategoryKindEnum
    color: str = strawberry.field(description='Hex colour "#rrggbb", for charts.')
    parent_id: strawberry.ID | None

    @strawberry.field(description="The category this one belongs to; null at the top level.")
    async def parent(self, info: Info) -> CategoryNode | None:
        if self.parent_id is None:
            return None
        parent = await info.context.loader(load_categories_by_id).load(int(self.parent_id))
        return CategoryNode.from_model(parent)

    @strawberry.field(description="Direct sub-categories, by name.")
    async def children(self, info: Info) -> list[CategoryNode]:
        children = await info.context.loader(load_category_children).load(int(self.id))
        return [CategoryNode.from_model(child) for child in children]

    @strawberry.field(description='The names from the top level down, e.g. "Food / Groceries".')
    async def full_name(self, info: Info) -> str:
        names = [self.name]
        parent_id = self.parent_id
        while parent_id is not None:
            parent = await info.context.loader(load_categories_by_id).load(int(parent_id))
            names.append(parent.name)
            parent_id = parent.parent_id
        return FULL_NAME_SEPARATOR.join(reversed(names))

    @classmethod
    def from_model(cls, category: Category | TreeCategory) -> CategoryNode:
        """Translate the ORM object (or the request's tree's copy, which has every field)."""
        return cls(
            id=strawberry.ID(str(category.id)),
            name=category.name,
            kind=category.kind,
            color=category.color,
            parent_id=strawberry.ID(str(category.parent_id)) if category.parent_id is not None else None,
        )

    @classmethod
    def from_tree(cls, tree: CategoryTree, category_id: int | None) -> CategoryNode | None:
        """The node of a category in the request's tree; None for none or an unknown id."""
        category = tree.get(category_id) if category_id is not None else None
        return cls.from_model(category) if category is not None else None


@strawberry.input(description="A new category.")
class CreateCategoryInput:
    name: str = strawberry.field(description="Unique among its siblings (ignoring case); 1-100 characters.")
    kind: CategoryKindEnum
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="Makes it a sub-category of one of your categories of the same kind."
    )
    color: str | None = strawberry.field(
        default=None, description='Hex "#RRGGBB"; default: the parent\'s colour, else one from a palette.'
    )


@strawberry.input(description="Changes to a category; omitted fields stay as they are.")
class UpdateCategoryInput:
    name: str | None = strawberry.field(default=None, description="Null keeps the name.")
    parent_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Move below another category; null moves it to the top level."
    )
    color: str | None = strawberry.field(default=None, description='Hex "#RRGGBB"; null keeps the colour.')
