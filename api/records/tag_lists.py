"""A record's tags as one column of a row: a JSON array aggregated in SQL, on SQLite and PostgreSQL.

A records page reads its tags in the page's own statement instead of a second one: each statement
through aiosqlite costs some 0.2 ms of CPU in thread round trips and SQLAlchemy's steps (bench/
target 3), while the correlated lookups cost a primary-key seek per record.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ColumnElement, ScalarSelect, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from api.ledger.models import RecordTag

_TAGS = RecordTag.__table__.c


class json_array_of(FunctionElement[Any]):  # noqa: N801 (named like SQLAlchemy's own functions)
    """The JSON array of a column's values over a group, in no set order: `[]` or NULL when empty."""

    type = JSON()
    inherit_cache = True
    name = "json_array_of"


@compiles(json_array_of, "sqlite")
def _json_group_array(element: json_array_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_group_array({compiler.process(element.clauses, **kw)})"


@compiles(json_array_of, "postgresql")
def _json_agg(element: json_array_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_agg({compiler.process(element.clauses, **kw)})"


def tags_of(record_id: ColumnElement[int]) -> ScalarSelect[Any]:
    """The tags of the record with this id, as a JSON array (see `sorted_tags`)."""
    return select(json_array_of(_TAGS.tag)).where(_TAGS.record_id == record_id).scalar_subquery()


def sorted_tags(tags: list[str] | None) -> list[str]:
    """A record's tags as `tags_of` read them, sorted like validation sorts them (NULL: none)."""
    return sorted(tags) if tags else []
