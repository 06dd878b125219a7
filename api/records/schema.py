"""Record queries and mutations (GraphQL layer of the records domain)."""

from __future__ import annotations

import strawberry


@strawberry.type
class RecordQuery:
    """Queries of the records domain."""


@strawberry.type
class RecordMutation:
    """Mutations of the records domain."""
