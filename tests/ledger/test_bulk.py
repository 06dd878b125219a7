"""The writer's driver-level bulk path stores exactly what Core's insert stores, ids allocated in order."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from api.ledger import bulk, writer
from api.database import utc_now
from api.ledger.models import Record, RecordKind, RecordTag
from api.ledger.writer import RecordValues
from tests.accounts.operations import create_account
from tests.records.operations import category_id

# Every column a record stores, read back as the driver returns it (dates as SQLite's text, enums as values).
STORED = ("user_id, account_id, kind, amount_minor, currency, occurred_on, payee, description, notes, "
          "category_id, counterpart_account_id, counterpart_amount_minor")


def _values(checking: int, dollars: int, groceries: int) -> list[RecordValues]:
    common = {"currency": "EUR", "notes": "", "counterpart_account_id": None,
              "counterpart_amount_minor": None}
    return [
        RecordValues(account_id=checking, kind=RecordKind.EXPENSE, amount_minor=350,
                     occurred_on=date(2026, 1, 2), payee="Café Ümlaut", description="two coffees",
                     category_id=groceries, tags=["food", "weekday"], **common),
        RecordValues(account_id=checking, kind=RecordKind.EXPENSE, amount_minor=-1299,
                     occurred_on=date(2026, 1, 31), payee="Grocer", description="refund",
                     category_id=groceries, **common),
        RecordValues(account_id=checking, kind=RecordKind.INCOME, amount_minor=250_000,
                     occurred_on=date(2026, 2, 1), payee="ACME", description="", category_id=None, **common),
        RecordValues(account_id=checking, kind=RecordKind.TRANSFER, amount_minor=2000, currency="EUR",
                     occurred_on=date(2026, 2, 3), payee="", description="to dollars", notes="fx",
                     category_id=None, counterpart_account_id=dollars, counterpart_amount_minor=2170),
    ]


def test_bulk_records_equal_core_records_and_keep_the_rollups(alice, ledger):
    checking = int(create_account(alice, "Checking")["id"])
    dollars = int(create_account(alice, "Dollars", currency="USD")["id"])
    values = _values(checking, dollars, int(category_id(alice, "Food / Groceries")))
    user_id = int(alice.ok("{ me { id } }")["me"]["id"])

    async def write(session: AsyncSession) -> tuple[list[int], list[int]]:
        bulk_ids = await writer.insert_records_returning_ids(session, user_id, values)
        # Core's own insert of the same rows (no roll-ups: they are taken away again below).
        now = utc_now()
        core_ids = [(await session.execute(insert(Record).values(
            user_id=user_id, **value.columns(), created_at=now, updated_at=now,
        ).returning(Record.id))).scalar_one() for value in values]
        await session.execute(insert(RecordTag), [{"record_id": record_id, "tag": tag}
                                                  for record_id, value in zip(core_ids, values)
                                                  for tag in value.tags])
        await session.commit()
        return bulk_ids, core_ids

    bulk_ids, core_ids = ledger.run(write)
    assert bulk_ids == sorted(bulk_ids) and len(set(bulk_ids)) == len(values)

    async def read(session: AsyncSession) -> dict[int, tuple[object, ...]]:
        rows = await session.execute(text(f"SELECT id, {STORED}, created_at FROM records"))  # nosec B608
        stored = {row[0]: tuple(row[1:-1]) + (type(row[-1]), len(str(row[-1]))) for row in rows}
        records = await session.scalars(select(Record).where(Record.id.in_(bulk_ids + core_ids)))
        tags = {record.id: record.tag_names for record in records}
        return {record_id: (*stored[record_id], tuple(tags[record_id])) for record_id in stored}

    stored = ledger.run(read)
    assert [stored[record_id] for record_id in bulk_ids] == [stored[record_id] for record_id in core_ids]
    assert stored[bulk_ids[0]][-1] == ("food", "weekday")

    async def remove_core_rows(session: AsyncSession) -> None:
        await session.execute(delete(RecordTag).where(RecordTag.record_id.in_(core_ids)))
        await session.execute(delete(Record).where(Record.id.in_(core_ids)))
        await session.commit()

    ledger.run(remove_core_rows)
    ledger.assert_consistent(alice)


def test_written_records_are_the_values_with_their_new_ids(alice, ledger):
    values, written = _write_sample(alice, ledger)
    assert [record.id for record in written] == sorted(record.id for record in written)
    assert [RecordValues(**{name: getattr(record, name) for name in vars(value)}) for record, value
            in zip(written, values)] == values

    async def read(session: AsyncSession) -> list[tuple[object, ...]]:
        records = await session.scalars(select(Record).where(Record.id.in_([record.id for record in written]))
                                        .order_by(Record.id))
        return [(record.id, record.amount_minor, record.occurred_on, record.tag_names) for record in records]

    assert ledger.run(read) == [(record.id, record.amount_minor, record.occurred_on, record.tags)
                                for record in written]
    ledger.assert_consistent(alice)


def test_ids_are_allocated_after_every_existing_one(alice, ledger):
    async def allocate(session: AsyncSession) -> tuple[int, list[int]]:
        highest = await session.scalar(select(Record.id).order_by(Record.id.desc()).limit(1)) or 0
        return highest, await bulk.allocate_ids(session, Record.__table__, 3)

    highest, ids = ledger.run(allocate)
    assert len(ids) == 3 and ids == sorted(ids) and ids[0] > highest


def test_a_written_record_has_its_own_tags_and_the_timestamps_of_its_batch(alice, ledger):
    values, written = _write_sample(alice, ledger)
    user_id = int(alice.ok("{ me { id } }")["me"]["id"])
    written[0].tags.append("changed later")
    assert values[0].tags == ["food", "weekday"]
    assert {(record.user_id, record.created_at, record.updated_at) for record in written} == {
        (user_id, written[0].created_at, written[0].created_at)
    }


def test_a_repeated_bulk_insert_reuses_its_compiled_statement(alice, ledger):
    checking = int(create_account(alice, "Checking")["id"])
    dollars = int(create_account(alice, "Dollars", currency="USD")["id"])
    values = _values(checking, dollars, int(category_id(alice, "Food / Groceries")))
    user_id = int(alice.ok("{ me { id } }")["me"]["id"])

    async def write_twice(session: AsyncSession) -> tuple[int, int]:
        await writer.insert_records_returning_ids(session, user_id, values)
        compiled_before = bulk._insert_plan.cache_info().misses
        await writer.insert_records_returning_ids(session, user_id, values)
        await session.commit()
        return compiled_before, bulk._insert_plan.cache_info().misses

    compiled_before, compiled_after = ledger.run(write_twice)  # one engine: one dialect
    assert compiled_after == compiled_before
    ledger.assert_consistent(alice)


def _write_sample(alice, ledger) -> tuple[list[RecordValues], list[writer.WrittenRecord]]:
    """The sample records of `_values` in two new accounts, written through the writer and committed."""
    checking = int(create_account(alice, "Checking")["id"])
    dollars = int(create_account(alice, "Dollars", currency="USD")["id"])
    values = _values(checking, dollars, int(category_id(alice, "Food / Groceries")))
    user_id = int(alice.ok("{ me { id } }")["me"]["id"])

    async def write(session: AsyncSession) -> list[writer.WrittenRecord]:
        written = await writer.insert_records(session, user_id, values)
        await session.commit()
        return written

    return values, ledger.run(write)
