"""Migration 0009: payee roll-ups backfilled equal to the reference, the covering index, down and up again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text

from api.config import Settings
from api.ledger.models import MonthlyPayeeRollup
from api.migrate import alembic_config
from tests.ledger.conftest import Ledger
from tests.ledger.test_migration import insert_books
from tests.migrations import database_at, model_differences, sync_engine

COVERING_INDEX = "ix_monthly_rollups_user_month_covering"
# Records: two expenses of one payee in a month (one a refund), one in another category and one
# in another account, income, an expense and a transfer without a payee in the roll-ups' sense.
ROWS = [
    "1, 1, 'expense', 1250, 'EUR', '2025-01-31', 'Shop', '', '', 1, NULL, NULL",
    "1, 1, 'expense', -250, 'EUR', '2025-01-02', 'Shop', '', '', 1, NULL, NULL",
    "1, 1, 'expense', 400, 'EUR', '2025-01-03', 'Shop', '', '', NULL, NULL, NULL",
    "1, 2, 'expense', 900, 'USD', '2025-01-03', 'Shop', '', '', 1, NULL, NULL",
    "1, 1, 'income', 100000, 'EUR', '2025-02-01', 'Work', '', '', NULL, NULL, NULL",
    "1, 1, 'expense', 300, 'EUR', '2025-02-01', '', '', '', NULL, NULL, NULL",
    "1, 1, 'transfer', 5000, 'EUR', '2025-02-28', 'Bank', '', '', NULL, 2, 5400",
    "2, 3, 'expense', 990, 'JPY', '2024-12-31', 'Kiosk', '', '', NULL, NULL, NULL",
]


@pytest.fixture
def database(settings: Settings) -> Iterator[tuple[str, Engine]]:
    """The test's database at revision 0008, holding two users' records."""
    url = database_at(settings, "0008")
    with sync_engine(url) as engine:
        insert_books(engine, ROWS)
        yield url, engine


def payee_rows(engine: Engine) -> list[tuple[object, ...]]:
    """Every payee roll-up row in key order."""
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(
            "SELECT user_id, kind, month, account_id, category_key, payee, currency, amount_minor, "
            "record_count FROM monthly_payee_rollups "
            "ORDER BY user_id, kind, month, account_id, category_key, payee"))]


def rollup_indexes(engine: Engine) -> set[str]:
    return {index["name"] for index in inspect(engine).get_indexes("monthly_rollups")}


def test_upgrade_backfills_payee_rollups_equal_to_the_reference(database, settings):
    url, engine = database
    command.upgrade(alembic_config(url), "0009")
    # The records were written behind the writer's back: only the payee roll-ups start from them.
    differences = Ledger(settings).rollup_differences()
    assert [difference for difference in differences if difference.table == "monthly_payee_rollups"] == []
    rows = payee_rows(engine)
    assert [(row[1], str(row[2])[:7], row[3], row[4], row[5], row[7], row[8]) for row in rows] == [
        ("expense", "2025-01", 1, 0, "Shop", 400, 1),
        ("expense", "2025-01", 1, 1, "Shop", 1000, 2),
        ("expense", "2025-01", 2, 1, "Shop", 900, 1),
        ("income", "2025-02", 1, 0, "Work", 100000, 1),
        ("expense", "2024-12", 3, 0, "Kiosk", 990, 1),
    ]
    assert COVERING_INDEX in rollup_indexes(engine)


def test_downgrade_drops_table_and_index_and_upgrade_restores_them(database):
    url, engine = database
    command.upgrade(alembic_config(url), "0009")
    before = payee_rows(engine)
    command.downgrade(alembic_config(url), "0008")
    assert "monthly_payee_rollups" not in inspect(engine).get_table_names()
    assert COVERING_INDEX not in rollup_indexes(engine)
    command.upgrade(alembic_config(url), "0009")
    assert payee_rows(engine) == before


def test_migrated_table_and_index_match_the_models(database):
    url, _ = database
    command.upgrade(alembic_config(url), "0009")
    names = ("monthly_payee_rollups", COVERING_INDEX)
    assert model_differences(url, MonthlyPayeeRollup.metadata, names) == []
