"""Many rows into one table through the driver's own `executemany`, and ids allocated for them first.

Core's executemany prepares every parameter of every row in Python (`construct_params`, then each
column type's bind processor): for an import of 100,000 records that cost three times what the
database itself spent. Here each column's bind processor (dates and timestamps on SQLite, enums)
runs once per distinct value of a batch, and the rows go to the DB-API cursor as tuples. The values
stored are exactly those Core would store: the same processors make them.

Ids are allocated before the insert and written explicitly, so no RETURNING is needed: from the
table's sequence on PostgreSQL (safe under concurrency), and on SQLite after the highest id, which
only the one writer SQLite admits can take (a concurrent insert of the same id would fail the
primary key, never pass silently).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Dialect, Insert, Table, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

Row = Sequence[Any]
"""One row's values, in the order of the `columns` given with it."""

BULK_PAGE_CACHE_KIB = 8 * 1024
"""SQLite's page cache while a bulk write runs (its default is 2 MiB): rows going into several indexes
at once (records have six) kept evicting the pages the next rows needed. Inserting 100,000 import
rows into a table of 300,000 took 1.64 s of CPU with 2 MiB, 1.42 s with 8, 1.07 s with 16, 0.96 s
with 32; 8 MiB because the server's memory is bounded too (250 MB while a million rows import)."""


@contextlib.asynccontextmanager
async def wide_page_cache(session: AsyncSession) -> AsyncIterator[None]:
    """On SQLite, `BULK_PAGE_CACHE_KIB` of page cache for the session's connection while the block runs.

    The pooled connection gets its own size back afterwards, so the memory is held only meanwhile
    (best effort after an error: the caller then rolls back, and the connection keeps the larger cache).
    """
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    previous = int(await session.scalar(text("PRAGMA cache_size")) or 0)
    await session.execute(text(f"PRAGMA cache_size = -{BULK_PAGE_CACHE_KIB}"))
    yield
    await session.execute(text(f"PRAGMA cache_size = {previous}"))


async def insert_rows(
    session: AsyncSession, table: Table, columns: Sequence[str], rows: Sequence[Row],
    statement: Insert | None = None,
) -> None:
    """Insert `rows` (values in `columns` order) with one driver-level executemany; the caller commits.

    `statement` is the INSERT into `table` to run, an upsert for instance (a plain one by default);
    build it once and pass the same object each time, so its compiled form is reused.
    """
    if not rows:
        return
    connection = await session.connection()
    plan = _insert_plan(connection.dialect, table if statement is None else statement, tuple(columns))
    processed = _processed(rows, plan.processors)
    parameters: list[Any]
    if plan.order is None:
        parameters = [dict(zip(columns, row)) for row in processed]
    elif plan.order == tuple(range(len(columns))):
        parameters = processed
    else:
        parameters = [tuple(row[index] for index in plan.order) for row in processed]
    await connection.exec_driver_sql(plan.sql, parameters)


@dataclass(frozen=True)
class _InsertPlan:
    """An INSERT compiled for one dialect and column list, with what turns rows into its parameters."""

    sql: str
    processors: tuple[Callable[[Any], Any] | None, ...]
    order: tuple[int, ...] | None
    """Where each positional parameter comes from in a row; None when the driver takes names."""


@functools.lru_cache(maxsize=64)
def _insert_plan(dialect: Dialect, target: Table | Insert, columns: tuple[str, ...]) -> _InsertPlan:
    """Compiled once per dialect, statement (or table, for a plain INSERT) and columns: compiling it
    and looking up the bind processors cost about 1.5 ms of each createRecords batch of 500."""
    table = target if isinstance(target, Table) else target.table
    statement = insert(target) if isinstance(target, Table) else target
    compiled = statement.compile(dialect=dialect, column_keys=list(columns))
    processors = tuple(table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns)
    order = (tuple(columns.index(name) for name in compiled.positiontup or ())
             if compiled.positional else None)
    return _InsertPlan(compiled.string, processors, order)


def _processed(rows: Sequence[Row], processors: Sequence[Callable[[Any], Any] | None]) -> list[Any]:
    """The rows with each column's bind processor applied, where the column type has one.

    Column by column, each processor called once per distinct value (a batch repeats a few dates,
    kinds and timestamps): called per value, they cost as much as the database's insert.
    """
    active = [(index, process) for index, process in enumerate(processors) if process is not None]
    if not active:
        return list(rows)
    columns = list(zip(*rows))
    for index, process in active:
        column = columns[index]
        processed = {value: process(value) for value in set(column)}
        columns[index] = tuple(map(processed.__getitem__, column))
    return list(zip(*columns))


async def allocate_ids(session: AsyncSession, table: Table, count: int) -> list[int]:
    """`count` new ids of `table` (an integer primary key named `id`), ascending."""
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        sequence = func.pg_get_serial_sequence(table.name, "id")
        rows = await session.execute(
            select(func.nextval(sequence)).select_from(func.generate_series(1, count))
        )
        return sorted(int(value) for value in rows.scalars())
    highest = await session.scalar(select(func.max(table.c.id))) or 0
    return list(range(highest + 1, highest + count + 1))


async def insert_rows_with_new_ids(
    session: AsyncSession, table: Table, columns: Sequence[str], rows: Sequence[Row]
) -> list[int]:
    """`insert_rows` with a new id for each row (in the order given); returns the ids."""
    ids = await allocate_ids(session, table, len(rows))
    await insert_rows(session, table, ["id", *columns], [(row_id, *row) for row_id, row in zip(ids, rows)])
    return ids
