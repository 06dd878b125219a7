"""schema.graphql, the contract clients are written against, matches the code."""

from __future__ import annotations

from pathlib import Path

from api.cli import schema_sdl

SCHEMA_FILE = Path(__file__).parents[1] / "schema.graphql"


def test_schema_file_is_current():
    assert SCHEMA_FILE.is_file(), "schema.graphql is missing: run `fintrack export-schema`"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_sdl(), (
        "schema.graphql is stale: run `fintrack export-schema` and commit it"
    )


def test_schema_keeps_the_contracts_entry_points():
    sdl = schema_sdl()
    for field in ("me: User!", "accounts(", "records(", "summary(", "register(", "createRecord("):
        assert field in sdl
