"""Income and expenses per top-level category and currency, sub-categories of any depth rolled up.

The database sums per (category, kind, currency); the user's category tree, which is small, is
read once to map each category to its top-level ancestor and to the branch below it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.categories.models import Category, CategoryKind
from api.ledger.models import Record, RecordKind
from api.summaries.service import SummaryScope, money, summary_conditions, timed_part

UNCATEGORIZED_NAME = "Uncategorized"
UNCATEGORIZED_COLOR = "#8c8c8c"


@dataclass(frozen=True)
class CategoryTotals:
    """One category's amount in one currency; `category_id` None means uncategorized."""

    category_id: int | None
    name: str
    color: str
    kind: CategoryKind
    currency: str
    amount: Decimal
    share: float
    record_count: int
    children: tuple[CategoryTotals, ...] = ()


@dataclass(frozen=True)
class _TreeNode:
    parent_id: int | None
    name: str
    color: str


@dataclass
class _Sum:
    minor: int = 0
    count: int = 0

    def add(self, minor: int, count: int) -> None:
        self.minor += minor
        self.count += count


# (top-level category id, or None for uncategorized; kind; currency)
_Key = tuple[int | None, CategoryKind, str]


@timed_part("by_category")
async def category_totals(session: AsyncSession, user_id: int, scope: SummaryScope) -> list[CategoryTotals]:
    """One row per (top-level category, currency) of income and expenses, biggest first per kind."""
    rows = await session.execute(
        select(Record.category_id, Record.kind, Record.currency, func.sum(Record.amount_minor), func.count())
        .where(*await summary_conditions(session, user_id, scope), Record.kind != RecordKind.TRANSFER)
        .group_by(Record.category_id, Record.kind, Record.currency)
    )
    rollup = _Rollup(await _category_tree(session, user_id))
    for category_id, record_kind, currency, minor, count in rows:
        rollup.add(category_id, CategoryKind(record_kind.value), currency, int(minor), count)
    return rollup.rows()


class _Rollup:
    """Sums per top-level category and per branch right below it, and per kind for the shares."""

    def __init__(self, tree: dict[int, _TreeNode]) -> None:
        self._tree = tree
        self._tops: dict[_Key, _Sum] = defaultdict(_Sum)
        self._branches: dict[_Key, dict[int, _Sum]] = defaultdict(lambda: defaultdict(_Sum))
        self._kind_totals: dict[tuple[CategoryKind, str], int] = defaultdict(int)

    def add(self, category_id: int | None, kind: CategoryKind, currency: str, minor: int, count: int) -> None:
        """Count one (category, kind, currency) sum towards its top-level category and branch."""
        path = _path_from_top(self._tree, category_id)
        key = (path[0] if path else None, kind, currency)
        self._tops[key].add(minor, count)
        if path:
            # The branch is the child of the top-level category, or the top-level category itself.
            self._branches[key][path[min(1, len(path) - 1)]].add(minor, count)
        self._kind_totals[kind, currency] += minor

    def rows(self) -> list[CategoryTotals]:
        """Top-level rows with their children, by currency, kind, then biggest first."""
        rows = [self._row(key[0], key, total, self._children(key)) for key, total in self._tops.items()]
        return sorted(rows, key=lambda row: (row.currency, row.kind.value, -row.amount, row.name))

    def _children(self, key: _Key) -> tuple[CategoryTotals, ...]:
        """Branch rows, unless the top-level category's own records are all there is."""
        branches = self._branches[key]
        if branches.keys() <= {key[0]}:
            return ()
        rows = (self._row(branch_id, key, total) for branch_id, total in branches.items())
        return tuple(sorted(rows, key=lambda row: (-row.amount, row.name)))

    def _row(
        self, category_id: int | None, key: _Key, total: _Sum, children: tuple[CategoryTotals, ...] = ()
    ) -> CategoryTotals:
        node = self._tree[category_id] if category_id is not None else None
        kind_total = self._kind_totals[key[1:]]
        return CategoryTotals(
            category_id=category_id,
            name=node.name if node else UNCATEGORIZED_NAME,
            color=node.color if node else UNCATEGORIZED_COLOR,
            kind=key[1],
            currency=key[2],
            amount=money(total.minor, key[2]),
            share=total.minor / kind_total if kind_total else 0.0,
            record_count=total.count,
            children=children,
        )


async def _category_tree(session: AsyncSession, user_id: int) -> dict[int, _TreeNode]:
    rows = await session.execute(
        select(Category.id, Category.parent_id, Category.name, Category.color).where(
            Category.user_id == user_id
        )
    )
    return {category_id: _TreeNode(parent_id, name, color) for category_id, parent_id, name, color in rows}


def _path_from_top(tree: dict[int, _TreeNode], category_id: int | None) -> list[int]:
    """Ids from the top-level ancestor down to the category; empty for none or an unknown id."""
    path: list[int] = []
    current = category_id
    while current is not None and current in tree and current not in path:
        path.append(current)
        current = tree[current].parent_id
    return path[::-1]
