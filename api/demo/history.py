"""The building blocks of a demo history: accounts, records and a builder that keeps them consistent.

Pure data, no database: the same seed and end date always give the same history.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import partialmethod

from api.accounts.models import AccountType
from api.money import from_minor_units, to_minor_units
from api.ledger.models import RecordKind


@dataclass(frozen=True)
class DemoAccount:
    """An account of the demo user; the opening balance is in its currency."""

    name: str
    type: AccountType
    currency: str
    opening_balance: Decimal


@dataclass(frozen=True)
class DemoRecord:
    """One record; `category` is a default category's full name such as "Food / Groceries"."""

    account: str
    kind: RecordKind
    amount: Decimal
    occurred_on: date
    payee: str
    category: str | None = None
    description: str = ""
    tags: tuple[str, ...] = ()
    counterpart_account: str | None = None
    counterpart_amount: Decimal | None = None


@dataclass(frozen=True)
class DemoData:
    """Everything the demo user owns, records sorted by date."""

    accounts: list[DemoAccount]
    records: list[DemoRecord]


def month_starts(start: date, end: date) -> Iterator[date]:
    """The first day of every month that overlaps [start, end]."""
    current = start.replace(day=1)
    while current <= end:
        yield current
        current = (current + timedelta(days=32)).replace(day=1)


def day_of_month(month_start: date, day: int) -> date:
    """The given day in that month, clamped to the month's last day."""
    last_day = calendar.monthrange(month_start.year, month_start.month)[1]
    return month_start.replace(day=min(day, last_day))


def previous_business_day(day: date) -> date:
    """The day itself on weekdays, otherwise the Friday before (salaries arrive early)."""
    return day - timedelta(days=max(0, day.weekday() - 4))


@dataclass
class HistoryBuilder:
    """Collects records within [start, end] and keeps a running balance per account."""

    rng: random.Random
    start: date
    end: date
    accounts: Sequence[DemoAccount]
    records: list[DemoRecord] = field(default_factory=list)
    balances: dict[str, Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._currencies = {account.name: account.currency for account in self.accounts}
        self.balances = {account.name: account.opening_balance for account in self.accounts}

    def days(self) -> Iterator[date]:
        """Every day of the history, oldest first."""
        for offset in range((self.end - self.start).days + 1):
            yield self.start + timedelta(days=offset)

    def months(self) -> Iterator[date]:
        """The first day of every month of the history."""
        return month_starts(self.start, self.end)

    def covers(self, day: date) -> bool:
        """Whether the day lies inside the history."""
        return self.start <= day <= self.end

    def amount(self, low: str, high: str, account: str) -> Decimal:
        """A random amount between low and high, in the account currency's minor units."""
        currency = self._currencies[account]
        lowest, highest = (to_minor_units(Decimal(bound), currency) for bound in (low, high))
        return from_minor_units(self.rng.randint(lowest, highest), currency)

    def chance(self, probability: float) -> bool:
        """True with the given probability."""
        return self.rng.random() < probability

    def record(
        self, kind: RecordKind, account: str, day: date, amount: Decimal, payee: str, category: str,
        description: str = "", tags: tuple[str, ...] = (),
    ) -> None:
        """Money arriving in (INCOME) or leaving (EXPENSE) an account."""
        if self._add(DemoRecord(account, kind, amount, day, payee, category, description, tags)):
            self.balances[account] += amount if kind == RecordKind.INCOME else -amount

    income = partialmethod(record, RecordKind.INCOME)
    expense = partialmethod(record, RecordKind.EXPENSE)

    def transfer(
        self, source: str, target: str, day: date, amount: Decimal, payee: str,
        arrived: Decimal | None = None, description: str = "",
    ) -> None:
        """Money moved between two accounts; `arrived` is the target currency's amount when they differ."""
        arrived = amount if arrived is None else arrived
        record = DemoRecord(
            source, RecordKind.TRANSFER, amount, day, payee, description=description,
            counterpart_account=target, counterpart_amount=arrived,
        )
        if self._add(record):
            self.balances[source] -= amount
            self.balances[target] += arrived

    def _add(self, record: DemoRecord) -> bool:
        """Keep the record when it falls inside the history."""
        if not self.covers(record.occurred_on):
            return False
        self.records.append(record)
        return True
