"""Account queries and mutations (GraphQL layer of the accounts domain)."""

from __future__ import annotations

import strawberry

from api.accounts import service
from api.accounts.types import AccountNode, CreateAccountInput, UpdateAccountInput
from api.graphql.context import Info
from api.graphql.ids import parse_id
from api.graphql.permissions import IsAuthenticated


@strawberry.type
class AccountQuery:
    """Queries of the accounts domain."""

    @strawberry.field(permission_classes=[IsAuthenticated], description="Your accounts, by name.")
    async def accounts(self, info: Info, include_archived: bool = False) -> list[AccountNode]:
        context = info.context
        accounts = await service.list_accounts(context.session, context.user.id, include_archived)
        return [AccountNode.from_model(account) for account in accounts]

    @strawberry.field(
        permission_classes=[IsAuthenticated], description="One of your accounts; NOT_FOUND otherwise."
    )
    async def account(self, info: Info, id: strawberry.ID) -> AccountNode | None:
        context = info.context
        account = await service.get_account(context.session, context.user.id, parse_id(id, "id"))
        return AccountNode.from_model(account)


@strawberry.type
class AccountMutation:
    """Mutations of the accounts domain."""

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Open an account.")
    async def create_account(self, info: Info, input: CreateAccountInput) -> AccountNode:
        context = info.context
        account = await service.create_account(
            context.session,
            context.user.id,
            name=input.name,
            account_type=input.type,
            currency=input.currency,
            opening_balance=input.opening_balance,
            path="input",
        )
        await context.session.commit()
        return AccountNode.from_model(account)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Rename, retype, archive or restate an account; all changes or none.",
    )
    async def update_account(self, info: Info, id: strawberry.ID, input: UpdateAccountInput) -> AccountNode:
        context = info.context
        changes = service.AccountChanges(
            name=input.name,
            type=input.type,
            currency=input.currency,
            opening_balance=input.opening_balance,
            archived=input.archived,
        )
        account = await service.update_account(
            context.session, context.user.id, parse_id(id, "id"), changes, path="input"
        )
        await context.session.commit()
        return AccountNode.from_model(account)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description=(
            "Delete the account for good, together with every record on it (transfers to or from it "
            "included), and return its id. To keep the history, archive it with updateAccount instead."
        ),
    )
    async def delete_account(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        context = info.context
        deleted_id = await service.delete_account(context.session, context.user.id, parse_id(id, "id"))
        await context.session.commit()
        return strawberry.ID(str(deleted_id))
