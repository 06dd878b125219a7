"""Ledger rows written and read straight through the ORM, so these tests need no records API.

A record inserted here bypasses the ledger writer, so its user's roll-ups are rebuilt after it,
as `fintrack ledger rebuild` would: balances read them.
"""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from api.accounts.models import Account
from api.config import Settings
from api.database import create_database_engine, create_sync_engine
from api.money import to_minor_units
from api.ledger.models import Record, RecordKind
from api.ledger.rollups import rebuild_rollups


def insert_record(
    settings: Settings,
    account_id: str,
    kind: str,
    amount: str,
    *,
    counterpart_account_id: str | None = None,
    counterpart_amount: str | None = None,
    category_id: str | None = None,
    occurred_on: date = date(2026, 1, 15),
) -> int:
    """Insert one record on the account (owner and currency taken from it) and return its id."""
    engine = create_sync_engine(settings.resolved_database_url)
    try:
        with Session(engine) as session:
            account = session.get_one(Account, int(account_id))
            record = Record(
                user_id=account.user_id,
                account_id=account.id,
                kind=RecordKind(kind),
                amount_minor=to_minor_units(Decimal(amount), account.currency),
                currency=account.currency,
                occurred_on=occurred_on,
                category_id=int(category_id) if category_id else None,
            )
            if counterpart_account_id is not None:
                counterpart = session.get_one(Account, int(counterpart_account_id))
                record.counterpart_account_id = counterpart.id
                record.counterpart_amount_minor = to_minor_units(
                    Decimal(counterpart_amount or amount), counterpart.currency
                )
            session.add(record)
            session.commit()
            asyncio.run(_rebuild_rollups(settings, record.user_id))
            return record.id
    finally:
        engine.dispose()


async def _rebuild_rollups(settings: Settings, user_id: int) -> None:
    engine = create_database_engine(settings.resolved_database_url)
    try:
        async with engine.begin() as connection:
            await rebuild_rollups(AsyncSession(connection), user_id)
    finally:
        await engine.dispose()


def records_by_id(settings: Settings) -> dict[int, Record]:
    """Every record in the database, whoever owns it."""
    engine = create_sync_engine(settings.resolved_database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            return {record.id: record for record in session.scalars(select(Record))}
    finally:
        engine.dispose()
