"""Summary queries and mutations (GraphQL layer of the summaries domain)."""

from __future__ import annotations

import strawberry


@strawberry.type
class SummaryQuery:
    """Queries of the summaries domain."""
