"""The installed `fintrack` commands as separate processes, the way people run them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.e2e.conftest import run_fintrack

pytestmark = pytest.mark.e2e

REPOSITORY = Path(__file__).parents[2]


def test_export_schema_check_passes_on_the_committed_schema(tmp_path):
    result = run_fintrack(tmp_path / "data", "export-schema", "--check", cwd=REPOSITORY)
    assert result.returncode == 0, result.stderr
    assert "schema.graphql is current" in result.stdout


def test_export_schema_check_fails_on_a_stale_file(tmp_path):
    (tmp_path / "schema.graphql").write_text("type Query { old: Int }\n")
    result = run_fintrack(tmp_path / "data", "export-schema", "--check", cwd=tmp_path)
    assert result.returncode == 1
    assert "schema.graphql is stale" in result.stderr


def test_migrate_creates_the_sqlite_database_in_the_data_directory(tmp_path):
    result = run_fintrack(tmp_path / "data", "migrate")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "data" / "fintrack.sqlite3") as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"users", "accounts", "categories", "records", "record_tags"} <= tables


def test_create_user_reads_the_password_twice_from_standard_input(tmp_path):
    result = run_fintrack(tmp_path / "data", "create-user", "--email", "grace@example.com",
                          input="a long secret\na long secret\n")
    assert result.returncode == 0, result.stderr
    assert "Created user grace@example.com" in result.stdout
    with sqlite3.connect(tmp_path / "data" / "fintrack.sqlite3") as connection:
        [(count,)] = connection.execute("SELECT count(*) FROM users WHERE email = 'grace@example.com'")
    assert count == 1


def test_create_user_with_mismatched_passwords_creates_nobody(tmp_path):
    result = run_fintrack(tmp_path / "data", "create-user", "--email", "heidi@example.com",
                          input="a long secret\nanother secret\n")
    assert result.returncode != 0
    assert "do not match" in result.stderr + result.stdout
