"""Record rows as a Parquet file, amounts as Decimal(38, scale) columns (never floats).

Without pyarrow, polars cannot append row groups to an open file; so each chunk becomes a part
file in a temporary directory, and polars' streaming engine joins the parts into one file. Only a
chunk of rows is ever in Python's memory, and polars streams the parts batch by batch.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from dataclasses import asdict
from pathlib import Path

import anyio.to_thread
import polars as pl

from api.exports.records_table import COLUMNS, RecordRow, RecordTable

DECIMAL_PRECISION = 38


def parquet_schema(amount_scale: int) -> pl.Schema:
    """Column names as in the CSV; amounts with the most decimal places any of the user's currencies has."""
    amount = pl.Decimal(DECIMAL_PRECISION, amount_scale)
    types: list[pl.DataType | type[pl.DataType]] = [
        pl.Date, pl.String, pl.String, amount, pl.String, pl.String, pl.String, pl.String, pl.String,
        pl.List(pl.String), pl.String, amount, pl.String, pl.Int64,
    ]
    return pl.Schema(dict(zip(COLUMNS, types, strict=True)))


def parquet_frame(rows: list[RecordRow], schema: pl.Schema) -> pl.DataFrame:
    """One chunk of rows as a frame; text left empty in a row is null here (none, not "")."""
    columns: dict[str, list[object]] = {name: [] for name in COLUMNS}
    for row in rows:
        for name, value in zip(COLUMNS, asdict(row).values(), strict=True):
            columns[name].append(_cell(name, value))
    return pl.DataFrame(columns, schema=schema)


async def write_parquet(table: RecordTable, path: Path) -> None:
    """Write the table's rows to `path` as one Parquet file, chunk by chunk."""
    schema = parquet_schema(table.amount_scale)
    with tempfile.TemporaryDirectory(prefix="fintrack-export-") as directory:
        parts = await _write_parts(table.chunks, schema, Path(directory))
        await anyio.to_thread.run_sync(_join_parts, parts, schema, path)


async def _write_parts(
    chunks: AsyncIterator[list[RecordRow]], schema: pl.Schema, directory: Path
) -> list[Path]:
    parts: list[Path] = []
    async for rows in chunks:
        part = directory / f"part-{len(parts):06d}.parquet"
        await anyio.to_thread.run_sync(parquet_frame(rows, schema).write_parquet, part)
        parts.append(part)
    return parts


def _join_parts(parts: list[Path], schema: pl.Schema, path: Path) -> None:
    if not parts:
        pl.DataFrame(schema=schema).write_parquet(path)
        return
    pl.scan_parquet(parts, schema=schema).sink_parquet(path)


def _cell(name: str, value: object) -> object:
    """Empty text of optional columns becomes null; tags stay a list."""
    if name in ("category", "counterpart account", "counterpart currency") and value == "":
        return None
    if name == "tags":
        return list(value)  # type: ignore[call-overload]
    return value
