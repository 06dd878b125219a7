"""Calendar periods (day, ISO week, month, quarter, year): their starts in SQL and in Python.

The SQL expression and the Python functions agree on every date, so a series built in Python
(one balance point per period) lines up with the buckets a GROUP BY produced.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import Date, DateTime, Integer, SQLColumnExpression, cast, func, literal_column, type_coerce
from sqlalchemy.sql.elements import ColumnElement


class Period(enum.Enum):
    """The length of one bucket of a summary; weeks start on Monday (ISO 8601)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def period_start_sql(
    column: SQLColumnExpression[date], period: Period, dialect_name: str
) -> ColumnElement[date]:
    """SQL for the first day of the period holding `column`, on SQLite or PostgreSQL."""
    if dialect_name == "postgresql":
        # The unit is a literal, not a bound parameter: PostgreSQL only matches a GROUP BY
        # expression with the selected one when both are textually the same.
        unit: ColumnElement[str] = literal_column(f"'{period.value}'")
        return cast(func.date_trunc(unit, cast(column, DateTime())), Date())
    if dialect_name == "sqlite":
        return type_coerce(_sqlite_period_start(column, period), Date())
    raise ValueError(f"Unsupported database for summaries: {dialect_name!r}")


def _sqlite_period_start(column: SQLColumnExpression[date], period: Period) -> ColumnElement[str]:
    """SQLite stores dates as ISO text; its date() modifiers move them to the period's start."""
    if period is Period.DAY:
        return func.date(column)
    if period is Period.WEEK:
        # 'weekday 0' moves forward to Sunday (or stays on it); six days back is that week's Monday.
        return func.date(column, literal_column("'weekday 0'"), literal_column("'-6 days'"))
    if period is Period.MONTH:
        return func.date(column, literal_column("'start of month'"))
    if period is Period.QUARTER:
        months_into_quarter = (cast(func.strftime(literal_column("'%m'"), column), Integer) - 1) % 3
        months_back = func.printf(literal_column("'-%d months'"), months_into_quarter)
        return func.date(column, literal_column("'start of month'"), months_back)
    return func.date(column, literal_column("'start of year'"))


def month_start(day: date) -> date:
    """The first day of the month holding `day`: the roll-ups' period, computed once per record written."""
    return day.replace(day=1)


def period_start(day: date, period: Period) -> date:
    """The first day of the period holding `day` (Monday for weeks)."""
    if period is Period.MONTH:  # first: the roll-ups' period (each Period.X look-up costs a descriptor call)
        return month_start(day)
    if period is Period.DAY:
        return day
    if period is Period.WEEK:
        return day - timedelta(days=day.weekday())
    if period is Period.QUARTER:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, 1, 1)


def next_period_start(start: date, period: Period) -> date:
    """The first day of the period after the one starting on `start`."""
    if period is Period.DAY:
        return start + timedelta(days=1)
    if period is Period.WEEK:
        return start + timedelta(days=7)
    months = 1 if period is Period.MONTH else 3 if period is Period.QUARTER else 12
    month_index = start.year * 12 + start.month - 1 + months
    return date(month_index // 12, month_index % 12 + 1, 1)


def period_starts(date_from: date, date_to: date, period: Period) -> Iterator[date]:
    """The start of every period that overlaps [date_from, date_to], in order."""
    start = period_start(date_from, period)
    while start <= date_to:
        yield start
        start = next_period_start(start, period)
