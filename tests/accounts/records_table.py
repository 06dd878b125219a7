"""Ledger rows written and read straight through the ORM, so these tests need no records API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.accounts.models import Account
from api.config import Settings
from api.database import create_sync_engine
from api.money import to_minor_units
from api.ledger.models import Record, RecordKind


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
            return record.id
    finally:
        engine.dispose()


def records_by_id(settings: Settings) -> dict[int, Record]:
    """Every record in the database, whoever owns it."""
    engine = create_sync_engine(settings.resolved_database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            return {record.id: record for record in session.scalars(select(Record))}
    finally:
        engine.dispose()
