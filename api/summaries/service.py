"""What every part of a summary shares: the validated scope, the source of its sums, and timing.

Each part (totals, periods, categories, accounts, balances, payees, income statement) lives in its
own module as one plain async function of a `SummarySource`, run only when the client asks for
that part. The source reads each set of facts once, however many parts are built from it.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Collection, Hashable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import ColumnElement, Integer, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.categories.tree import CategoryTree
from api.computed_once import ComputedOnce
from api.errors import InvalidInput
from api.monitoring.metrics import SUMMARY_DURATION
from api.records.filters import RecordCriteria, record_conditions
from api.ledger.models import Record
from api.ledger.periods import Period, period_start
from api.summaries.facts import AccountFact, CategoryFact, FactQuery, FactSet, Grain, load_facts
from api.summaries.setup import load_accounts_and_tree

MAX_RANGE_YEARS = 10
# Period arithmetic must be able to step past the range's end without leaving Python's dates.
LAST_SUPPORTED_DAY = date(9998, 12, 31)

# Built once, like the category tree's statement: building it cost more than SQLite took to answer.
_ACCOUNTS = (
    select(Account)
    .where(Account.user_id == bindparam("user_id", type_=Integer()))
    .order_by(Account.name, Account.id)
)

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class SummaryScope:
    """The records a summary looks at: a date range (both ends included), a filter and a bucket size."""

    date_from: date
    date_to: date
    criteria: RecordCriteria = field(default_factory=RecordCriteria)
    period: Period = Period.MONTH

    def __post_init__(self) -> None:
        if self.date_from > self.date_to:
            raise InvalidInput("to", "must not be before from")
        if self.date_to > LAST_SUPPORTED_DAY:
            raise InvalidInput("to", f"must not be after {LAST_SUPPORTED_DAY.isoformat()}")
        if _spans_at_least(self.date_from, self.date_to, MAX_RANGE_YEARS):
            raise InvalidInput("from", f"a summary covers at most {MAX_RANGE_YEARS} years")

    def filtered_dates(self) -> tuple[date, date]:
        """The range narrowed by the filter's own dateFrom and dateTo (first day after last when disjoint)."""
        first_day = max(self.date_from, self.criteria.date_from or self.date_from)
        last_day = min(self.date_to, self.criteria.date_to or self.date_to)
        return first_day, last_day

    def filtered_query(self) -> FactQuery:
        """The filter within the range narrowed by its own dateFrom and dateTo. The dates are the query's
        alone: its reads choose their days, some outside the range (see `api.summaries.facts.plan_reads`)."""
        first_day, last_day = self.filtered_dates()
        undated = replace(self.criteria, date_from=None, date_to=None)
        return FactQuery(undated, first_day, last_day, self.period)


def _spans_at_least(date_from: date, date_to: date, years: int) -> bool:
    """Whether date_to is on or after the same calendar day `years` after date_from."""
    elapsed = (date_to.year - date_from.year, date_to.month, date_to.day)
    return elapsed >= (years, date_from.month, date_from.day)


class SummarySource:
    """What the parts of one summary read: the category tree, facts and record conditions, each once.

    Parts are resolved concurrently; the first to ask for something reads it, the others wait for
    the same result. Balances ask for the facts of their accounts over the whole range; when the
    filter names nothing but accounts, those are the very facts `byAccount` reads. The parts asked
    for say up front which facts they need (`grains`, `balances`), so that the facts of every part,
    and the balances before the range, come from one statement; a part that was not announced
    still gets its facts, from a statement of its own. Likewise the accounts and the category tree
    come from one statement when parts that need each were announced (`accounts_and_tree`).
    """

    def __init__(
        self,
        session: AsyncSession,
        user_id: int,
        scope: SummaryScope,
        load_tree: Callable[[], Awaitable[CategoryTree]],
        grains: Collection[Grain] = frozenset(Grain),
        balances: bool = True,
        accounts_and_tree: bool = False,
    ) -> None:
        self.session = session
        self.user_id = user_id
        self.scope = scope
        self._load_tree = load_tree
        self._grains = frozenset(grains)
        self._balances = balances
        self._accounts_and_tree = accounts_and_tree
        self._computed = ComputedOnce()
        self._period_starts: dict[date, date] = {}

    def period_of(self, bucket: date) -> date:
        """The start of the summary's period holding a fact's bucket.

        Remembered by bucket: the parts of a five-year summary ask for the same few dozen buckets
        thousands of times, and a dict of dates answers faster than a cache keyed with the period.
        """
        start = self._period_starts.get(bucket)
        if start is None:
            start = self._period_starts[bucket] = period_start(bucket, self.scope.period)
        return start

    async def category_tree(self) -> CategoryTree:
        """The user's category tree."""
        if self._accounts_and_tree:
            return (await self._computed.get("accounts_and_tree", self._load_accounts_and_tree))[1]
        return await self._computed.get("category_tree", self._load_tree)

    async def accounts(self) -> dict[int, Account]:
        """The user's accounts by id in name order, archived ones included: one read for every part
        that names accounts (balances, byAccount and the account each of their rows shows), together
        with the category tree when parts that need both were announced."""
        if self._accounts_and_tree:
            return (await self._computed.get("accounts_and_tree", self._load_accounts_and_tree))[0]
        return await self._computed.get("accounts", self._load_accounts)

    async def category_facts(self) -> list[CategoryFact]:
        """Per bucket, kind, category and currency: the legs matching the filter within the range."""
        return await self._facts(self.scope.filtered_query(), Grain.CATEGORY)

    async def account_facts(self) -> list[AccountFact]:
        """Per bucket, account and kind: the legs matching the filter within the range."""
        return await self._facts(self.scope.filtered_query(), Grain.ACCOUNT)

    async def balance_facts(self) -> list[AccountFact]:
        """Per bucket, account and kind: every leg within the range, of the filter's accounts if any."""
        return await self._facts(self._balance_query(), Grain.ACCOUNT)

    async def balances_before(self) -> dict[int, int]:
        """Per account (of the filter's accounts if any), the sum of its legs before the range."""
        query = self._balance_query()
        before = (await self._read(query)).balances_before
        if before is None:  # balances were not announced
            read = await self._computed.get(("before", query), lambda: self._load(query, (), True))
            before = read.balances_before
        return before or {}

    async def shared(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
        """What `compute` returns, computed once for every part that asks for it by the same key."""
        return await self._computed.get(key, compute)

    async def conditions(self) -> list[ColumnElement[bool]]:
        """WHERE conditions on `Record`: the user's records in the range that match the filter."""
        first_day, last_day = self.scope.filtered_dates()
        return [*await self.undated_conditions(), Record.occurred_on.between(first_day, last_day)]

    async def undated_conditions(self) -> list[ColumnElement[bool]]:
        """WHERE conditions on `Record`: the user's records that match the filter, on any day."""
        return await self._computed.get("undated conditions", self._undated_conditions)

    def _balance_query(self) -> FactQuery:
        """Every leg within the range, of the filter's accounts if any: what balances count."""
        scope = self.scope
        criteria = RecordCriteria(account_ids=scope.criteria.account_ids)
        return FactQuery(criteria, scope.date_from, scope.date_to, scope.period)

    async def _facts(self, query: FactQuery, grain: Grain) -> list[Any]:
        facts = (await self._read(query)).facts.get(grain)
        if facts is None:  # a part nobody announced
            read = await self._computed.get((query, grain), lambda: self._load(query, (grain,), False))
            facts = read.facts[grain]
        return facts

    async def _read(self, query: FactQuery) -> FactSet:
        """The one statement of a query: the facts every announced part needs from it."""
        grains = set(self._grains) if query == self.scope.filtered_query() else set()
        with_balances_before = self._balances and query == self._balance_query()
        if with_balances_before:
            grains.add(Grain.ACCOUNT)
        return await self._computed.get(query, lambda: self._load(query, grains, with_balances_before))

    async def _load(self, query: FactQuery, grains: Collection[Grain], with_balances_before: bool) -> FactSet:
        return await load_facts(
            self.session, self.user_id, self.category_tree, query, grains, with_balances_before
        )

    async def _load_accounts_and_tree(self) -> tuple[dict[int, Account], CategoryTree]:
        return await load_accounts_and_tree(self.session, self.user_id)

    async def _load_accounts(self) -> dict[int, Account]:
        accounts = await self.session.scalars(_ACCOUNTS, {"user_id": self.user_id})
        return {account.id: account for account in accounts}

    async def _undated_conditions(self) -> list[ColumnElement[bool]]:
        criteria = self.scope.filtered_query().criteria
        return await record_conditions(self.session, self.user_id, criteria, await self.category_tree())


def timed_part(part: str) -> Callable[[Callable[P, Awaitable[T]]], Callable[P, Awaitable[T]]]:
    """Observe how long each call of a summary part takes in SUMMARY_DURATION{part=...}."""
    histogram = SUMMARY_DURATION.labels(part=part)

    def decorate(compute: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
        @functools.wraps(compute)
        async def timed(*args: P.args, **kwargs: P.kwargs) -> T:
            with histogram.time():
                return await compute(*args, **kwargs)

        return timed

    return decorate
