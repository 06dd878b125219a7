"""Due dates of schedules: month ends, leap years, intervals, ends and counts, checked exhaustively."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from itertools import islice

from hypothesis import given, settings, strategies as st

from api.recurring.dates import Recurrence, Unit


def first(recurrence: Recurrence, how_many: int) -> list[date]:
    return [day for _, day in islice(recurrence.occurrences(None, date(9999, 12, 31)), how_many)]


def test_the_31st_falls_on_each_months_last_day_without_drifting():
    recurrence = Recurrence(Unit.MONTH, date(2027, 1, 31))
    assert first(recurrence, 5) == [
        date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30), date(2027, 5, 31)
    ]


def test_the_29th_and_30th_fall_on_february_28_or_29():
    assert first(Recurrence(Unit.MONTH, date(2027, 1, 29)), 3) == [
        date(2027, 1, 29), date(2027, 2, 28), date(2027, 3, 29)
    ]
    assert first(Recurrence(Unit.MONTH, date(2028, 1, 30)), 3) == [
        date(2028, 1, 30), date(2028, 2, 29), date(2028, 3, 30)
    ]


def test_last_day_of_month_follows_every_month_and_leap_february():
    recurrence = Recurrence(Unit.MONTH, date(2027, 11, 3), last_day_of_month=True)
    assert first(recurrence, 5) == [
        date(2027, 11, 30), date(2027, 12, 31), date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31)
    ]


def test_a_day_of_month_before_the_starts_day_begins_next_month():
    recurrence = Recurrence(Unit.MONTH, date(2027, 1, 20), day_of_month=5)
    assert first(recurrence, 2) == [date(2027, 2, 5), date(2027, 3, 5)]


def test_every_three_months_on_the_31st():
    recurrence = Recurrence(Unit.MONTH, date(2027, 1, 31), every=3)
    assert first(recurrence, 4) == [
        date(2027, 1, 31), date(2027, 4, 30), date(2027, 7, 31), date(2027, 10, 31)
    ]


def test_yearly_from_february_29_is_february_28_except_in_leap_years():
    recurrence = Recurrence(Unit.YEAR, date(2028, 2, 29))
    assert first(recurrence, 5) == [
        date(2028, 2, 29), date(2029, 2, 28), date(2030, 2, 28), date(2031, 2, 28), date(2032, 2, 29)
    ]


def test_leap_years_follow_the_century_rule():
    recurrence = Recurrence(Unit.YEAR, date(2096, 2, 29), every=4)
    assert first(recurrence, 3) == [date(2096, 2, 29), date(2100, 2, 28), date(2104, 2, 29)]


def test_every_two_weeks_keeps_the_weekday():
    recurrence = Recurrence(Unit.WEEK, date(2027, 12, 24), every=2)
    assert first(recurrence, 3) == [date(2027, 12, 24), date(2028, 1, 7), date(2028, 1, 21)]


def test_count_and_end_date_stop_the_schedule():
    assert first(Recurrence(Unit.WEEK, date(2027, 1, 1), count=3), 10) == [
        date(2027, 1, 1), date(2027, 1, 8), date(2027, 1, 15)
    ]
    assert first(Recurrence(Unit.MONTH, date(2027, 1, 31), end=date(2027, 3, 30)), 10) == [
        date(2027, 1, 31), date(2027, 2, 28)
    ]
    assert Recurrence(Unit.MONTH, date(2027, 1, 31), count=2).next_after(date(2027, 2, 28)) is None


def test_the_calendars_end_ends_the_schedule():
    assert first(Recurrence(Unit.YEAR, date(9998, 12, 31)), 5) == [date(9998, 12, 31), date(9999, 12, 31)]
    assert first(Recurrence(Unit.WEEK, date(9999, 12, 20)), 5) == [date(9999, 12, 20), date(9999, 12, 27)]


def test_occurrences_between_two_dates_exclude_the_first_and_include_the_last():
    recurrence = Recurrence(Unit.MONTH, date(2027, 1, 31))
    assert list(recurrence.occurrences(date(2027, 2, 28), date(2027, 4, 30))) == [
        (2, date(2027, 3, 31)), (3, date(2027, 4, 30))
    ]


recurrences = st.builds(
    Recurrence,
    unit=st.sampled_from(Unit),
    start=st.dates(date(1990, 1, 1), date(2200, 12, 31)),
    every=st.integers(1, 12),
    end=st.none() | st.dates(date(1990, 1, 1), date(2210, 12, 31)),
    count=st.none() | st.integers(1, 40),
).flatmap(lambda recurrence: st.builds(
    Recurrence,
    unit=st.just(recurrence.unit),
    start=st.just(recurrence.start),
    every=st.just(recurrence.every),
    day_of_month=st.none() | st.integers(1, 31) if recurrence.unit is Unit.MONTH else st.none(),
    last_day_of_month=st.booleans() if recurrence.unit is Unit.MONTH else st.just(False),
    end=st.just(recurrence.end),
    count=st.just(recurrence.count),
))


def reference_dates(recurrence: Recurrence, how_many: int) -> list[date]:
    """The schedule's dates worked out the slow way: every candidate from the start, filtered."""
    found: list[date] = []
    if recurrence.unit is Unit.WEEK:
        step_days = 7 * recurrence.every
        candidates = (recurrence.start + timedelta(days=step_days * step) for step in range(how_many))
    else:
        months = recurrence.every * (12 if recurrence.unit is Unit.YEAR else 1)
        candidates = (_month_candidate(recurrence, months * step) for step in range(how_many + 1))
    for candidate in candidates:
        if candidate < recurrence.start:
            continue
        if recurrence.end is not None and candidate > recurrence.end:
            break
        if recurrence.count is not None and len(found) == recurrence.count:
            break
        found.append(candidate)
    return found[:how_many]


def _month_candidate(recurrence: Recurrence, months_later: int) -> date:
    total = recurrence.start.year * 12 + recurrence.start.month - 1 + months_later
    year, month = total // 12, total % 12 + 1
    days = calendar.monthrange(year, month)[1]
    if recurrence.last_day_of_month:
        return date(year, month, days)
    return date(year, month, min(recurrence.day_of_month or recurrence.start.day, days))


@settings(max_examples=400)
@given(recurrence=recurrences)
def test_dates_match_the_slow_reference(recurrence):
    assert first(recurrence, 30) == reference_dates(recurrence, 30)


@settings(max_examples=400)
@given(recurrence=recurrences, day=st.dates(date(1985, 1, 1), date(2215, 12, 31)))
def test_next_after_is_the_first_date_after_the_day(recurrence, day):
    dates = first(recurrence, 400)
    later = [candidate for candidate in dates if candidate > day]
    expected = later[0] if later else None
    if expected is not None or len(dates) < 400:  # beyond the listed dates the reference knows nothing
        assert recurrence.next_after(day) == expected
    if expected is not None:
        assert recurrence.first_index_after(day) == len(dates) - len(later)


@given(recurrence=recurrences)
def test_dates_rise_stay_in_bounds_and_respect_the_count(recurrence):
    dates = first(recurrence, 60)
    assert dates == sorted(set(dates))
    assert all(day >= recurrence.start for day in dates)
    assert recurrence.end is None or all(day <= recurrence.end for day in dates)
    assert recurrence.count is None or len(dates) <= recurrence.count
    if recurrence.unit is Unit.MONTH and recurrence.last_day_of_month:
        assert all((day + timedelta(days=1)).day == 1 for day in dates)
