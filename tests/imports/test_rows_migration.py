"""Migration 0010: import rows indexed by (import_id, line) instead of (import_id, fingerprint)."""

from __future__ import annotations

from api.imports.models import ImportRow
from tests.migrations import database_at, model_differences, round_trip, table_indexes

BEFORE = {"ix_import_rows_account_fingerprint", "ix_import_rows_import_fingerprint", "ix_import_rows_record"}
AFTER = {"ix_import_rows_account_fingerprint", "ix_import_rows_import_line", "ix_import_rows_record"}


def import_rows_indexes(url: str) -> set[str] | None:
    """The index names of the import_rows table."""
    return table_indexes(url, "import_rows")


def test_upgrade_replaces_the_index_and_downgrade_restores_it(settings):
    url = database_at(settings, "0010")
    assert round_trip(url, "0010", "0009", import_rows_indexes) == [AFTER, BEFORE, AFTER]


def test_migrated_table_matches_the_model(settings):
    url = database_at(settings, "0010")
    assert model_differences(url, ImportRow.metadata, ["import_rows"]) == []
