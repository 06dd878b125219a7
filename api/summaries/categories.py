"""Income and expenses per top-level category and currency, sub-categories of any depth rolled up.

Facts carry the category of their records; the user's category tree (read once per request) maps
each to its top-level ancestor and to the branch right below it. The same sums, one column per
period, are computed once per summary for `byCategory` (their totals) and the income statement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from api.categories.models import CategoryKind
from api.categories.tree import CategoryTree
from api.ledger.models import UNCATEGORIZED_KEY, RollupKind
from api.summaries.facts import CategoryFact
from api.ledger.periods import period_starts
from api.summaries.service import SummarySource, timed_part

UNCATEGORIZED_NAME = "Uncategorized"
UNCATEGORIZED_COLOR = "#8c8c8c"

# (top-level category id, or None for uncategorized; kind; currency)
CategoryKey = tuple[int | None, CategoryKind, str]
_Key = TypeVar("_Key")


@dataclass(frozen=True)
class CategoryTotals:
    """One category's amount in minor units of one currency; `category_id` None means uncategorized."""

    category_id: int | None
    name: str
    color: str
    kind: CategoryKind
    currency: str
    amount: int
    share: float
    record_count: int
    children: tuple[CategoryTotals, ...] = ()


@dataclass
class ColumnSums:
    """Minor units per column, and the records they hold."""

    amounts: list[int]
    record_count: int = 0

    @property
    def total(self) -> int:
        """The sum of every column."""
        return sum(self.amounts)


@dataclass
class CategorySums:
    """Sums per (top-level category, kind, currency), and per branch right below the top."""

    tree: CategoryTree
    columns: int
    tops: dict[CategoryKey, ColumnSums] = field(default_factory=dict)
    branches: dict[CategoryKey, dict[int, ColumnSums]] = field(default_factory=lambda: defaultdict(dict))

    def add_facts(self, facts: Iterable[CategoryFact], column_of: Callable[[date], int]) -> None:
        """Count the income and expense facts towards their top-level category and branch.

        Facts are summed per category first, so the tree is walked and the rows are touched once
        per category rather than once per fact (there are thousands of facts in five years).
        """
        # Keyed by "is income" rather than the kind: an Enum's hash is a Python call, a bool's is not.
        per_category: dict[tuple[int, bool, str], ColumnSums] = {}
        for fact in facts:
            if fact.kind is RollupKind.INCOME or fact.kind is RollupKind.EXPENSE:
                category = (fact.category_key, fact.kind is RollupKind.INCOME, fact.currency)
                sums = self._sums(per_category, category)
                sums.amounts[column_of(fact.bucket)] += fact.amount_minor
                sums.record_count += fact.record_count
        for (category_key, is_income, currency), sums in per_category.items():
            kind = CategoryKind.INCOME if is_income else CategoryKind.EXPENSE
            top_id, branch_id = self._top_and_branch(category_key)
            key = (top_id, kind, currency)
            targets = [self._sums(self.tops, key)]
            if branch_id is not None:
                targets.append(self._sums(self.branches[key], branch_id))
            for target in targets:
                target.amounts = [total + amount for total, amount in zip(target.amounts, sums.amounts)]
                target.record_count += sums.record_count

    def children(self, key: CategoryKey) -> dict[int, ColumnSums]:
        """Branch sums, unless the top-level category's own records are all there is."""
        branches = self.branches.get(key, {})
        return {} if branches.keys() <= {key[0]} else branches

    def name_and_color(self, category_id: int | None) -> tuple[str, str]:
        """How a row is labelled: the category's name and colour, or those of uncategorized."""
        category = self.tree.get(category_id) if category_id is not None else None
        return (category.name, category.color) if category else (UNCATEGORIZED_NAME, UNCATEGORIZED_COLOR)

    def _top_and_branch(self, category_key: int) -> tuple[int | None, int | None]:
        """The top-level category and the branch right below it; (None, None) when uncategorized."""
        path = self.tree.path_from_top(None if category_key == UNCATEGORIZED_KEY else category_key)
        # The branch is the child of the top-level category, or the top-level category itself.
        return (path[0], path[min(1, len(path) - 1)]) if path else (None, None)

    def _sums(self, sums_by_key: dict[_Key, ColumnSums], key: _Key) -> ColumnSums:
        found = sums_by_key.get(key)
        if found is None:
            found = sums_by_key[key] = ColumnSums([0] * self.columns)
        return found


async def category_sums_per_period(source: SummarySource) -> CategorySums:
    """The sums with a column per period of the range, computed once for byCategory and the statement."""

    async def compute() -> CategorySums:
        scope = source.scope
        starts = period_starts(scope.date_from, scope.date_to, scope.period)
        column = {start: index for index, start in enumerate(starts)}
        sums = CategorySums(await source.category_tree(), columns=len(column))
        sums.add_facts(await source.category_facts(),
                       lambda bucket: column[source.period_of(bucket)])
        return sums

    return await source.shared("category_sums_per_period", compute)


@timed_part("by_category")
async def category_totals(source: SummarySource) -> list[CategoryTotals]:
    """One row per (top-level category, currency) of income and expenses, biggest first per kind."""
    sums = await category_sums_per_period(source)
    kind_totals: dict[tuple[CategoryKind, str], int] = defaultdict(int)
    for (_, kind, currency), top in sums.tops.items():
        kind_totals[kind, currency] += top.total

    def row(category_id: int | None, key: CategoryKey, total: ColumnSums,
            children: tuple[CategoryTotals, ...] = ()) -> CategoryTotals:
        name, color = sums.name_and_color(category_id)
        kind_total = kind_totals[key[1:]]
        return CategoryTotals(
            category_id=category_id, name=name, color=color, kind=key[1], currency=key[2],
            amount=total.total, share=total.total / kind_total if kind_total else 0.0,
            record_count=total.record_count, children=children,
        )

    rows = []
    for key, top in sums.tops.items():
        children = sorted((row(branch_id, key, branch) for branch_id, branch in sums.children(key).items()),
                          key=lambda child: (-child.amount, child.name))
        rows.append(row(key[0], key, top, tuple(children)))
    return sorted(rows, key=lambda top: (top.currency, top.kind.value, -top.amount, top.name))
