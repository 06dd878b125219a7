"""When a schedule falls due: pure date arithmetic, no database.

Occurrence `i` is computed from the schedule's start, never from occurrence `i - 1`, so a clamped
month end does not drift: a schedule on the 31st falls on Jan 31, Feb 28 (29 in leap years),
Mar 31, Apr 30… A day of month the month lacks (29th, 30th, 31st) becomes the month's last day;
a yearly schedule started on Feb 29 falls on Feb 28 in other years and on Feb 29 in leap years.

Monthly and yearly candidates are anchored on the start's month; a candidate before the start
(a day of month earlier than the start's) is skipped, so the first occurrence is never before
the start. The count limits occurrences from that first one; the end date is inclusive.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta


class Unit(enum.Enum):
    """What a schedule counts its interval in."""

    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class Recurrence:
    """A schedule's dates: every `every` units from `start`, until `end` or `count` occurrences.

    `day_of_month` (1–31, monthly only) picks the day; None keeps the start's day.
    `last_day_of_month` (monthly only) puts every occurrence on its month's last day.
    """

    unit: Unit
    start: date
    every: int = 1
    day_of_month: int | None = None
    last_day_of_month: bool = False
    end: date | None = None
    count: int | None = None

    def occurrence(self, index: int) -> date | None:
        """The date of occurrence `index` (from 0), or None when the schedule has ended before it."""
        if index < 0 or (self.count is not None and index >= self.count):
            return None
        day = self._candidate(index + self._skipped_before_start())
        if day is None or (self.end is not None and day > self.end):
            return None
        return day

    def first_index_after(self, day: date | None) -> int:
        """The index of the first occurrence strictly after `day` (0 when `day` is None or earlier)."""
        if day is None or day < self.start:
            return 0
        if self.unit is Unit.WEEK:
            return (day - self.start).days // (7 * self.every) + 1
        months = (day.year - self.start.year) * 12 + day.month - self.start.month
        index = max(months // self._months_per_step() - self._skipped_before_start(), 0)
        # The estimate is off by at most one step either way: each candidate lies in its own month.
        while index > 0 and not _is_on_or_before(self._candidate_of(index - 1), day):
            index -= 1
        while _is_on_or_before(self._candidate_of(index), day):
            index += 1
        return index

    def occurrences(self, after: date | None, through: date) -> Iterator[tuple[int, date]]:
        """(index, date) of every occurrence strictly after `after` and on or before `through`."""
        index = self.first_index_after(after)
        while (day := self.occurrence(index)) is not None and day <= through:
            yield index, day
            index += 1

    def next_after(self, day: date | None) -> date | None:
        """The first occurrence strictly after `day`; None when there is none (the schedule ended)."""
        return self.occurrence(self.first_index_after(day))

    def _candidate_of(self, index: int) -> date | None:
        """Occurrence `index`'s date, ignoring the end and the count."""
        return self._candidate(index + self._skipped_before_start())

    def _months_per_step(self) -> int:
        return self.every * (12 if self.unit is Unit.YEAR else 1)

    def _skipped_before_start(self) -> int:
        """1 when the first monthly candidate (in the start's month) falls before the start."""
        if self.unit is not Unit.MONTH:
            return 0
        first = self._candidate(0)
        return 1 if first is not None and first < self.start else 0

    def _candidate(self, step: int) -> date | None:
        """The date `step` intervals after the start's week or month; None past the calendar's end."""
        if self.unit is Unit.WEEK:
            try:
                return self.start + timedelta(weeks=step * self.every)
            except OverflowError:
                return None
        year, month_index = divmod(self.start.month - 1 + step * self._months_per_step(), 12)
        year += self.start.year
        if year > date.max.year:
            return None
        last_day = calendar.monthrange(year, month_index + 1)[1]
        if self.last_day_of_month:
            return date(year, month_index + 1, last_day)
        wanted = self.day_of_month if self.day_of_month is not None else self.start.day
        return date(year, month_index + 1, min(wanted, last_day))


def _is_on_or_before(candidate: date | None, day: date) -> bool:
    return candidate is not None and candidate <= day
