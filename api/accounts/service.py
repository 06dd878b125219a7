"""Accounts: plain functions over a database session, always scoped to one user."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.errors import NotFound


async def get_account(session: AsyncSession, user_id: int, account_id: int) -> Account:
    """The user's account with this id; another user's id is NotFound like a missing one."""
    account = await session.scalar(
        select(Account).where(Account.id == account_id, Account.user_id == user_id)
    )
    if account is None:
        raise NotFound("Account", account_id)
    return account


async def load_accounts_by_id(
    session: AsyncSession, user_id: int, account_ids: Sequence[int]
) -> list[Account | None]:
    """DataLoader batch function: the user's accounts in the order asked, None where missing."""
    rows = await session.scalars(
        select(Account).where(Account.id.in_(account_ids), Account.user_id == user_id)
    )
    by_id = {account.id: account for account in rows}
    return [by_id.get(account_id) for account_id in account_ids]
