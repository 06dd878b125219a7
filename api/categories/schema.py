"""Category queries and mutations (GraphQL layer of the categories domain)."""

from __future__ import annotations

import strawberry


@strawberry.type
class CategoryQuery:
    """Queries of the categories domain."""


@strawberry.type
class CategoryMutation:
    """Mutations of the categories domain."""
