"""The dashboard's period picker: quick choices and the previous period each KPI compares with."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.periods import format_range, previous_period, quick_range, shift_months

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(("choice", "expected"), [
    ("This month", (date(2026, 11, 1), TODAY)),
    ("Last month", (date(2026, 10, 1), date(2026, 10, 31))),
    ("Last 3 months", (date(2026, 9, 1), TODAY)),
    ("Last 12 months", (date(2025, 12, 1), TODAY)),
    ("Year to date", (date(2026, 1, 1), TODAY)),
    ("Last year", (date(2025, 1, 1), date(2025, 12, 31))),
])
def test_quick_choices_cover_whole_months_up_to_today(choice: str, expected: tuple[date, date]) -> None:
    assert quick_range(choice, TODAY) == expected


def test_last_month_in_january_is_december_of_the_year_before() -> None:
    assert quick_range("Last month", date(2026, 1, 10)) == (date(2025, 12, 1), date(2025, 12, 31))


def test_shifting_months_clamps_to_the_shorter_month() -> None:
    assert shift_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert shift_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert shift_months(date(2026, 1, 15), -13) == date(2024, 12, 15)


@pytest.mark.parametrize(("current", "previous"), [
    # month to date compares with the same days of the month before
    ((date(2026, 11, 1), date(2026, 11, 25)), (date(2026, 10, 1), date(2026, 10, 25))),
    # a whole month with the whole month before, whatever their lengths
    ((date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 2, 1), date(2026, 2, 28))),
    ((date(2026, 10, 1), date(2026, 10, 31)), (date(2026, 9, 1), date(2026, 9, 30))),
    ((date(2026, 3, 1), date(2026, 4, 30)), (date(2026, 1, 1), date(2026, 2, 28))),
    # twelve months with the twelve before
    ((date(2025, 12, 1), TODAY), (date(2024, 12, 1), date(2025, 11, 25))),
    ((date(2025, 1, 1), date(2025, 12, 31)), (date(2024, 1, 1), date(2024, 12, 31))),
    # a range not starting on the 1st goes back by as many days
    ((date(2026, 11, 10), date(2026, 11, 19)), (date(2026, 10, 31), date(2026, 11, 9))),
])
def test_previous_period_has_the_same_length_and_ends_the_day_before(
    current: tuple[date, date], previous: tuple[date, date]
) -> None:
    assert previous_period(*current) == previous
    assert previous[1] < current[0]


def test_ranges_are_written_with_the_year_once_when_it_is_the_same() -> None:
    assert format_range(date(2026, 10, 1), date(2026, 11, 25)) == "1 Oct – 25 Nov 2026"
    assert format_range(date(2025, 12, 1), date(2026, 11, 25)) == "1 Dec 2025 – 25 Nov 2026"
