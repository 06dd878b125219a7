"""Account queries and mutations (GraphQL layer of the accounts domain)."""

from __future__ import annotations

import strawberry


@strawberry.type
class AccountQuery:
    """Queries of the accounts domain."""


@strawberry.type
class AccountMutation:
    """Mutations of the accounts domain."""
