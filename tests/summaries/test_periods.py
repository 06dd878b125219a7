"""Period buckets: the SQL expression of each database agrees with the calendar, boundaries included."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Date, literal, select

from api.config import Settings
from api.database import create_sync_engine
from api.ledger.periods import Period, next_period_start, period_start, period_start_sql, period_starts
from tests.summaries.books import account, add, expense, summary

BOUNDARIES = [
    # (day, period, start of its period)
    (date(2024, 12, 29), Period.WEEK, date(2024, 12, 23)),  # a Sunday ends the week
    (date(2024, 12, 30), Period.WEEK, date(2024, 12, 30)),  # ISO week 1 of 2025 starts in 2024
    (date(2025, 1, 5), Period.WEEK, date(2024, 12, 30)),
    (date(2025, 1, 6), Period.WEEK, date(2025, 1, 6)),
    (date(2024, 2, 29), Period.MONTH, date(2024, 2, 1)),
    (date(2024, 3, 31), Period.QUARTER, date(2024, 1, 1)),
    (date(2024, 4, 1), Period.QUARTER, date(2024, 4, 1)),
    (date(2024, 12, 31), Period.QUARTER, date(2024, 10, 1)),
    (date(2024, 12, 31), Period.YEAR, date(2024, 1, 1)),
    (date(2025, 1, 1), Period.YEAR, date(2025, 1, 1)),
    (date(2024, 12, 31), Period.DAY, date(2024, 12, 31)),
]


@pytest.mark.parametrize(("day", "period", "start"), BOUNDARIES)
def test_period_start_in_python(day, period, start):
    assert period_start(day, period) == start


def test_sql_period_start_matches_python_for_every_day_of_two_years(settings: Settings):
    days = [date(2023, 12, 1) + timedelta(days=offset) for offset in range(760)]
    settings.ensure_data_dir()
    engine = create_sync_engine(settings.resolved_database_url)
    try:
        with engine.connect() as connection:
            for period in Period:
                expressions = [
                    period_start_sql(literal(day, Date()), period, engine.dialect.name) for day in days
                ]
                starts = list(connection.execute(select(*expressions)).one())
                assert starts == [period_start(day, period) for day in days], period
    finally:
        engine.dispose()


def test_unknown_database_is_refused():
    with pytest.raises(ValueError, match="mysql"):
        period_start_sql(literal(date(2024, 1, 1), Date()), Period.DAY, "mysql")


@pytest.mark.parametrize(
    ("start", "period", "following"),
    [
        (date(2024, 12, 31), Period.DAY, date(2025, 1, 1)),
        (date(2024, 12, 30), Period.WEEK, date(2025, 1, 6)),
        (date(2024, 12, 1), Period.MONTH, date(2025, 1, 1)),
        (date(2024, 10, 1), Period.QUARTER, date(2025, 1, 1)),
        (date(2024, 1, 1), Period.YEAR, date(2025, 1, 1)),
    ],
)
def test_next_period_start_crosses_the_year_end(start, period, following):
    assert next_period_start(start, period) == following


def test_period_starts_cover_the_range_from_the_period_holding_its_first_day():
    starts = period_starts(date(2024, 2, 15), date(2024, 7, 1), Period.QUARTER)
    assert list(starts) == [date(2024, 1, 1), date(2024, 4, 1), date(2024, 7, 1)]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("DAY", [("2024-12-29", "1.00"), ("2024-12-30", "2.00"), ("2024-12-31", "4.00"),
                 ("2025-01-01", "8.00"), ("2025-01-05", "16.00"), ("2025-01-06", "32.00")]),
        ("WEEK", [("2024-12-23", "1.00"), ("2024-12-30", "30.00"), ("2025-01-06", "32.00")]),
        ("MONTH", [("2024-12-01", "7.00"), ("2025-01-01", "56.00")]),
        ("QUARTER", [("2024-10-01", "7.00"), ("2025-01-01", "56.00")]),
        ("YEAR", [("2024-01-01", "7.00"), ("2025-01-01", "56.00")]),
    ],
)
def test_by_period_buckets_around_the_year_end(alice, period, expected):
    checking = account(alice, "Checking", "EUR")
    days = ["2024-12-29", "2024-12-30", "2024-12-31", "2025-01-01", "2025-01-05", "2025-01-06"]
    add(alice, *(expense(checking, f"{2 ** index}.00", day) for index, day in enumerate(days)))
    rows = summary(alice, "byPeriod { periodStart expense }", "2024-12-01", "2025-01-31", period)["byPeriod"]
    assert [(row["periodStart"], row["expense"]) for row in rows] == expected


def test_quarter_buckets_split_at_quarter_boundaries(alice):
    checking = account(alice, "Checking", "EUR")
    add(alice, expense(checking, "1.00", "2024-03-31"), expense(checking, "2.00", "2024-04-01"),
        expense(checking, "4.00", "2024-06-30"), expense(checking, "8.00", "2024-07-01"))
    data = summary(alice, "byPeriod { periodStart expense }", "2024-01-01", "2024-12-31", "QUARTER")
    rows = data["byPeriod"]
    assert [(row["periodStart"], row["expense"]) for row in rows] == [
        ("2024-01-01", "1.00"), ("2024-04-01", "6.00"), ("2024-07-01", "8.00"),
    ]
