"""Accounts: plain functions over a database session, always scoped to one user."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account, AccountType
from api.errors import InvalidInput, NotFound, field_path
from api.money import from_minor_units, to_minor_units, validate_currency
from api.names import clean_name, ensure_name_is_free
from api.ledger import writer
from api.ledger.balances import current_balances
from api.ledger.capacity import ensure_room_for
from api.ledger.models import Record


@dataclass(frozen=True)
class AccountChanges:
    """What an update asks for; None leaves a field as it is."""

    name: str | None = None
    type: AccountType | None = None
    currency: str | None = None
    opening_balance: Decimal | None = None
    archived: bool | None = None


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


async def load_account_balances(
    session: AsyncSession, user_id: int, account_ids: Sequence[int]
) -> list[int | None]:
    """DataLoader batch function: opening balance plus all legs, in minor units, from the roll-ups."""
    by_id = await current_balances(session, user_id, account_ids)
    return [by_id.get(account_id) for account_id in account_ids]


async def list_accounts(session: AsyncSession, user_id: int, include_archived: bool) -> list[Account]:
    """The user's accounts by name; archived ones only when asked for."""
    query = select(Account).where(Account.user_id == user_id)
    if not include_archived:
        query = query.where(Account.archived.is_(False))
    accounts = await session.scalars(query)
    return sorted(accounts, key=lambda account: (account.name.casefold(), account.id))


async def create_account(
    session: AsyncSession,
    user_id: int,
    name: str,
    account_type: AccountType,
    currency: str,
    opening_balance: Decimal,
    path: str = "",
) -> Account:
    """Validate and add an account; the caller commits. Errors name fields under `path`."""
    name = clean_name(name, field_path(path, "name"))
    await _ensure_account_name_is_free(session, user_id, name, exclude_id=None, path=path)
    currency = validate_currency(currency, field_path(path, "currency"))
    await ensure_room_for(session, user_id, 1)  # an opening balance is one more amount in the user's sums
    account = Account(
        user_id=user_id,
        name=name,
        type=account_type,
        currency=currency,
        opening_balance_minor=to_minor_units(opening_balance, currency, field_path(path, "openingBalance")),
        archived=False,
    )
    session.add(account)
    await _flush_account(session, path)
    return account


async def update_account(
    session: AsyncSession, user_id: int, account_id: int, changes: AccountChanges, path: str = ""
) -> Account:
    """Apply the requested changes after validating them all; the caller commits."""
    account = await get_account(session, user_id, account_id)
    if changes.name is not None:
        name = clean_name(changes.name, field_path(path, "name"))
        await _ensure_account_name_is_free(session, user_id, name, exclude_id=account.id, path=path)
        account.name = name
    if changes.type is not None:
        account.type = changes.type
    if changes.currency is not None or changes.opening_balance is not None:
        await _change_money(session, account, changes, path)
    if changes.archived is not None:
        account.archived = changes.archived
    await _flush_account(session, path)
    return account


async def delete_account(session: AsyncSession, user_id: int, account_id: int) -> int:
    """Delete the account and every record leaving or arriving in it; the caller commits.

    The records go through the ledger writer first, so the roll-ups of the other accounts (the far
    side of transfers) change with them and the ON DELETE CASCADE finds nothing left to delete.
    """
    account = await get_account(session, user_id, account_id)
    await writer.delete_records(session, user_id, _touches(account_id))
    await session.delete(account)
    await session.flush()
    return account_id


async def account_has_records(session: AsyncSession, account_id: int) -> bool:
    """Whether any record leaves from or arrives in the account."""
    return bool(
        await session.scalar(
            select(exists().where(_touches(account_id)))
        )
    )


def _touches(account_id: int) -> ColumnElement[bool]:
    """Records leaving from or arriving in the account."""
    return or_(Record.account_id == account_id, Record.counterpart_account_id == account_id)


async def _change_money(session: AsyncSession, account: Account, changes: AccountChanges, path: str) -> None:
    """Currency and opening balance together: the balance must fit the (possibly new) currency."""
    currency = account.currency
    currency_path = field_path(path, "currency")
    if changes.currency is not None:
        currency = validate_currency(changes.currency, currency_path)
        if currency != account.currency and await account_has_records(session, account.id):
            raise InvalidInput(currency_path, "the currency cannot change once the account has records")
    if changes.opening_balance is not None:
        opening_balance_minor = to_minor_units(
            changes.opening_balance, currency, field_path(path, "openingBalance")
        )
    else:
        opening_balance_minor = _convert_opening_balance(account, currency, currency_path)
    account.currency = currency
    account.opening_balance_minor = opening_balance_minor


def _convert_opening_balance(account: Account, currency: str, currency_path: str) -> int:
    """The kept opening balance in the new currency's minor units, when it has enough decimal places."""
    kept = from_minor_units(account.opening_balance_minor, account.currency)
    try:
        return to_minor_units(kept, currency, currency_path)
    except InvalidInput:
        raise InvalidInput(
            currency_path,
            f"the opening balance {kept} does not fit {currency}; send a new openingBalance with it",
        ) from None


async def _ensure_account_name_is_free(
    session: AsyncSession, user_id: int, name: str, exclude_id: int | None, path: str
) -> None:
    query = select(Account.name).where(Account.user_id == user_id)
    if exclude_id is not None:
        query = query.where(Account.id != exclude_id)
    ensure_name_is_free(name, await session.scalars(query), field_path(path, "name"), "an account")


async def _flush_account(session: AsyncSession, path: str) -> None:
    """Flush, reporting the name clash of a concurrent request as bad input rather than a crash."""
    try:
        await session.flush()
    except IntegrityError:
        raise InvalidInput(field_path(path, "name"), "an account with this name already exists") from None
