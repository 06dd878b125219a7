"""Category queries and mutations (GraphQL layer of the categories domain)."""

from __future__ import annotations

import strawberry

from api.categories import service
from api.categories.types import CategoryKindEnum, CategoryNode, CreateCategoryInput, UpdateCategoryInput
from api.graphql.context import Info
from api.graphql.ids import parse_id
from api.graphql.permissions import IsAuthenticated


def _parent_id(value: strawberry.ID | None) -> int | None:
    return None if value is None else parse_id(value, "input.parentId")


@strawberry.type
class CategoryQuery:
    """Queries of the categories domain."""

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Your categories as a flat list: each parent followed by its children, siblings by name.",
    )
    async def categories(self, info: Info, kind: CategoryKindEnum | None = None) -> list[CategoryNode]:
        context = info.context
        categories = await service.list_categories(context.session, context.user.id, kind)
        return [CategoryNode.from_model(category) for category in categories]

    @strawberry.field(
        permission_classes=[IsAuthenticated], description="One of your categories; NOT_FOUND otherwise."
    )
    async def category(self, info: Info, id: strawberry.ID) -> CategoryNode | None:
        context = info.context
        category = await service.get_category(context.session, context.user.id, parse_id(id, "id"))
        return CategoryNode.from_model(category)


@strawberry.type
class CategoryMutation:
    """Mutations of the categories domain."""

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Add a category or sub-category.")
    async def create_category(self, info: Info, input: CreateCategoryInput) -> CategoryNode:
        context = info.context
        category = await service.create_category(
            context.session,
            context.user.id,
            name=input.name,
            kind=input.kind,
            parent_id=_parent_id(input.parent_id),
            color=input.color,
            path="input",
        )
        await context.session.commit()
        return CategoryNode.from_model(category)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Rename, recolour or move a category (never below itself); all changes or none.",
    )
    async def update_category(
        self, info: Info, id: strawberry.ID, input: UpdateCategoryInput
    ) -> CategoryNode:
        context = info.context
        parent_id = service.UNCHANGED if input.parent_id is strawberry.UNSET else _parent_id(input.parent_id)
        changes = service.CategoryChanges(name=input.name, color=input.color, parent_id=parent_id)
        category = await service.update_category(
            context.session, context.user.id, parse_id(id, "id"), changes, path="input"
        )
        await context.session.commit()
        return CategoryNode.from_model(category)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description=(
            "Delete a category together with its sub-categories and return its id; records that used "
            "them stay and become uncategorized."
        ),
    )
    async def delete_category(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        context = info.context
        deleted_id = await service.delete_category(context.session, context.user.id, parse_id(id, "id"))
        await context.session.commit()
        return strawberry.ID(str(deleted_id))
