"""Periods as the dashboard picks them: quick choices, the period before, and ranges written for people.

The analysis notebook and the dashboard use the same `quick_range`, so "last 12 months" is one range.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from analytics.date_format import DateFormat

DEFAULT_RANGE = "Last 12 months"
QUICK_RANGES = (
    "This month", "Last month", "Last 3 months", "Last 12 months", "Year to date", "Last year", "Custom",
)
"""The period picker's choices, in order; "Custom" is a date range the user picks."""


def shift_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the month's length (Mar 31 - 1 = Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def month_end(day: date) -> date:
    """The last day of the day's month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def quick_range(choice: str, today: date) -> tuple[date, date]:
    """The dates a quick choice of the period picker stands for, ending today at the latest."""
    first_of_month = today.replace(day=1)
    ranges = {
        "This month": (first_of_month, today),
        "Last month": (shift_months(first_of_month, -1), first_of_month - timedelta(days=1)),
        "Last 3 months": (shift_months(first_of_month, -2), today),
        "Last 12 months": (shift_months(first_of_month, -11), today),
        "Year to date": (date(today.year, 1, 1), today),
        "Last year": (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    }
    return ranges[choice]


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before [start, end]: as many whole months back when the
    range starts on a 1st (Nov 1-25 compares with Oct 1-25), as many days back otherwise."""
    if start.day != 1:
        length = end - start + timedelta(days=1)
        return start - length, start - timedelta(days=1)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    previous_end = shift_months(end, -months)
    if end == month_end(end):
        previous_end = month_end(previous_end)
    return shift_months(start, -months), min(previous_end, start - timedelta(days=1))


def format_range(start: date, end: date) -> str:
    """A date range as people write it: "1 Oct – 25 Nov 2026" (a browser's own order: DateFormat.range)."""
    return DateFormat().range(start, end)
