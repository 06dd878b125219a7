"""The budget report of a month: budgeted, carried over, spent, remaining and the pace, from the roll-ups.

Spent for a budget is the expense roll-ups of its category and every category below it, in the
budget's currency (refunds are negative expenses, so they net). A sub-category with its own budget
is reported on its own line *and* counts in its parent's line, since the parent's budget covers
the whole subtree; totals count each line whose category has no budgeted ancestor in the same
currency, so no expense is counted twice.

Rollover chains run from the first month a category's budget exists to the month asked, over one
grouped roll-up query for all those months together.
"""

from __future__ import annotations

import calendar
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.budgets.models import Budget, Rollover
from api.categories.tree import CategoryTree
from api.ledger.models import MonthlyRollup, RollupKind
from api.ledger.periods import Period, next_period_start, period_start

PERCENT_STEP = Decimal("0.1")

BudgetKey = tuple[int, str]
"""A chain of budgets: category id and currency."""

SpentColumns = dict[tuple[str, int], list[int]]
"""Expense roll-up sums: (currency, category key) -> minor units per month of the report's walk."""


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
        whole_month = Decimal(spent_minor * self.days_in_month) / self.days_elapsed
        return int(whole_month.to_integral_value(ROUND_HALF_UP))


@dataclass(frozen=True)
class Figures:
    """The sums of one line or one currency's total, in minor units."""

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
        """Spent as a percentage of what is available; None when nothing is available."""
        if self.available_minor <= 0:
            return None
        return (Decimal(self.spent_minor * 100) / self.available_minor).quantize(PERCENT_STEP, ROUND_HALF_UP)

    @property
    def projected_overspend(self) -> bool:
        """Whether spending at the current pace ends the month above what is available."""
        return self.projected_minor > self.available_minor


@dataclass(frozen=True)
class BudgetLine:
    """One category's budget in the month (the row in effect then) and its figures."""

    budget: Budget
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


async def budget_report(
    session: AsyncSession, user_id: int, month: date, today: date, tree: CategoryTree
) -> BudgetReport:
    """The report for the month holding `month`, with the pace measured at `today` (the user's date)."""
    pace = MonthPace.of(period_start(month, Period.MONTH), today)
    chains = _chains(await _budgets_until(session, user_id, pace.month))
    first = min((budget.month for rows in chains.values() for budget in rows), default=pace.month)
    months = list(_months(first, pace.month))
    spent = await _expense_sums(session, user_id, chains, pace, tree, months)
    lines = [
        line for key, rows in chains.items()
        if (line := _line(key, rows, pace, spent, tree, months)) is not None
    ]
    lines = _mark_counted(lines, tree)
    lines.sort(key=lambda line: (tree.full_name(line.budget.category_id).casefold(), line.budget.currency))
    return BudgetReport(pace=pace, lines=lines, totals=_totals(lines))


async def _budgets_until(session: AsyncSession, user_id: int, month: date) -> list[Budget]:
    rows = await session.scalars(select(Budget).where(Budget.user_id == user_id, Budget.month <= month))
    return list(rows)


def _chains(budgets: Iterable[Budget]) -> dict[BudgetKey, list[Budget]]:
    chains: dict[BudgetKey, list[Budget]] = defaultdict(list)
    for budget in budgets:
        chains[(budget.category_id, budget.currency)].append(budget)
    return dict(chains)


async def _expense_sums(
    session: AsyncSession, user_id: int, chains: dict[BudgetKey, list[Budget]], pace: MonthPace,
    tree: CategoryTree, months: Sequence[date],
) -> SpentColumns:
    """Expense sums per currency and category, a column per month of `months`, in one query.

    Months after the user's current month count as nothing spent yet, so they are not read.
    """
    if not chains:
        return {}
    first = months[0]
    last = min(pace.month, period_start(pace.today, Period.MONTH))
    categories = tree.with_descendants(category_id for category_id, _ in chains)
    rows = await session.execute(
        select(MonthlyRollup.month, MonthlyRollup.currency, MonthlyRollup.category_key,
               func.sum(MonthlyRollup.amount_minor))
        .where(
            MonthlyRollup.user_id == user_id,
            MonthlyRollup.kind == RollupKind.EXPENSE,
            MonthlyRollup.month >= first,
            MonthlyRollup.month <= last,
            MonthlyRollup.category_key.in_(categories),
            MonthlyRollup.currency.in_({currency for _, currency in chains}),
        )
        .group_by(MonthlyRollup.month, MonthlyRollup.currency, MonthlyRollup.category_key)
    )
    column = {month: index for index, month in enumerate(months)}
    spent: SpentColumns = {}
    for rollup_month, currency, category_key, total in rows:
        sums = spent.get((currency, category_key))
        if sums is None:
            sums = spent[(currency, category_key)] = [0] * len(months)
        # PostgreSQL sums bigints as numeric; the values are whole numbers either way.
        sums[column[rollup_month]] = int(total)
    return spent


def _subtree_spent(spent: SpentColumns, currency: str, subtree: Iterable[int], width: int) -> list[int]:
    """Per month, what a budget's category and everything below it spent in its currency.

    Whole columns are added, one per category that spent anything, instead of a lookup per
    category and month (five years of 80 budgets walked month by month cost more than the query).
    """
    total = [0] * width
    for category in subtree:
        sums = spent.get((currency, category))
        if sums is not None:
            total = list(map(operator.add, total, sums))
    return total


def _months(first: date, last: date) -> Iterator[date]:
    month = first
    while month <= last:
        yield month
        month = next_period_start(month, Period.MONTH)


@dataclass(frozen=True)
class _ChainRow:
    """A budget row's values as the chain walk reads them month after month (no ORM attribute reads)."""

    month: date
    amount_minor: int
    carries: bool
    budget: Budget


def _in_effect_by_month(rows: Sequence[Budget], months: Sequence[date]) -> list[_ChainRow | None]:
    """For each month, the single-month row of that month, else the latest default started by then.

    `months` are consecutive, from the first month of any row on, so a row's month is an index.
    """
    in_effect: list[_ChainRow | None] = [None] * len(months)
    defaults = sorted((_chain_row(row) for row in rows if row.repeats), key=lambda row: row.month)
    for default, following in zip(defaults, [*defaults[1:], None]):
        end = _month_index(months, following.month) if following is not None else len(months)
        start = _month_index(months, default.month)
        in_effect[start:end] = [default] * (end - start)
    for row in rows:
        if not row.repeats:
            in_effect[_month_index(months, row.month)] = _chain_row(row)
    return in_effect


def _month_index(months: Sequence[date], month: date) -> int:
    return (month.year - months[0].year) * 12 + month.month - months[0].month


def _chain_row(budget: Budget) -> _ChainRow:
    return _ChainRow(budget.month, budget.amount_minor, budget.rollover is Rollover.CARRY, budget)


def _line(
    key: BudgetKey, rows: Sequence[Budget], pace: MonthPace, spent: SpentColumns, tree: CategoryTree,
    months: Sequence[date],
) -> BudgetLine | None:
    """The chain's line in the report's month; None when no budget is in effect then.

    `months` runs from the report's earliest budget month to its month. What carries into the month
    is what was left in each month of the unbroken run of carrying budgets right before it: a month
    without a budget, or whose budget does not carry, passes nothing on.
    """
    category_id, currency = key
    in_effect = _in_effect_by_month(rows, months)
    row = in_effect[-1]
    if row is None:
        return None
    spent_by_month = _subtree_spent(spent, currency, tree.with_descendants([category_id]), len(months))
    carried = 0
    for earlier, spent_minor in zip(in_effect[-2::-1], spent_by_month[-2::-1]):
        if earlier is None or not earlier.carries:
            break
        carried += earlier.amount_minor - spent_minor
    spent_minor = spent_by_month[-1]
    figures = Figures(row.amount_minor, carried, spent_minor, pace.projected(spent_minor))
    return BudgetLine(budget=row.budget, figures=figures, counted_in_total=True)


def _mark_counted(lines: list[BudgetLine], tree: CategoryTree) -> list[BudgetLine]:
    """Leave out of the totals the lines whose category has a budgeted ancestor in the same currency."""
    budgeted = {(line.budget.category_id, line.budget.currency) for line in lines}
    return [
        BudgetLine(
            budget=line.budget,
            figures=line.figures,
            counted_in_total=not any(
                (ancestor, line.budget.currency) in budgeted
                for ancestor in tree.path_from_top(line.budget.category_id)[:-1]
            ),
        )
        for line in lines
    ]


def _totals(lines: Iterable[BudgetLine]) -> list[BudgetTotal]:
    sums: dict[str, Figures] = {}
    for line in lines:
        if line.counted_in_total:
            currency, figures = line.budget.currency, line.figures
            total = sums.get(currency, Figures(0, 0, 0, 0))
            sums[currency] = Figures(
                total.budgeted_minor + figures.budgeted_minor,
                total.carried_minor + figures.carried_minor,
                total.spent_minor + figures.spent_minor,
                total.projected_minor + figures.projected_minor,
            )
    return [BudgetTotal(currency=currency, figures=sums[currency]) for currency in sorted(sums)]
