"""How many records match a filter: from the monthly roll-ups where the filter allows, else COUNT.

A roll-up row holds how many records one account had in one month, of one kind, category and
currency. A filter on dates, accounts, kinds and categories is therefore answered from the roll-ups
for the whole months of its range, and by COUNT on the records (through ix_records_user_date) only
for the days of the partial months at its edges. Search, tags and amounts look inside the records:
such a filter is counted on the records alone.

Each record counts once, as the income, EXPENSE or TRANSFER_OUT row of its own account. An account
filter also matches a transfer arriving in one of the accounts from outside them. Its TRANSFER_IN row
names the arrival account only: with one account that is exact (a transfer never arrives where it
left), but with several, the transfers between them would count twice, so those arrivals are
counted on the records (through ix_records_counterpart_date).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import ColumnElement, ScalarSelect, and_, func, literal, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.categories.tree import CategoryTree, load_category_tree
from api.ledger.models import UNCATEGORIZED_KEY, MonthlyRollup, Record, RecordKind, RollupKind
from api.ledger.periods import Period, next_period_start, period_start
from api.records.filters import RecordCriteria, record_conditions

_OWN_ROLLUP_KIND = {
    RecordKind.INCOME: RollupKind.INCOME,
    RecordKind.EXPENSE: RollupKind.EXPENSE,
    RecordKind.TRANSFER: RollupKind.TRANSFER_OUT,
}


@dataclass(frozen=True)
class MonthSplit:
    """A date range cut into a run of whole months and the days at its edges.

    `months_from` is the first whole month and `months_until` the first day after the last one;
    None leaves that side open, like the filter's own bounds.
    """

    months_from: date | None
    months_until: date | None
    edges: tuple[tuple[date, date], ...]


def split_into_months(date_from: date | None, date_to: date | None) -> MonthSplit | None:
    """The whole months of the range and its partial edges; None when it holds no whole month."""
    months_from = None
    if date_from is not None:
        months_from = period_start(date_from, Period.MONTH)
        if months_from < date_from:
            months_from = next_period_start(months_from, Period.MONTH)
    months_until = period_start(date_to + timedelta(days=1), Period.MONTH) if date_to is not None else None
    if months_from is not None and months_until is not None and months_from >= months_until:
        return None
    edges = []
    if date_from is not None and months_from is not None and date_from < months_from:
        edges.append((date_from, months_from - timedelta(days=1)))
    if date_to is not None and months_until is not None and months_until <= date_to:
        edges.append((months_until, date_to))
    return MonthSplit(months_from, months_until, tuple(edges))


async def count_records(
    session: AsyncSession, user_id: int, criteria: RecordCriteria, category_tree: CategoryTree | None = None
) -> int:
    """How many of the user's records match, for every page alike, in one statement.

    A category filter walks the user's category tree: pass it when the caller has it already.
    """
    first, *others = await _counts(session, user_id, criteria, category_tree)
    # PostgreSQL sums integers as numeric; the value is a whole number either way.
    return int(await session.scalar(select(sum(others, first))) or 0)


async def _counts(
    session: AsyncSession, user_id: int, criteria: RecordCriteria, tree: CategoryTree | None
) -> list[ScalarSelect[int]]:
    """Counts that add up to the answer: roll-ups for the whole months, records for the rest."""
    split = split_into_months(criteria.date_from, criteria.date_to) if criteria.rollups_answer() else None
    if split is None:
        return [await _count_on_records(session, user_id, criteria, tree)]
    if criteria.category_ids and tree is None:
        tree = await load_category_tree(session, user_id)
    counts = [_sum_of_rollups(user_id, criteria, tree, split)]
    if len(criteria.account_ids) > 1 and _admits_transfers(criteria):
        counts.append(_arrivals_from_outside(user_id, criteria, split))
    for first_day, last_day in split.edges:
        edge = replace(criteria, date_from=first_day, date_to=last_day)
        counts.append(await _count_on_records(session, user_id, edge, tree))
    return counts


async def _count_on_records(
    session: AsyncSession, user_id: int, criteria: RecordCriteria, tree: CategoryTree | None
) -> ScalarSelect[int]:
    """COUNT of the matching records."""
    conditions = await record_conditions(session, user_id, criteria, tree)
    return select(func.count()).select_from(Record).where(*conditions).scalar_subquery()


def _sum_of_rollups(
    user_id: int, criteria: RecordCriteria, tree: CategoryTree | None, split: MonthSplit
) -> ScalarSelect[int]:
    """The records of the whole months: each by its own account, plus arrivals into a single account."""
    conditions = [MonthlyRollup.user_id == user_id, *_category_conditions(criteria, tree)]
    if split.months_from is not None:
        conditions.append(MonthlyRollup.month >= split.months_from)
    if split.months_until is not None:
        conditions.append(MonthlyRollup.month < split.months_until)
    kinds = [_OWN_ROLLUP_KIND[kind] for kind in criteria.kinds or RecordKind]
    if criteria.account_ids:
        rows: ColumnElement[bool] = MonthlyRollup.kind.in_(kinds)
        if len(criteria.account_ids) == 1 and _admits_transfers(criteria):
            rows = or_(rows, MonthlyRollup.kind == RollupKind.TRANSFER_IN)
        conditions += [MonthlyRollup.account_id.in_(criteria.account_ids), rows]
    else:
        conditions.append(MonthlyRollup.kind.in_(kinds))
    return select(func.coalesce(func.sum(MonthlyRollup.record_count), literal(0))).where(
        *conditions
    ).scalar_subquery()


def _arrivals_from_outside(user_id: int, criteria: RecordCriteria, split: MonthSplit) -> ScalarSelect[int]:
    """COUNT of the whole months' transfers arriving in the filter's accounts from another account."""
    conditions = [
        Record.user_id == user_id,
        Record.kind == RecordKind.TRANSFER,
        Record.counterpart_account_id.in_(criteria.account_ids),
        Record.account_id.not_in(criteria.account_ids),
    ]
    if split.months_from is not None:
        conditions.append(Record.occurred_on >= split.months_from)
    if split.months_until is not None:
        conditions.append(Record.occurred_on < split.months_until)
    return select(func.count()).select_from(Record).where(*conditions).scalar_subquery()


def _admits_transfers(criteria: RecordCriteria) -> bool:
    """Whether transfers can match: their kind is allowed and no category is required (they have none)."""
    kind_allowed = not criteria.kinds or RecordKind.TRANSFER in criteria.kinds
    return kind_allowed and not criteria.category_ids and not criteria.uncategorized


def _category_conditions(criteria: RecordCriteria, tree: CategoryTree | None) -> list[ColumnElement[bool]]:
    """The category part of the filter on roll-up rows, as `record_conditions` puts it on records."""
    in_categories = (
        MonthlyRollup.category_key.in_(sorted(tree.with_descendants(criteria.category_ids)))
        if tree is not None
        else None
    )
    uncategorized = and_(
        MonthlyRollup.category_key == UNCATEGORIZED_KEY,
        MonthlyRollup.kind.in_((RollupKind.INCOME, RollupKind.EXPENSE)),
    )
    if criteria.uncategorized:
        return [uncategorized if in_categories is None else or_(in_categories, uncategorized)]
    if criteria.uncategorized is False and in_categories is None:
        return [not_(uncategorized)]
    return [in_categories] if in_categories is not None else []
