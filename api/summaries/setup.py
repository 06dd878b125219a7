"""The user's accounts and category tree in one statement, for a summary whose parts need both.

Balances and byAccount name accounts, byCategory and the income statement name categories; a
summary asking for both kinds of part would read them in two statements (each a round trip to the
database's thread). Read together, the rows share one shape: (part, id, user or parent, name, type
or kind, currency or color, opening balance, archived, created, updated), NULL where a part has no
such column, typed so that PostgreSQL matches the columns of both parts. Accounts come first, in
name order as the database sorts them (the parts list accounts in that order).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger, Boolean, CompoundSelect, DateTime, Integer, String, bindparam, cast, literal_column, null,
    select, type_coerce, union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account, AccountType
from api.categories.models import Category, CategoryKind
from api.categories.tree import CategoryTree, TreeCategory

_ACCOUNT_PART, _CATEGORY_PART = 0, 1
_ACCOUNTS = Account.__table__.c
_CATEGORIES = Category.__table__.c
_TYPE_OF = {account_type.value: account_type for account_type in AccountType}
_KIND_OF = {kind.value: kind for kind in CategoryKind}


def _accounts_and_categories() -> CompoundSelect[Any]:
    user_id = bindparam("user_id", type_=Integer)
    accounts = select(
        literal_column(str(_ACCOUNT_PART), Integer).label("part"), _ACCOUNTS.id, _ACCOUNTS.user_id,
        _ACCOUNTS.name, type_coerce(_ACCOUNTS.type, String), _ACCOUNTS.currency,
        _ACCOUNTS.opening_balance_minor, _ACCOUNTS.archived, _ACCOUNTS.created_at, _ACCOUNTS.updated_at,
    ).where(_ACCOUNTS.user_id == user_id)
    categories = select(
        literal_column(str(_CATEGORY_PART), Integer), _CATEGORIES.id, _CATEGORIES.parent_id,
        _CATEGORIES.name, type_coerce(_CATEGORIES.kind, String), _CATEGORIES.color, cast(null(), BigInteger),
        cast(null(), Boolean), cast(null(), DateTime), cast(null(), DateTime),
    ).where(_CATEGORIES.user_id == user_id)
    return union_all(accounts, categories).order_by("part", "name", "id")


# Built once: building it took longer than the database took to answer it.
_ACCOUNTS_AND_CATEGORIES = _accounts_and_categories()


async def load_accounts_and_tree(
    session: AsyncSession, user_id: int
) -> tuple[dict[int, Account], CategoryTree]:
    """The user's accounts by id in name order (archived ones included) and their category tree.

    The accounts are built from the rows, outside the session: the parts only read them.
    """
    accounts: dict[int, Account] = {}
    categories: list[TreeCategory] = []
    rows = await session.execute(_ACCOUNTS_AND_CATEGORIES, {"user_id": user_id})
    for part, row_id, owner, name, kind, text, opening, archived, created_at, updated_at in rows:
        if part == _ACCOUNT_PART:
            accounts[row_id] = Account(
                id=row_id, user_id=owner, name=name, type=_TYPE_OF[kind], currency=text,
                opening_balance_minor=opening, archived=archived, created_at=created_at,
                updated_at=updated_at,
            )
        else:
            categories.append(TreeCategory(row_id, owner, name, text, _KIND_OF[kind]))
    return accounts, CategoryTree(categories)
