"""Runs the import service directly on the test's database, with rules given as plain mappings."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.database import create_database_engine, create_session_factory
from api.imports import service
from api.imports.parsed import ParsedFile, ParsedTransaction, RowProblem
from api.imports.service import ImportOptions, ImportOutcome
from api.imports.sources import parsed_file_source
from api.ledger.models import Record
from api.users.models import User


@dataclass(frozen=True)
class Actions:
    """A rule's actions, as `api.rules` gives them."""

    rule_id: int
    category_id: int | None = None
    tags: Sequence[str] = ()
    payee: str | None = None


@dataclass
class PayeeRules:
    """Rules by payee substring (case-insensitive), first match wins: enough to drive the importer."""

    by_payee: list[tuple[str, Actions]] = field(default_factory=list)

    def match(self, account_id: int, amount: Decimal, payee: str, description: str) -> Actions | None:
        for text, actions in self.by_payee:
            if text.casefold() in payee.casefold():
                return actions
        return None


def row(
    line: int, day: str, amount: str, payee: str = "", description: str = "", **extra: Any
) -> ParsedTransaction:
    """A parsed transaction on line `line`."""
    return ParsedTransaction(line=line, occurred_on=date.fromisoformat(day), amount=Decimal(amount),
                             payee=payee, description=description, **extra)


def csv_file(*entries: ParsedTransaction | RowProblem, currency: str | None = None) -> ParsedFile:
    """A parsed CSV file of these transactions and problems."""
    return ParsedFile(
        format="csv",
        transactions=[entry for entry in entries if isinstance(entry, ParsedTransaction)],
        problems=[entry for entry in entries if isinstance(entry, RowProblem)],
        currency=currency,
    )


class Importer:
    """Imports parsed files for a user as the resolvers do: commit when kept, else roll back."""

    def __init__(self, settings: Settings) -> None:
        self.url = settings.resolved_database_url

    def run(self, action: Callable[[AsyncSession], Any]) -> Any:
        async def run() -> Any:
            engine = create_database_engine(self.url)
            try:
                async with create_session_factory(engine)() as session:
                    return await action(session)
            finally:
                await engine.dispose()

        return asyncio.run(run())

    def user_id(self, email: str) -> int:
        return self.run(lambda session: session.scalar(select(User.id).where(User.email == email)))

    def import_file(
        self, email: str, account_id: str | int, parsed: ParsedFile, rules: PayeeRules | None = None,
        batch_rows: int = service.BATCH_ROWS, **options: Any,
    ) -> ImportOutcome:
        user_id = self.user_id(email)

        async def run(session: AsyncSession) -> ImportOutcome:
            outcome = await service.import_transactions(
                session, user_id, int(account_id), parsed_file_source("statement.csv", parsed, batch_rows),
                rules or PayeeRules(), ImportOptions(**options),
            )
            if outcome.kept:
                await session.commit()
            else:
                await session.rollback()
            return outcome

        return self.run(run)

    def undo(self, email: str, import_id: int) -> None:
        user_id = self.user_id(email)

        async def run(session: AsyncSession) -> None:
            await service.undo_import(session, user_id, import_id)
            await session.commit()

        self.run(run)

    def records(self, account_id: str | int) -> list[Record]:
        """The account's records in id order."""
        async def read(session: AsyncSession) -> list[Record]:
            return list(await session.scalars(
                select(Record).where(Record.account_id == int(account_id)).order_by(Record.id)
            ))

        return self.run(read)
