"""Recurring payments: the same payee, a similar amount, at a regular interval (subscriptions, rent)."""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from statistics import median_low
from typing import NamedTuple

import polars as pl

from analytics.frames import RECURRING_SCHEMA, frame_from_rows


@dataclass(frozen=True)
class Interval:
    """A regular interval, in whole months (calendar arithmetic) or in days."""

    name: str
    months: int = 0
    days: int = 0

    def after(self, day: date) -> date:
        """The date one interval later; month steps keep the day of month, clamped to the month's end."""
        if not self.months:
            return day + timedelta(days=self.days)
        year, month_index = divmod(day.month - 1 + self.months, 12)
        year += day.year
        last_day = calendar.monthrange(year, month_index + 1)[1]
        return date(year, month_index + 1, min(day.day, last_day))


INTERVALS = (
    Interval("weekly", days=7),
    Interval("biweekly", days=14),
    Interval("monthly", months=1),
    Interval("quarterly", months=3),
    Interval("yearly", months=12),
)


class Payment(NamedTuple):
    """One candidate payment."""

    payee: str
    currency: str
    amount: Decimal
    date: date


def _amount_clusters(payments: list[Payment], tolerance: Decimal) -> list[list[Payment]]:
    """Group payments whose amounts lie within `tolerance` (relative) of the smallest in the group."""
    clusters: list[list[Payment]] = []
    for payment in sorted(payments, key=lambda item: item.amount):
        if clusters and payment.amount <= clusters[-1][0].amount * (1 + tolerance):
            clusters[-1].append(payment)
        else:
            clusters.append([payment])
    return clusters


def _regular_interval(dates: list[date], day_tolerance: int) -> Interval | None:
    """The interval every consecutive pair of dates follows within `day_tolerance` days, if any."""
    for interval in INTERVALS:
        if all(
            abs((current - interval.after(previous)).days) <= day_tolerance
            for previous, current in zip(dates, dates[1:])
        ):
            return interval
    return None


def _recurring_row(payments: list[Payment], day_tolerance: int) -> dict[str, object] | None:
    """The summary row of one payee's similar payments, when they recur regularly."""
    dates = sorted(payment.date for payment in payments)
    interval = _regular_interval(dates, day_tolerance)
    if interval is None:
        return None
    spellings = Counter(payment.payee for payment in payments)
    return {
        "payee": spellings.most_common(1)[0][0],
        "currency": payments[0].currency,
        "typical_amount": median_low(payment.amount for payment in payments),
        "interval": interval.name,
        "occurrences": len(payments),
        "first_date": dates[0],
        "last_date": dates[-1],
        "next_expected": interval.after(dates[-1]),
    }


def find_recurring_payments(
    records: pl.DataFrame,
    *,
    amount_tolerance: Decimal = Decimal("0.10"),
    day_tolerance: int = 3,
    min_occurrences: int = 3,
    kind: str = "expense",
) -> pl.DataFrame:
    """Series of payments that look like subscriptions, bills or rent; soonest next payment first.

    A series is at least `min_occurrences` payments to one payee (ignoring case) in one currency,
    with amounts within `amount_tolerance` (relative) of the smallest, each following the previous
    by one interval (weekly, biweekly, monthly, quarterly, yearly) give or take `day_tolerance` days.
    """
    candidates = records.filter(
        pl.col("kind") == kind, pl.col("payee").str.strip_chars() != ""
    ).with_columns(payee_key=pl.col("payee").str.strip_chars().str.to_lowercase())
    found = []
    for group in candidates.partition_by("payee_key", "currency"):
        payments = [Payment(*row) for row in group.select(Payment._fields).iter_rows()]
        for cluster in _amount_clusters(payments, amount_tolerance):
            row = _recurring_row(cluster, day_tolerance) if len(cluster) >= min_occurrences else None
            if row is not None:
                found.append(row)
    return frame_from_rows(found, RECURRING_SCHEMA).sort("next_expected", "payee")
