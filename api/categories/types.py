"""GraphQL types of the categories domain."""

from __future__ import annotations

import strawberry

from api.categories.models import Category, CategoryKind

CategoryKindEnum = strawberry.enum(CategoryKind, name="CategoryKind", description="Income or expense.")


@strawberry.type(name="Category")
class CategoryNode:
    """A category of income or expense, possibly a sub-category of another."""

    id: strawberry.ID
    name: str
    kind: CategoryKindEnum
    color: str
    parent_id: strawberry.ID | None

    @classmethod
    def from_model(cls, category: Category) -> CategoryNode:
        """Translate the ORM object."""
        return cls(
            id=strawberry.ID(str(category.id)),
            name=category.name,
            kind=category.kind,
            color=category.color,
            parent_id=strawberry.ID(str(category.parent_id)) if category.parent_id is not None else None,
        )
