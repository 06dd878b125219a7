"""A bare Starlette endpoint that answers a records page with plain SQL: the yardstick for target 3.

It returns what the benchmark's GraphQL page asks for (records with their tags, account, category and
counterpart names, and whether more follow) with no GraphQL, no ORM objects and no authentication, so
the API's throughput can be compared with what the same database work costs on its own.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

from sqlalchemy import bindparam, text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from api.database import create_database_engine
from api.money import format_decimal, from_minor_units

PAGE_SIZE = 50
_COLUMNS = """
    r.id, r.kind, r.amount_minor, r.currency, r.occurred_on, r.payee, r.description,
    r.account_id, a.name AS account_name, r.category_id, c.name AS category_name,
    r.counterpart_account_id, ca.name AS counterpart_name, ca.currency AS counterpart_currency,
    r.counterpart_amount_minor
"""
_JOINS = """
    FROM records r
    JOIN accounts a ON a.id = r.account_id
    LEFT JOIN categories c ON c.id = r.category_id
    LEFT JOIN accounts ca ON ca.id = r.counterpart_account_id
"""
FIRST_PAGE = text(
    f"SELECT {_COLUMNS} {_JOINS} WHERE r.user_id = :user_id "
    "ORDER BY r.occurred_on DESC, r.id DESC LIMIT :limit"
)
NEXT_PAGE = text(
    f"SELECT {_COLUMNS} {_JOINS} WHERE r.user_id = :user_id "
    "AND (r.occurred_on, r.id) < (:after_date, :after_id) "
    "ORDER BY r.occurred_on DESC, r.id DESC LIMIT :limit"
)
TAGS = text("SELECT record_id, tag FROM record_tags WHERE record_id IN :ids ORDER BY tag").bindparams(
    bindparam("ids", expanding=True)
)


def _record_json(row: Any, tags: dict[int, list[str]]) -> dict[str, Any]:
    counterpart = None
    if row.counterpart_account_id is not None:
        counterpart = format_decimal(from_minor_units(row.counterpart_amount_minor, row.counterpart_currency))
    return {
        "id": str(row.id), "kind": row.kind.upper(),
        "amount": format_decimal(from_minor_units(row.amount_minor, row.currency)),
        "currency": row.currency, "date": str(row.occurred_on), "payee": row.payee,
        "description": row.description, "tags": tags.get(row.id, []),
        "account": {"id": str(row.account_id), "name": row.account_name},
        "category": {"id": str(row.category_id), "name": row.category_name} if row.category_id else None,
        "counterpartAccount": (
            {"id": str(row.counterpart_account_id), "name": row.counterpart_name} if counterpart else None
        ),
        "counterpartAmount": counterpart,
    }


async def records_page(request: Request) -> JSONResponse:
    """GET /records?user_id=1[&after_date=2024-01-31&after_id=123]: one page, newest first."""
    parameters: dict[str, Any] = {"user_id": int(request.query_params["user_id"]), "limit": PAGE_SIZE + 1}
    statement = FIRST_PAGE
    if "after_id" in request.query_params:
        statement = NEXT_PAGE
        parameters.update(after_date=date.fromisoformat(request.query_params["after_date"]),
                          after_id=int(request.query_params["after_id"]))
    async with request.app.state.engine.connect() as connection:
        rows = (await connection.execute(statement, parameters)).all()
        page = rows[:PAGE_SIZE]
        tags: dict[int, list[str]] = {}
        if page:
            for record_id, tag in await connection.execute(TAGS, {"ids": [row.id for row in page]}):
                tags.setdefault(record_id, []).append(tag)
    return JSONResponse({
        "records": [_record_json(row, tags) for row in page],
        "hasNextPage": len(rows) > PAGE_SIZE,
    })


async def ready(request: Request) -> JSONResponse:
    """Readiness, like the API's /readyz."""
    return JSONResponse({"status": "ok"})


def create_bare_app() -> Starlette:
    """uvicorn factory; the database comes from DATABASE_URL like the API's."""
    engine = create_database_engine(os.environ["DATABASE_URL"])

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.engine = engine
        yield
        await engine.dispose()

    return Starlette(routes=[Route("/records", records_page), Route("/readyz", ready)], lifespan=lifespan)
