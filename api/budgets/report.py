"""The budget report of a month: budgeted, carried over, spent, remaining and the pace, from the roll-ups.

Spent for a budget is the expense roll-ups of its category and every category below it, in the
budget's currency (refunds are negative expenses, so they net). A sub-category with its own budget
is reported on its own line *and* counts in its parent's line, since the parent's budget covers
the whole subtree; totals count each line whose category has no budgeted ancestor in the same
currency, so no expense is counted twice.

What carries into the month is what was left in each month of the unbroken run of carrying budgets
right before it: the run's budgets minus what the run spent. The runs follow from the budget rows
alone, so the roll-ups are read once and summed in SQL per currency and category into a few buckets
(the month itself, then one per distinct start of a run), never month by month: five years of
carry-over cost the same few dozen rows as one month.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy.ext.asyncio import AsyncSession

from api.budgets.models import Rollover
from api.budgets.report_reads import BudgetRow, SpentBuckets, expense_buckets, tree_and_budgets_until
from api.categories.tree import CategoryTree
from api.ledger.periods import Period, period_start

BudgetKey = tuple[int, str]
"""A chain of budgets: category id and currency."""


def divide_rounding_half_up(numerator: int, denominator: int) -> int:
    """`numerator / denominator` (denominator > 0) to a whole number, halves away from zero, exactly."""
    quotient = (2 * abs(numerator) + denominator) // (2 * denominator)
    return quotient if numerator >= 0 else -quotient


@dataclass(frozen=True)
class MonthPace:
    """Where the month stands against the user's today: how many of its days have passed."""

    month: date
    today: date
    days_in_month: int
    days_elapsed: int

    @classmethod
    def of(cls, month: date, today: date) -> MonthPace:
        """Days elapsed: all of a past month, up to and including today in this one, none in a future one."""
        days_in_month = calendar.monthrange(month.year, month.month)[1]
        this_month = period_start(today, Period.MONTH)
        if month < this_month:
            elapsed = days_in_month
        elif month == this_month:
            elapsed = today.day
        else:
            elapsed = 0
        return cls(month=month, today=today, days_in_month=days_in_month, days_elapsed=elapsed)

    def projected(self, spent_minor: int) -> int:
        """Spending at the end of the month at the pace so far (rounded half up to a minor unit)."""
        if self.days_elapsed == 0:
            return 0
        return divide_rounding_half_up(spent_minor * self.days_in_month, self.days_elapsed)


class Figures(NamedTuple):
    """The sums of one line or one currency's total, in minor units (a tuple: a report builds many)."""

    budgeted_minor: int
    carried_minor: int
    spent_minor: int
    projected_minor: int

    @property
    def available_minor(self) -> int:
        """What may be spent this month: the budget plus what was carried over (minus an overspend)."""
        return self.budgeted_minor + self.carried_minor

    @property
    def remaining_minor(self) -> int:
        """What is left; negative once overspent."""
        return self.available_minor - self.spent_minor

    @property
    def percent_used(self) -> Decimal | None:
        """Spent as a percentage of what is available, one decimal; None when nothing is available."""
        available = self.available_minor
        if available <= 0:
            return None
        return Decimal(divide_rounding_half_up(self.spent_minor * 1000, available)).scaleb(-1)

    @property
    def projected_overspend(self) -> bool:
        """Whether spending at the current pace ends the month above what is available."""
        return self.projected_minor > self.available_minor


class BudgetLine(NamedTuple):
    """One category's budget in the month (the row in effect then) and its figures."""

    budget: BudgetRow
    figures: Figures
    counted_in_total: bool


@dataclass(frozen=True)
class BudgetTotal:
    """The figures of one currency, each expense counted once."""

    currency: str
    figures: Figures


@dataclass(frozen=True)
class BudgetReport:
    """The report of a month: lines in category order, totals per currency."""

    pace: MonthPace
    lines: list[BudgetLine]
    totals: list[BudgetTotal]


class _ChainInMonth(NamedTuple):
    """A chain's row in effect in the report's month, and the run of carrying months right before it."""

    row: BudgetRow
    run_start: int
    """Month number of the run's first month; the report's own when nothing carries in."""
    run_budgeted_minor: int


async def budget_report(session: AsyncSession, user_id: int, month: date, today: date) -> BudgetReport:
    """The report for the month holding `month`, with the pace measured at `today` (the user's date)."""
    pace = MonthPace.of(period_start(month, Period.MONTH), today)
    report_month = _month_number(pace.month)
    tree, budgets = await tree_and_budgets_until(session, user_id, pace.month)
    chains = {
        key: chain for key, rows in _chains(budgets).items()
        if (chain := _chain_in_month(rows, report_month)) is not None
    }
    # Bucket 0 is the report's month; bucket i the months from the i-th latest run start to the next.
    run_starts = {chain.run_start for chain in chains.values()} - {report_month}
    bucket_starts = [report_month, *sorted(run_starts, reverse=True)]
    # Months after the user's current month count as nothing spent yet, so they are not read.
    last = min(pace.month, period_start(pace.today, Period.MONTH))
    bucket_months = [_month_of_number(start) for start in bucket_starts]
    spent = await expense_buckets(session, user_id, bucket_months, last) if chains else {}
    lines = _lines(chains, spent, bucket_starts, pace, tree)
    return BudgetReport(pace=pace, lines=lines, totals=_totals(lines))


def _lines(
    chains: dict[BudgetKey, _ChainInMonth], spent: SpentBuckets, bucket_starts: list[int], pace: MonthPace,
    tree: CategoryTree,
) -> list[BudgetLine]:
    """Each chain's line, by category full name and currency; the tree is walked once per category."""
    categories = {category_id for category_id, _ in chains}
    subtrees = {category_id: tree.with_descendants([category_id]) for category_id in categories}
    ancestors = {category_id: tree.path_from_top(category_id)[:-1] for category_id in categories}
    sort_names = {category_id: tree.full_name(category_id).casefold() for category_id in categories}
    bucket_of_start = {start: index for index, start in enumerate(bucket_starts)}
    lines = []
    for category_id, currency in sorted(chains, key=lambda key: (sort_names[key[0]], key[1])):
        chain = chains[(category_id, currency)]
        spent_minor, run_spent_minor = _subtree_spent(
            spent, currency, subtrees[category_id], bucket_of_start[chain.run_start]
        )
        figures = Figures(chain.row.amount_minor, chain.run_budgeted_minor - run_spent_minor, spent_minor,
                          pace.projected(spent_minor))
        counted = not any((ancestor, currency) in chains for ancestor in ancestors[category_id])
        lines.append(BudgetLine(budget=chain.row, figures=figures, counted_in_total=counted))
    return lines


def _chains(budgets: Iterable[BudgetRow]) -> dict[BudgetKey, list[BudgetRow]]:
    chains: dict[BudgetKey, list[BudgetRow]] = defaultdict(list)
    for budget in budgets:
        chains[(budget.category_id, budget.currency)].append(budget)
    return chains


def _month_number(month: date) -> int:
    """Months since year 0: consecutive months are consecutive numbers."""
    return month.year * 12 + month.month - 1


def _month_of_number(number: int) -> date:
    return date(number // 12, number % 12 + 1, 1)


def _chain_in_month(rows: Sequence[BudgetRow], report_month: int) -> _ChainInMonth | None:
    """The chain's row in effect in the month and its carrying run; None when no row is in effect then.

    In each month the single-month row of that month is in effect, else the latest default started
    by then. That changes only where a row starts and right after a single month, so the run is
    walked back stretch by stretch: a month without a budget, or whose budget does not carry, ends it.
    """
    singles = {_month_number(row.month): row for row in rows if not row.repeats}
    defaults = sorted((row for row in rows if row.repeats), key=lambda row: row.month)
    default_starts = [_month_number(row.month) for row in defaults]

    def in_effect(month: int) -> BudgetRow | None:
        single = singles.get(month)
        if single is not None:
            return single
        index = bisect_right(default_starts, month) - 1
        return defaults[index] if index >= 0 else None

    row = in_effect(report_month)
    if row is None:
        return None
    changes = sorted({*default_starts, *singles, *(month + 1 for month in singles)}, reverse=True)
    run_start, budgeted = report_month, 0
    for change in changes:
        if change >= run_start:
            continue
        earlier = in_effect(change)  # the row of every month from `change` up to the run's start
        if earlier is None or earlier.rollover is not Rollover.CARRY:
            break
        budgeted += earlier.amount_minor * (run_start - change)
        run_start = change
    return _ChainInMonth(row=row, run_start=run_start, run_budgeted_minor=budgeted)


def _subtree_spent(
    spent: SpentBuckets, currency: str, subtree: Iterable[int], run_buckets: int
) -> tuple[int, int]:
    """What a budget's category and everything below it spent in its currency: in the month, and in the
    run of carrying months before it (buckets 1 to `run_buckets`)."""
    in_month = in_run = 0
    for category in subtree:
        sums = spent.get((currency, category))
        if sums is not None:
            in_month += sums[0]
            in_run += sum(sums[1:run_buckets + 1])
    return in_month, in_run


def _totals(lines: Iterable[BudgetLine]) -> list[BudgetTotal]:
    counted: dict[str, list[Figures]] = defaultdict(list)
    for line in lines:
        if line.counted_in_total:
            counted[line.budget.currency].append(line.figures)
    return [BudgetTotal(currency=currency, figures=Figures(*map(sum, zip(*counted[currency]))))
            for currency in sorted(counted)]
