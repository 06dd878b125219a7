"""Import queries and mutations: thin resolvers over `api.imports.service`; uploads per the multipart spec.

A resolver owns the transaction: an import is committed only when the service says it is kept,
otherwise (a preview, or a refused row without skipInvalid) everything is rolled back.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, BinaryIO

import strawberry
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.accounts.service import get_account
from api.graphql.context import Context, Info
from api.graphql.ids import parse_id
from api.graphql.permissions import IsAuthenticated
from api.heap import release_free_heap_pages
from api.idempotency.service import checked_key, recall, remember, request_hash
from api.imports import presets, service
from api.imports.parsed import CsvMapping
from api.imports.reading import open_file
from api.imports.service import ImportOptions
from api.imports.types import (
    CsvMappingInput,
    CsvPresetNode,
    ImportNode,
    ImportResult,
    MAX_ROWS_PAGE,
)
from api.rules import load_rule_set

IMPORT_OPERATION = "importFile"
DEFAULT_IMPORTS_PAGE = 50
HASH_CHUNK_BYTES = 1024 * 1024


def _file_digest(stream: BinaryIO) -> str:
    """SHA-256 of the uploaded file, read in chunks (the upload is spooled to disk when large)."""
    digest = hashlib.sha256()
    while chunk := stream.read(HASH_CHUNK_BYTES):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


async def _release_freed_memory() -> None:
    """Give the C heap's pages that an import or undo freed back to the system, once its transaction ended.

    SQLite's page cache for the bulk write (`api.ledger.bulk.wide_page_cache`) and the batches' buffers
    are freed into glibc's arenas, which keep them: 8-10 MB after each 100,000-row import or undo, on
    which the next one then builds. A trim takes a few milliseconds, in a worker thread.
    """
    await run_in_threadpool(release_free_heap_pages)


async def _mapping(
    context: Context, account_id: int, mapping: CsvMappingInput | None, preset_name: str | None
) -> CsvMapping | None:
    """The mapping given, else the named preset's, else None (detected from the file)."""
    if mapping is not None:
        return mapping.to_mapping()
    if preset_name is not None:
        return await presets.preset_mapping(context.session, context.user.id, account_id, preset_name)
    return None


async def _run_import(
    context: Context, upload: UploadFile, account_id: int, mapping: CsvMapping | None, options: ImportOptions
) -> ImportResult:
    """Import (or preview) the upload; commits when kept, rolls back otherwise."""
    session, user_id = context.session, context.user.id
    account = await get_account(session, user_id, account_id)
    opened = await run_in_threadpool(
        open_file, upload.file, upload.filename or "upload", mapping, account.currency)
    rules = await load_rule_set(session, user_id)
    outcome = await service.import_transactions(session, user_id, account_id, opened.source, rules, options)
    kept_id = outcome.import_id if outcome.kept else None  # a kept import has its id
    stored = await service.get_import(session, user_id, kept_id) if kept_id is not None else None
    return ImportResult.from_outcome(outcome, stored, opened.columns, opened.notes)


@strawberry.type
class ImportQuery:
    """Queries of the imports domain."""

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Your imports, newest first (of one account when given); "
        f"`first` at most {service.MAX_IMPORTS_PAGE}.",
    )
    async def imports(
        self, info: Info, account_id: strawberry.ID | None = None, first: int = DEFAULT_IMPORTS_PAGE
    ) -> list[ImportNode]:
        context = info.context
        account = parse_id(account_id, "accountId") if account_id is not None else None
        limit = min(max(first, 1), service.MAX_IMPORTS_PAGE)
        stored = await service.list_imports(context.session, context.user.id, account, limit)
        return [ImportNode.from_model(item) for item in stored]

    @strawberry.field(name="import", permission_classes=[IsAuthenticated],
                      description="One of your imports; NOT_FOUND otherwise.")
    async def import_(self, info: Info, id: strawberry.ID) -> ImportNode:
        context = info.context
        stored = await service.get_import(context.session, context.user.id, parse_id(id, "id"))
        return ImportNode.from_model(stored)

    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="The CSV presets of one of your accounts.")
    async def presets(self, info: Info, account_id: strawberry.ID) -> list[CsvPresetNode]:
        context = info.context
        account = parse_id(account_id, "accountId")
        stored = await presets.list_presets(context.session, context.user.id, account)
        return [CsvPresetNode.from_model(preset) for preset in stored]


@strawberry.type
class ImportMutation:
    """Mutations of the imports domain."""

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="What importing the file would do, row by row, writing nothing; CSV: the mapping used "
        "(detected unless `mapping` or `presetName` is given) to show and correct.",
    )
    async def preview_import(
        self, info: Info, file: UploadFile, account_id: strawberry.ID, mapping: CsvMappingInput | None = None,
        preset_name: str | None = None,
    ) -> ImportResult:
        context = info.context
        account = parse_id(account_id, "accountId")
        chosen = await _mapping(context, account, mapping, preset_name)
        try:
            return await _run_import(context, file, account, chosen, ImportOptions(dry_run=True))
        finally:
            await context.session.rollback()
            await _release_freed_memory()

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Import a bank file (CSV, Excel .xlsx or .xls, OFX/QFX, QIF, ISO 20022 camt.053, MT940) "
        "into an account in one transaction: rows the ledger has are duplicates, rules apply to new rows. "
        "Any refused row keeps nothing unless `skipInvalid`. A retry with the same `idempotencyKey` answers "
        "the first import.",
    )
    async def import_file(
        self, info: Info, file: UploadFile, account_id: strawberry.ID, mapping: CsvMappingInput | None = None,
        preset_name: str | None = None, skip_invalid: bool = False,
        idempotency_key: Annotated[str | None, strawberry.argument(
            description="Client-chosen, up to 200 characters; reused only for a retry of the same request."
        )] = None,
    ) -> ImportResult:
        context = info.context
        session, user_id = context.session, context.user.id
        account = parse_id(account_id, "accountId")
        chosen = await _mapping(context, account, mapping, preset_name)
        key = digest = None
        if idempotency_key is not None:
            key = checked_key(idempotency_key)
            file_digest = await run_in_threadpool(_file_digest, file.file)
            digest = request_hash(account, file_digest, chosen, skip_invalid)
            previous = await recall(session, user_id, IMPORT_OPERATION, key, digest)
            if previous is not None:
                import_id = int(str(previous["importId"]))
                stored = await service.get_import(session, user_id, import_id)
                rows = await service.list_import_rows(session, user_id, import_id, MAX_ROWS_PAGE)
                return ImportResult.from_stored(stored, rows)
        try:
            options = ImportOptions(skip_invalid=skip_invalid)
            result = await _run_import(context, file, account, chosen, options)
            if not result.kept:
                await session.rollback()
                return result
            if key is not None and digest is not None and result.import_ is not None:
                await remember(session, user_id, IMPORT_OPERATION, key, digest,
                               {"importId": int(result.import_.id)})
            await session.commit()
            return result
        finally:
            await _release_freed_memory()

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Delete exactly the records an import created, in one transaction; the import stays, "
        "marked undone, and its rows stop counting as known (importing the file again adds them).",
    )
    async def undo_import(self, info: Info, id: strawberry.ID) -> ImportNode:
        context = info.context
        try:
            stored = await service.undo_import(context.session, context.user.id, parse_id(id, "id"))
            await context.session.commit()
            return ImportNode.from_model(stored)
        finally:
            await _release_freed_memory()

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="Save a CSV mapping for an account under a name (replacing that one).")
    async def save_preset(
        self, info: Info, account_id: strawberry.ID, name: str, mapping: CsvMappingInput
    ) -> CsvPresetNode:
        context = info.context
        account = parse_id(account_id, "accountId")
        preset = await presets.save_preset(context.session, context.user.id, account, name,
                                           mapping.to_mapping())
        await context.session.commit()
        return CsvPresetNode.from_model(preset)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Delete a preset; returns true.")
    async def delete_preset(self, info: Info, account_id: strawberry.ID, name: str) -> bool:
        context = info.context
        await presets.delete_preset(context.session, context.user.id, parse_id(account_id, "accountId"), name)
        await context.session.commit()
        return True
