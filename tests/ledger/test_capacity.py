"""At the bound: sums as large as a full user's (800,000 entries at the largest amount) stay exact.

Writing 800,000 records takes most of a minute on a loaded machine, so each record written here
stands for 100 entries at the largest amount (10^15 minor units, written by SQL past the API's
check) and the cap is lowered to match: the sums reach the same 8 × 10^18 as a full user's
would, and the refusal is checked at the (lowered) cap. The roll-ups are rebuilt from the records
by the same SELECT `rebuild_rollups` uses, itself one of the sums under test; every figure is then
read through GraphQL on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import insert, text

from api.config import Settings
from api.database import create_sync_engine
from api.ledger.capacity import HEADROOM_ENTRIES, LARGEST_SUM, MAX_ENTRIES_PER_USER
from api.ledger.models import MonthlyRollup
from api.ledger.rollups import rollups_from_records
from api.money import MAX_MINOR_UNITS
from tests.conftest import GraphQL
from tests.summaries.books import account, add, income, summary

LARGEST = "100000000000.00"  # MAX_MINOR_UNITS of EUR
ENTRIES_PER_RECORD = 100
BULK_AMOUNT = MAX_MINOR_UNITS * ENTRIES_PER_RECORD
CAP = MAX_ENTRIES_PER_USER // ENTRIES_PER_RECORD  # records of BULK_AMOUNT that reach the same sums

_SERIES = {
    "sqlite": "WITH RECURSIVE series(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM series WHERE i < :last) ",
    "postgresql": "WITH series(i) AS (SELECT generate_series(0, :last)) ",
}
_DAY = {
    "sqlite": "date('2016-01-01', '+' || (i % 3650) || ' days')",
    "postgresql": "DATE '2016-01-01' + (i % 3650)",
}


def test_the_bound_leaves_room_below_64_bits():
    assert (MAX_ENTRIES_PER_USER + HEADROOM_ENTRIES) * MAX_MINOR_UNITS <= LARGEST_SUM
    assert HEADROOM_ENTRIES >= 100_000  # several large imports racing each other past the check


def write_incomes_in_bulk(settings: Settings, user_id: int, account_ids: list[int], count: int) -> None:
    """`count` incomes of BULK_AMOUNT over ten years, alternating accounts; roll-ups rebuilt."""
    engine = create_sync_engine(settings.resolved_database_url)
    dialect = engine.dialect.name
    account_choice = f"CASE WHEN i % 2 = 0 THEN {account_ids[0]} ELSE {account_ids[1]} END"
    statement = text(
        _SERIES[dialect]
        + "INSERT INTO records (user_id, account_id, kind, amount_minor, currency, occurred_on, payee, "
        "description, notes, created_at, updated_at) "
        f"SELECT :user_id, {account_choice}, 'income', :amount, 'EUR', {_DAY[dialect]}, 'Payer', '', '', "
        ":now, :now FROM series"
    )
    try:
        with engine.begin() as connection:
            connection.execute(statement, {"last": count - 1, "user_id": user_id, "amount": BULK_AMOUNT,
                                           "now": "2026-01-01 00:00:00"})
            columns = ["user_id", "month", "account_id", "kind", "category_key", "currency", "amount_minor",
                       "record_count"]
            rollups = rollups_from_records(dialect, user_id)
            connection.execute(insert(MonthlyRollup).from_select(columns, rollups))
    finally:
        engine.dispose()


def euros(minor: int) -> str:
    return f"{minor // 100}.{minor % 100:02d}"


@pytest.fixture
def full_user(make_user, migrated_database: Settings, monkeypatch) -> tuple[GraphQL, list[str]]:
    """Two EUR accounts opened at the largest amount, records up to two short of the (lowered) cap."""
    monkeypatch.setattr("api.ledger.capacity.MAX_ENTRIES_PER_USER", CAP)
    user = make_user()
    account_ids = [account(user, name, "EUR", opening=LARGEST) for name in ("One", "Two")]
    user_id = int(user.ok("{ me { id } }")["me"]["id"])
    write_incomes_in_bulk(migrated_database, user_id, [int(i) for i in account_ids], CAP - 4)
    return user, account_ids


def test_every_sum_at_the_bound_is_exact_and_one_more_entry_is_refused(full_user):
    user, (one, two) = full_user
    # The last two entries fit: the roll-up upsert adds to a row already near 4 × 10^18.
    add(user, income(one, LARGEST, "2025-12-30"), income(two, LARGEST, "2025-12-30"))
    each = (CAP - 4) // 2 * BULK_AMOUNT + 2 * MAX_MINOR_UNITS  # records, opening balance and the last one
    assert 2 * each > 7.9e18
    balances = {row["id"]: row["balance"] for row in user.ok("{ accounts { id balance } }")["accounts"]}
    assert balances == {one: euros(each), two: euros(each)}

    incomes = 2 * each - 2 * MAX_MINOR_UNITS
    parts = "totals { currency income recordCount } byAccount { net } balances { points { balance } }"
    whole = summary(user, parts, "2016-01-01", "2025-12-31", period="YEAR")
    assert whole["totals"] == [{"currency": "EUR", "income": euros(incomes), "recordCount": CAP - 2}]
    assert sorted(part["net"] for part in whole["byAccount"]) == [euros(each - MAX_MINOR_UNITS)] * 2
    assert [part["points"][-1]["balance"] for part in whole["balances"]] == [euros(each)] * 2
    # Partial months at both edges, then an amount filter: sums over the records themselves, in SQL.
    edges = summary(user, "totals { income }", "2016-01-15", "2025-12-31")
    filtered = summary(user, "totals { income }", "2016-01-15", "2025-12-31",
                       record_filter={"minAmount": "0"})
    assert filtered == edges

    error = user.error("mutation($input: RecordInput!) { createRecord(input: $input) { id } }",
                       {"input": income(one, "0.01", "2026-01-02")})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert f"at most {CAP:,} entries" in error["extensions"]["reason"]
    error = user.error("mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
                       {"input": {"name": "Three", "type": "CHECKING", "currency": "EUR"}})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert user.ok("{ records(first: 1) { totalCount } }")["records"]["totalCount"] == CAP - 2
