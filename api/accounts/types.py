"""GraphQL types of the accounts domain."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from api.accounts.models import Account, AccountType
from api.accounts.service import load_account_balances
from api.graphql.context import Info
from api.graphql.scalars import CurrencyCode, Money
from api.money import from_minor_units

strawberry.enum(AccountType, name="AccountType", description="What kind of account.")
AccountTypeEnum = AccountType  # the domain enum, decorated in place above


@strawberry.type(name="Account")
class AccountNode:
    """An account in one currency."""

    id: strawberry.ID
    name: str
    type: AccountTypeEnum
    currency: CurrencyCode
    opening_balance: Money
    archived: bool = strawberry.field(description="Hidden from `accounts` unless asked; history is kept.")
    created_at: datetime
    updated_at: datetime

    @strawberry.field(description="Opening balance plus the effect of every record on this account.")
    async def balance(self, info: Info) -> Money:
        balance_minor = await info.context.loader(load_account_balances).load(int(self.id))
        return Money(from_minor_units(balance_minor, self.currency))

    @classmethod
    def from_model(cls, account: Account) -> AccountNode:
        """Translate the ORM object."""
        return cls(
            id=strawberry.ID(str(account.id)),
            name=account.name,
            type=account.type,
            currency=CurrencyCode(account.currency),
            opening_balance=Money(from_minor_units(account.opening_balance_minor, account.currency)),
            archived=account.archived,
            created_at=account.created_at,
            updated_at=account.updated_at,
        )


@strawberry.input(description="A new account.")
class CreateAccountInput:
    name: str = strawberry.field(description="Unique among your accounts (ignoring case); 1-100 characters.")
    type: AccountTypeEnum
    currency: CurrencyCode
    opening_balance: Money = strawberry.field(
        default=Decimal("0"), description="Balance before the first record, in the account's currency."
    )


@strawberry.input(description="Changes to an account; omitted (or null) fields stay as they are.")
class UpdateAccountInput:
    name: str | None = None
    type: AccountTypeEnum | None = None
    opening_balance: Money | None = None
    archived: bool | None = strawberry.field(
        default=None, description="Archive to hide the account but keep its records."
    )
    currency: CurrencyCode | None = strawberry.field(
        default=None, description="Only while the account has no records."
    )
