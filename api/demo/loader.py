"""Writes the demo history for a new demo user: registered like anyone, records written in bulk."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.auth.passwords import PasswordHasher
from api.auth.service import add_user
from api.categories.models import Category
from api.demo.generator import generate_demo_data
from api.demo.history import DemoAccount, DemoRecord
from api.money import to_minor_units
from api.ledger import writer
from api.ledger.writer import RecordValues
from api.state import AppState
from api.users.models import User
from api.users.service import find_user_by_email

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD_BYTES = 12


@dataclass(frozen=True)
class DemoCredentials:
    """How to sign in as the demo user, and what was loaded."""

    email: str
    password: str
    account_count: int
    record_count: int
    first_date: date
    last_date: date


async def demo_user_exists(state: AppState) -> bool:
    """Whether the demo user was already created (its password cannot be shown again)."""
    async with state.session_factory() as session:
        return await find_user_by_email(session, DEMO_EMAIL) is not None


async def delete_demo_user(state: AppState) -> None:
    """Remove the demo user; the database cascades to their accounts, categories and records."""
    async with state.session_factory() as session:
        await session.execute(delete(User).where(User.email == DEMO_EMAIL))
        await session.commit()


async def load_demo_data(state: AppState, today: date | None = None) -> DemoCredentials:
    """Register the demo user with a fresh random password and give them two years of history."""
    data = generate_demo_data(today or date.today())
    password = secrets.token_urlsafe(DEMO_PASSWORD_BYTES)
    async with state.session_factory() as session:
        # One transaction: a failure part-way leaves no half-loaded demo user behind.
        user = await add_user(session, PasswordHasher(state.settings.bcrypt_rounds), DEMO_EMAIL, password)
        accounts = await _insert_accounts(session, user.id, data.accounts)
        categories = await _category_ids_by_full_name(session, user.id)
        await _insert_records(session, user.id, data.records, accounts, categories)
        await session.commit()
    return DemoCredentials(
        email=DEMO_EMAIL,
        password=password,
        account_count=len(data.accounts),
        record_count=len(data.records),
        first_date=data.records[0].occurred_on,
        last_date=data.records[-1].occurred_on,
    )


async def _insert_accounts(
    session: AsyncSession, user_id: int, demo_accounts: list[DemoAccount]
) -> dict[str, Account]:
    accounts = {
        demo.name: Account(
            user_id=user_id,
            name=demo.name,
            type=demo.type,
            currency=demo.currency,
            opening_balance_minor=to_minor_units(demo.opening_balance, demo.currency),
        )
        for demo in demo_accounts
    }
    session.add_all(accounts.values())
    await session.flush()
    return accounts


async def _category_ids_by_full_name(session: AsyncSession, user_id: int) -> dict[str, int]:
    """The user's categories keyed "Parent / Child" (top-level ones by their own name)."""
    categories = list(await session.scalars(select(Category).where(Category.user_id == user_id)))
    names = {category.id: category.name for category in categories}
    return {
        f"{names[category.parent_id]} / {category.name}" if category.parent_id else category.name: category.id
        for category in categories
    }


async def _insert_records(
    session: AsyncSession,
    user_id: int,
    records: list[DemoRecord],
    accounts: dict[str, Account],
    categories: dict[str, int],
) -> None:
    """Through the ledger writer like any record, so the roll-ups are filled with them."""
    await writer.insert_records(
        session, user_id, [_record_values(record, accounts, categories) for record in records]
    )


def _record_values(
    record: DemoRecord, accounts: dict[str, Account], categories: dict[str, int]
) -> RecordValues:
    account = accounts[record.account]
    counterpart = accounts[record.counterpart_account] if record.counterpart_account else None
    return RecordValues(
        account_id=account.id,
        kind=record.kind,
        amount_minor=to_minor_units(record.amount, account.currency),
        currency=account.currency,
        occurred_on=record.occurred_on,
        payee=record.payee,
        description=record.description,
        notes="",
        category_id=categories[record.category] if record.category else None,
        counterpart_account_id=counterpart.id if counterpart else None,
        counterpart_amount_minor=(
            to_minor_units(record.counterpart_amount, counterpart.currency)
            if counterpart and record.counterpart_amount is not None
            else None
        ),
        tags=sorted(set(record.tags)),
    )
