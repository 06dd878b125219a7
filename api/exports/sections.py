"""Parts of a backup beyond accounts, categories and records: each a table the user owns, plugged in here.

A section is dumped as its rows (every column but the id, the owner and the timestamps), enums
by value; ids of accounts and categories it references are written as they are and remapped on
restore. A domain with a table to back up adds one `OwnedTableSection` to `EXTRA_SECTIONS`
(budgets, when they exist); a table whose rows need more than that implements `BackupSection`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy import Enum, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import InvalidInput
from api.imports.models import CsvPreset
from api.rules.models import Rule

IdMaps = Mapping[str, Mapping[int, int]]
"""Per referenced kind ("accounts", "categories"): old id in the backup to the new id."""

_NOT_COPIED = ("id", "user_id", "created_at", "updated_at")


class BackupSection(Protocol):
    """One more list in the backup file, restored after accounts, categories and records."""

    name: str

    async def count(self, session: AsyncSession, user_id: int) -> int:
        """How many the user has (a restore needs none)."""

    async def dump(self, session: AsyncSession, user_id: int) -> list[dict[str, Any]]:
        """The user's items, JSON-ready."""

    async def restore(self, session: AsyncSession, user_id: int, items: list[Any], ids: IdMaps) -> None:
        """Add the items to the user, with references remapped."""


class OwnedTableSection:
    """A table with a `user_id` column whose rows are copied column by column."""

    def __init__(
        self, name: str, model: Any, references: Mapping[str, str], order_by: tuple[str, ...]
    ) -> None:
        self.name = name
        self._table = model.__table__
        self._references = references  # column name -> the IdMaps key its ids belong to
        self._order_by = order_by
        self._columns = [column for column in self._table.columns if column.name not in _NOT_COPIED]

    async def count(self, session: AsyncSession, user_id: int) -> int:
        return await session.scalar(
            select(func.count()).select_from(self._table).where(self._table.c.user_id == user_id)
        ) or 0

    async def dump(self, session: AsyncSession, user_id: int) -> list[dict[str, Any]]:
        rows = await session.execute(
            select(*self._columns)
            .where(self._table.c.user_id == user_id)
            .order_by(*(self._table.c[name] for name in self._order_by))
        )
        return [
            {column.name: _plain(value) for column, value in zip(self._columns, row, strict=True)}
            for row in rows
        ]

    async def restore(self, session: AsyncSession, user_id: int, items: list[Any], ids: IdMaps) -> None:
        rows = [self._row(item, index, user_id, ids) for index, item in enumerate(items)]
        if rows:
            await session.execute(insert(self._table), rows)

    def _row(self, item: Any, index: int, user_id: int, ids: IdMaps) -> dict[str, Any]:
        path = f"{self.name}[{index}]"
        if not isinstance(item, dict):
            raise InvalidInput(path, "must be an object")
        row: dict[str, Any] = {"user_id": user_id}
        for column in self._columns:
            if column.name not in item:
                continue  # left to the column's default, as for a file from before the column existed
            value = item[column.name]
            if value is not None and column.name in self._references:
                value = remapped_id(ids, self._references[column.name], value, f"{path}.{column.name}")
            elif value is not None and isinstance(column.type, Enum) and column.type.enum_class is not None:
                value = _enum_member(column.type.enum_class, value, f"{path}.{column.name}")
            row[column.name] = value
        return row


def remapped_id(ids: IdMaps, kind: str, old_id: Any, path: str) -> int:
    """The new id of something the backup references by its old id."""
    if not isinstance(old_id, int) or old_id not in ids[kind]:
        raise InvalidInput(path, f"names no {kind[:-1]} of this backup")
    return ids[kind][old_id]


def _enum_member(enum_class: type[enum.Enum], value: Any, path: str) -> enum.Enum:
    try:
        return enum_class(value)
    except ValueError:
        choices = ", ".join(member.value for member in enum_class)
        raise InvalidInput(path, f"{value!r} is not one of {choices}") from None


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


REFERENCES = {"account_id": "accounts", "category_id": "categories"}

EXTRA_SECTIONS: tuple[BackupSection, ...] = (
    OwnedTableSection("rules", Rule, REFERENCES, order_by=("position", "id")),
    OwnedTableSection("csv_presets", CsvPreset, REFERENCES, order_by=("id",)),
)
"""Restored in this order, after the records."""
