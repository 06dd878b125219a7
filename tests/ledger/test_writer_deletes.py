"""Bulk deletes keep the session in step when it holds the records, and read no row back otherwise."""

from __future__ import annotations

from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.ledger import writer
from api.ledger.models import Record
from tests.accounts.operations import create_account
from tests.records.operations import create_record


def _user_id(user) -> int:
    return int(user.ok("{ me { id } }")["me"]["id"])


def test_a_record_the_session_holds_is_gone_from_it_after_the_delete(alice, ledger):
    checking = create_account(alice, "Checking")
    record_id = int(create_record(alice, checking, tags=["a"])["id"])
    user_id = _user_id(alice)

    async def delete_loaded(session: AsyncSession) -> tuple[Record | None, bool]:
        loaded = await session.get(Record, record_id)  # held: the identity map keeps objects weakly
        # A subquery the ORM cannot evaluate in Python: it asks the database which rows went.
        condition = Record.id.in_(select(Record.id).where(Record.id == record_id))
        await writer.delete_records(session, user_id, condition)
        return await session.get(Record, record_id), loaded in session

    assert ledger.run(delete_loaded) == (None, False)


def test_deleting_records_the_session_does_not_hold_reads_no_row_back(alice, ledger):
    checking = create_account(alice, "Checking")
    for amount in ("1.00", "2.00", "3.00"):
        create_record(alice, checking, amount=amount, tags=["a", "b"])
    user_id = _user_id(alice)
    statements: list[str] = []

    def remember(connection, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    async def delete_all(session: AsyncSession) -> int:
        engine = session.get_bind()
        event.listen(engine, "before_cursor_execute", remember)
        try:
            in_checking = select(Record.id).where(Record.account_id == int(checking["id"]))
            deleted = await writer.delete_records(session, user_id, Record.id.in_(in_checking))
            await session.commit()
        finally:
            event.remove(engine, "before_cursor_execute", remember)
        return deleted

    assert ledger.run(delete_all) == 3
    deletes = [statement for statement in statements if statement.lstrip().upper().startswith("DELETE")]
    assert deletes and not any("RETURNING" in statement.upper() for statement in deletes)
    assert ledger.count_rows(Record) == 0
    ledger.assert_consistent(alice)
