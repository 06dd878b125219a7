"""Downloads over plain HTTP: records as CSV or Parquet, the ledger journal and the backup.

Each route answers only the user of the `Authorization: Bearer <access token>` header, the same
check as GraphQL (`api.auth.service.signed_in_user`); a token in the URL would end up in logs and
browser histories, so none is accepted there. The record filter is given as query parameters
named like `RecordFilter`'s fields (`dateFrom`, `dateTo`, `accountIds`, `categoryIds`, `kinds`,
`minAmount`, `maxAmount`, `search`, `tags`, `uncategorized`; lists by repeating the parameter).
Text is streamed while it is read from the database; a Parquet file is written to a temporary file
first (its footer comes last) and removed once sent.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.background import BackgroundTask
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from api.auth.credentials import Credentials
from api.auth.service import signed_in_user
from api.errors import DomainError, InvalidInput, NotFound, Unauthenticated
from api.exports.backup import backup_text
from api.exports.csv_format import csv_text
from api.exports.journal import JournalRange, journal_text
from api.exports.records_table import record_table
from api.graphql.scalars import Money
from api.ledger.models import RecordKind
from api.money import parse_decimal
from api.records.filters import RecordCriteria
from api.records.inputs import RecordFilter
from api.state import AppState

T = TypeVar("T")
STATUS_CODES: dict[type[DomainError], int] = {Unauthenticated: 401, NotFound: 404}
Endpoint = Callable[[Request], Awaitable[Response]]
Produce = Callable[[AsyncSession], AsyncIterator[str]]


def export_routes() -> list[Route]:
    """The download routes, for the app's route list."""
    return [
        Route("/export/records.csv", _answering_errors(records_csv)),
        Route("/export/records.parquet", _answering_errors(records_parquet)),
        Route("/export/ledger.journal", _answering_errors(ledger_journal)),
        Route("/export/backup.json", _answering_errors(backup_json)),
    ]


async def records_csv(request: Request) -> Response:
    """The signed-in user's records matching the filter, as CSV."""
    user_id, criteria = await _signed_in_user_id(request), criteria_from_query(request.query_params)

    async def produce(session: AsyncSession) -> AsyncIterator[str]:
        table = await record_table(session, user_id, criteria)
        async for piece in csv_text(table.chunks):
            yield piece

    return _stream(request, produce, "text/csv; charset=utf-8", "records.csv")


async def records_parquet(request: Request) -> Response:
    """The signed-in user's records matching the filter, as a Parquet file."""
    from api.exports.parquet_format import write_parquet  # polars: loaded by the first Parquet export only

    user_id, criteria = await _signed_in_user_id(request), criteria_from_query(request.query_params)
    descriptor, name = tempfile.mkstemp(prefix="fintrack-", suffix=".parquet")
    os.close(descriptor)
    path = Path(name)
    try:
        async with _state(request).session_factory() as session:
            await write_parquet(await record_table(session, user_id, criteria), path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FileResponse(path, media_type="application/vnd.apache.parquet", filename="records.parquet",
                        background=BackgroundTask(path.unlink, missing_ok=True))


async def ledger_journal(request: Request) -> Response:
    """The signed-in user's journal (hledger/Ledger format) from `dateFrom` to `dateTo`."""
    user_id = await _signed_in_user_id(request)
    criteria = criteria_from_query(request.query_params)
    journal_range = JournalRange(criteria.date_from, criteria.date_to)

    def produce(session: AsyncSession) -> AsyncIterator[str]:
        return journal_text(session, user_id, journal_range)

    return _stream(request, produce, "text/plain; charset=utf-8", "fintrack.journal")


async def backup_json(request: Request) -> Response:
    """The signed-in user's whole data as a backup file."""
    user_id = await _signed_in_user_id(request)

    def produce(session: AsyncSession) -> AsyncIterator[str]:
        return backup_text(session, user_id)

    return _stream(request, produce, "application/json", "fintrack-backup.json")


def criteria_from_query(params: QueryParams) -> RecordCriteria:
    """The record filter in query parameters, checked like GraphQL's `RecordFilter` (errors name "query")."""
    return RecordFilter(
        date_from=_parsed(params, "dateFrom", date.fromisoformat),
        date_to=_parsed(params, "dateTo", date.fromisoformat),
        account_ids=_ids(params, "accountIds"),
        category_ids=_ids(params, "categoryIds"),
        kinds=[_kind(value) for value in params.getlist("kinds")] or None,
        min_amount=_parsed(params, "minAmount", _money),
        max_amount=_parsed(params, "maxAmount", _money),
        search=params.get("search"),
        payees=params.getlist("payees") or None,
        tags=params.getlist("tags") or None,
        uncategorized=_parsed(params, "uncategorized", _boolean),
    ).to_criteria("query")


def _parsed(params: QueryParams, name: str, parse: Callable[[str], T]) -> T | None:
    text = params.get(name)
    if text is None:
        return None
    try:
        return parse(text)
    except ValueError:
        raise InvalidInput(f"query.{name}", f"{text[:50]!r} is not valid here") from None


def _ids(params: QueryParams, name: str) -> list[strawberry.ID] | None:
    return [strawberry.ID(value) for value in params.getlist(name)] or None


def _money(text: str) -> Money:
    try:
        return Money(parse_decimal(text, ""))
    except InvalidInput:
        raise ValueError(text) from None


def _kind(text: str) -> RecordKind:
    try:
        return RecordKind[text.upper()]
    except KeyError:
        raise InvalidInput("query.kinds", f"{text[:50]!r} is not INCOME, EXPENSE or TRANSFER") from None


def _boolean(text: str) -> bool:
    if text.lower() not in ("true", "false"):
        raise ValueError(text)
    return text.lower() == "true"


def _state(request: Request) -> AppState:
    return request.app.state.app_state


async def _signed_in_user_id(request: Request) -> int:
    state = _state(request)
    async with state.session_factory() as session:
        token_codec = state.provided(Credentials).token_codec
        user, _ = await signed_in_user(session, token_codec, request.headers.get("authorization", ""))
        return user.id


def _stream(request: Request, produce: Produce, media_type: str, filename: str) -> StreamingResponse:
    """Text produced from a session of its own, open while the response is sent."""
    session_factory = _state(request).session_factory

    async def body() -> AsyncIterator[str]:
        async with session_factory() as session:
            async for piece in produce(session):
                yield piece

    return StreamingResponse(body(), media_type=media_type,
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _answering_errors(endpoint: Endpoint) -> Endpoint:
    """Domain errors as JSON shaped like GraphQL's errors, with the fitting HTTP status."""

    async def answer(request: Request) -> Response:
        try:
            return await endpoint(request)
        except DomainError as error:
            status = STATUS_CODES.get(type(error), 400)
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
            return JSONResponse({"errors": [{"message": error.message, "extensions": error.extensions}]},
                                status_code=status, headers=headers)

    return answer
