"""GraphQL types of the accounts domain."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from api.accounts.models import Account, AccountType
from api.graphql.scalars import CurrencyCode, Money
from api.money import from_minor_units

AccountTypeEnum = strawberry.enum(AccountType, name="AccountType", description="What kind of account.")


@strawberry.type(name="Account")
class AccountNode:
    """An account in one currency."""

    id: strawberry.ID
    name: str
    type: AccountTypeEnum
    currency: CurrencyCode
    opening_balance: Money
    archived: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, account: Account) -> AccountNode:
        """Translate the ORM object."""
        return cls(
            id=strawberry.ID(str(account.id)),
            name=account.name,
            type=account.type,
            currency=account.currency,
            opening_balance=Decimal(from_minor_units(account.opening_balance_minor, account.currency)),
            archived=account.archived,
            created_at=account.created_at,
            updated_at=account.updated_at,
        )
