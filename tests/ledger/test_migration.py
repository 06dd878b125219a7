"""Migration 0002 on a database holding data: records survive, roll-ups start equal to the reference."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text

from api.config import Settings
from api.migrate import alembic_config
from tests.ledger.conftest import Ledger
from tests.migrations import database_at, sync_engine

RECORD_COLUMNS = (
    "user_id, account_id, kind, amount_minor, currency, occurred_on, payee, description, notes, "
    "category_id, counterpart_account_id, counterpart_amount_minor, created_at, updated_at"
)
STAMP = "'2026-01-01 00:00:00+00:00'"


@pytest.fixture
def database(settings: Settings) -> Iterator[tuple[str, Engine]]:
    """The test's database at revision 0001, holding two users' records, tags and transfers."""
    url = database_at(settings, "0001")
    rows = [
        "1, 1, 'expense', 1250, 'EUR', '2025-01-31', 'Shop', '', '', 1, NULL, NULL",
        "1, 1, 'expense', 750, 'EUR', '2025-01-01', 'Shop', '', '', 1, NULL, NULL",
        "1, 1, 'income', 100000, 'EUR', '2025-02-01', 'Work', '', '', NULL, NULL, NULL",
        "1, 1, 'transfer', 5000, 'EUR', '2025-02-28', '', '', '', NULL, 2, 5400",
        "2, 3, 'expense', 990, 'JPY', '2024-12-31', '', '', '', NULL, NULL, NULL",
    ]
    with sync_engine(url) as engine:
        insert_books(engine, rows)
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO record_tags (record_id, tag) VALUES (1, 'weekly'), (4, 'savings')"))
        yield url, engine


def insert_books(engine: Engine, records: list[str]) -> None:
    """Write, in plain SQL, the records (RECORD_COLUMNS but the timestamps) and what they refer to.

    Users 1 and 2; accounts A and B of user 1 (EUR, USD) and C of user 2 (JPY); category 1 of user 1.
    """
    with engine.begin() as connection:
        connection.execute(text(
            f"INSERT INTO users (id, email, password_hash, created_at) VALUES (1, 'a@x', 'h', {STAMP}), "
            f"(2, 'b@x', 'h', {STAMP})"))
        connection.execute(text(
            "INSERT INTO accounts (id, user_id, name, type, currency, opening_balance_minor, archived, "
            f"created_at, updated_at) VALUES (1, 1, 'A', 'checking', 'EUR', 0, false, {STAMP}, {STAMP}), "
            f"(2, 1, 'B', 'cash', 'USD', 0, false, {STAMP}, {STAMP}), "
            f"(3, 2, 'C', 'checking', 'JPY', 0, false, {STAMP}, {STAMP})"))
        connection.execute(text(
            "INSERT INTO categories (id, user_id, name, kind, parent_id, color, created_at, updated_at) "
            f"VALUES (1, 1, 'Food', 'expense', NULL, '#000000', {STAMP}, {STAMP})"))
        for row in records:
            values = f"{row}, {STAMP}, {STAMP}"
            connection.execute(text(f"INSERT INTO records ({RECORD_COLUMNS}) VALUES ({values})"))


def snapshot(engine: Engine) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Every record (without timestamps) and tag, in id order."""
    with engine.connect() as connection:
        records = connection.execute(text(
            "SELECT id, user_id, account_id, kind, amount_minor, currency, occurred_on, category_id, "
            "counterpart_account_id, counterpart_amount_minor FROM records ORDER BY id")).all()
        tags = connection.execute(text("SELECT record_id, tag FROM record_tags ORDER BY record_id")).all()
    return [tuple(row) for row in records], [tuple(row) for row in tags]


def test_upgrade_keeps_records_and_builds_rollups_equal_to_the_reference(database, settings):
    url, engine = database
    before = snapshot(engine)
    command.upgrade(alembic_config(url), "head")
    assert snapshot(engine) == before
    ledger = Ledger(settings)
    assert ledger.rollup_differences() == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM monthly_rollups")).scalar_one() == 5


def test_upgrade_lets_only_expenses_be_negative(database):
    url, engine = database
    command.upgrade(alembic_config(url), "head")
    with engine.begin() as connection:
        connection.execute(text("UPDATE records SET amount_minor = -amount_minor WHERE id = 1"))
    for kind, amount in (("income", -1), ("expense", 0)):
        with pytest.raises(Exception, match="(?i)check"), engine.begin() as connection:
            connection.execute(
                text(f"UPDATE records SET kind = '{kind}', amount_minor = {amount} WHERE id = 3"))


def test_downgrade_turns_refunds_into_income_and_drops_the_rollups(database):
    url, engine = database
    command.upgrade(alembic_config(url), "head")
    with engine.begin() as connection:
        connection.execute(text("UPDATE records SET amount_minor = -amount_minor WHERE id = 1"))
    records, tags = snapshot(engine)
    command.downgrade(alembic_config(url), "0001")
    refund_as_income = (1, 1, 1, "income", 1250, "EUR", records[0][6], None, None, None)
    assert snapshot(engine) == ([refund_as_income, *records[1:]], tags)
    assert "monthly_rollups" not in inspect(engine).get_table_names()
    command.upgrade(alembic_config(url), "head")
    assert snapshot(engine)[1] == tags
