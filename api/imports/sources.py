"""Parsed entries as the importer takes them: batches in line order, produced off the event loop."""

from __future__ import annotations

import asyncio

from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from itertools import islice

from starlette.concurrency import run_in_threadpool

from api.imports.parsed import ParsedFile, ParsedTransaction
from api.imports.service import BATCH_ROWS, Entry, ImportSource


def file_entries(parsed: ParsedFile) -> list[Entry]:
    """A parsed file's transactions and problems merged in line order."""
    entries: list[Entry] = [*parsed.transactions, *parsed.problems]
    return sorted(entries, key=lambda entry: (entry.line, isinstance(entry, ParsedTransaction)))


async def batches_of(entries: Iterable[Entry], size: int = BATCH_ROWS) -> AsyncIterator[Sequence[Entry]]:
    """Batches of `size` entries, each taken in a worker thread, so parsing never blocks the loop.

    The next batch is parsed while the importer writes this one (the database works outside the
    GIL): at most two batches are held at a time.
    """
    iterator: Iterator[Entry] = iter(entries)

    def take() -> list[Entry]:
        return list(islice(iterator, size))

    pending = asyncio.ensure_future(run_in_threadpool(take))
    try:
        while batch := await pending:
            pending = asyncio.ensure_future(run_in_threadpool(take))
            yield batch
    finally:
        # Stopped early (a failed import): the stream must not be read once the caller closes it.
        if not pending.done():
            await asyncio.wait([pending])


def parsed_file_source(file_name: str, parsed: ParsedFile, batch_rows: int = BATCH_ROWS) -> ImportSource:
    """An import source for a file parsed whole."""
    return ImportSource(
        file_name=file_name, format=parsed.format, batches=batches_of(file_entries(parsed), batch_rows),
        mapping=parsed.mapping, currency=parsed.currency,
    )
