"""GraphQL types of the summaries domain: each Summary field is computed only when asked for."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterator
from datetime import date
from typing import Any, TypeVar

import strawberry
from graphql import (
    FieldNode, FragmentDefinitionNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode,
)

from api.accounts.models import Account
from api.accounts.types import AccountNode
from api.categories.tree import CategoryTree
from api.categories.types import CategoryKindEnum, CategoryNode
from api.graphql.context import Info
from api.graphql.scalars import CurrencyCode, MoneyText, money_text
from api.ledger.models import RecordKind
from api.records.types import RecordKindEnum
from api.summaries.accounts import AccountTotals, account_totals
from api.summaries.balances import BalanceSeries, balance_series
from api.summaries.categories import CategoryTotals, category_totals
from api.summaries.facts import Grain
from api.summaries.payees import MAX_PAYEES, payee_totals
from api.ledger.periods import Period
from api.summaries.service import SummarySource
from api.summaries.statement import IncomeStatement, StatementRow, income_statement
from api.summaries.totals import currency_totals, period_totals

T = TypeVar("T")
SummaryPart = Callable[[SummarySource], Awaitable[list[T]]]

strawberry.enum(Period, name="Period", description="Bucket size; weeks start on Monday (ISO).")
PeriodEnum = Period  # the domain enum, decorated in place above


def _fields(row: Any, amounts: tuple[str, ...] = ()) -> dict[str, Any]:
    """A flat service row's fields as keywords, the `amounts` (minor units) written as money in the
    row's currency; `dataclasses.asdict` deep-copied every value only to hand over equal ones."""
    fields = {field.name: getattr(row, field.name) for field in dataclasses.fields(row)}
    for name in amounts:
        fields[name] = money_text(fields[name], row.currency)
    return fields


_INCOME_AND_EXPENSE = ("income", "expense", "net")
_ACCOUNT_AMOUNTS = ("income", "expense", "transfers_in", "transfers_out", "net")


def _optional_id(value: int | None) -> strawberry.ID | None:
    return strawberry.ID(str(value)) if value is not None else None


@strawberry.type(name="CurrencyTotals", description="Totals of one currency; transfers are not income.")
class CurrencyTotalsNode:
    currency: CurrencyCode
    income: MoneyText
    expense: MoneyText
    net: MoneyText
    savings_rate: float | None = strawberry.field(
        description="net / income, a ratio (0.25 is 25 %); null when there is no income."
    )
    transfer_count: int
    record_count: int = strawberry.field(description="All records in this currency, transfers included.")


@strawberry.type(name="PeriodTotals", description="Income and expenses of one currency in one period.")
class PeriodTotalsNode:
    period_start: date
    currency: CurrencyCode
    income: MoneyText
    expense: MoneyText
    net: MoneyText


@strawberry.type(name="CategoryTotals", description="What one category (with its sub-categories) adds up to.")
class CategoryTotalsNode:
    category_id: strawberry.ID | None = strawberry.field(description="Null for uncategorized records.")
    name: str
    color: str
    kind: CategoryKindEnum | None
    currency: CurrencyCode
    amount: MoneyText
    share: float = strawberry.field(description="Of this currency's total for this kind, from 0 to 1.")
    record_count: int
    children: list[CategoryTotalsNode] = strawberry.field(
        description="The branches right below a top-level category (deeper ones rolled up into them); "
        "the category's own records form a row named after it when it has both. Empty otherwise."
    )
    # A value, not a resolver: the request's category tree has every field of it (no task per row).
    category: CategoryNode | None = strawberry.field(description="Null for uncategorized records.")

    @classmethod
    def from_totals(cls, totals: CategoryTotals, tree: CategoryTree) -> CategoryTotalsNode:
        """Translate the service result, children included, with categories from the request's tree."""
        return cls(
            category_id=_optional_id(totals.category_id),
            name=totals.name,
            color=totals.color,
            kind=totals.kind,
            currency=CurrencyCode(totals.currency),
            amount=money_text(totals.amount, totals.currency),
            share=totals.share,
            record_count=totals.record_count,
            children=[cls.from_totals(child, tree) for child in totals.children],
            category=CategoryNode.from_tree(tree, totals.category_id),
        )


@strawberry.type(
    name="AccountTotals", description="One account's activity; expense and transfersOut are positive."
)
class AccountTotalsNode:
    account_id: strawberry.Private[int]
    currency: CurrencyCode
    income: MoneyText
    expense: MoneyText
    transfers_in: MoneyText
    transfers_out: MoneyText
    net: MoneyText = strawberry.field(description="income - expense + transfersIn - transfersOut")
    # A value, not a resolver: the summary read the user's accounts once (no task or query per row).
    account: AccountNode

    @classmethod
    def from_totals(cls, totals: AccountTotals, account: Account) -> AccountTotalsNode:
        """Translate the service result, with the account the summary read."""
        return cls(**_fields(totals, _ACCOUNT_AMOUNTS), account=AccountNode.from_model(account))


@strawberry.type(name="BalancePoint")
class BalancePointNode:
    day: date = strawberry.field(name="date", description="The last day of the period, or the range's end.")
    balance: MoneyText


@strawberry.type(name="AccountBalanceSeries", description="An account's balance at the end of each period.")
class AccountBalanceSeriesNode:
    account_id: strawberry.Private[int]
    currency: CurrencyCode
    points: list[BalancePointNode]
    account: AccountNode  # a value, as in AccountTotals

    @classmethod
    def from_series(cls, series: BalanceSeries, account: Account) -> AccountBalanceSeriesNode:
        """Translate the service result, with the account the summary read."""
        currency = series.currency
        points = [BalancePointNode(day=point.day, balance=money_text(point.balance, currency))
                  for point in series.points]
        return cls(account_id=series.account_id, currency=CurrencyCode(currency), points=points,
                   account=AccountNode.from_model(account))


@strawberry.type(name="PayeeTotals")
class PayeeTotalsNode:
    payee: str
    currency: CurrencyCode
    amount: MoneyText
    record_count: int


@strawberry.type(
    name="IncomeStatementRow",
    description="One category's amount in each period; the lists line up with the statement's periods.",
)
class IncomeStatementRowNode:
    category_id: strawberry.ID | None = strawberry.field(description="Null for uncategorized records.")
    name: str
    color: str
    kind: CategoryKindEnum
    amounts: list[MoneyText] = strawberry.field(
        description="One amount per period, zero where nothing happened."
    )
    total: MoneyText
    record_count: int
    children: list[IncomeStatementRowNode] = strawberry.field(
        description="The branches right below a top-level category, as in byCategory. Empty otherwise."
    )
    category: CategoryNode | None = strawberry.field(description="Null for uncategorized records.")

    @classmethod
    def from_row(cls, row: StatementRow, currency: str, tree: CategoryTree) -> IncomeStatementRowNode:
        """Translate the service result, children included, with categories from the request's tree."""
        return cls(
            category_id=_optional_id(row.category_id),
            name=row.name,
            color=row.color,
            kind=row.kind,
            amounts=[money_text(amount, currency) for amount in row.amounts],
            total=money_text(row.total, currency),
            record_count=row.record_count,
            children=[cls.from_row(child, currency, tree) for child in row.children],
            category=CategoryNode.from_tree(tree, row.category_id),
        )


@strawberry.type(
    name="IncomeStatement",
    description="One currency's income and expenses per category (rows) and period (columns).",
)
class IncomeStatementNode:
    currency: CurrencyCode
    periods: list[date] = strawberry.field(
        description="The start of every period of the range, in order: the columns of every amounts list."
    )
    income: list[IncomeStatementRowNode] = strawberry.field(description="Income categories, biggest first.")
    expense: list[IncomeStatementRowNode] = strawberry.field(description="Expense categories, biggest first.")
    total_income: list[MoneyText]
    total_expense: list[MoneyText]
    net: list[MoneyText] = strawberry.field(description="totalIncome - totalExpense, per period.")

    @classmethod
    def from_statement(cls, statement: IncomeStatement, tree: CategoryTree) -> IncomeStatementNode:
        """Translate the service result."""
        currency = statement.currency
        return cls(
            currency=CurrencyCode(currency),
            periods=list(statement.periods),
            income=[IncomeStatementRowNode.from_row(row, currency, tree) for row in statement.income],
            expense=[IncomeStatementRowNode.from_row(row, currency, tree) for row in statement.expense],
            total_income=[money_text(amount, currency) for amount in statement.total_income],
            total_expense=[money_text(amount, currency) for amount in statement.total_expense],
            net=[money_text(amount, currency) for amount in statement.net],
        )


# The facts each part of a Summary reads from its source (balances also read the balances before the
# range), so that the parts asked for are read in one statement.
_FACTS_OF_PART: dict[str, tuple[Grain, ...]] = {
    "totals": (Grain.CATEGORY,),
    "byPeriod": (Grain.CATEGORY,),
    "byCategory": (Grain.CATEGORY,),
    "incomeStatement": (Grain.CATEGORY,),
    "byAccount": (Grain.ACCOUNT,),
}
_BALANCES_PART = "balances"
_PARTS_NAMING_ACCOUNTS = frozenset({"byAccount", "balances"})
_PARTS_NAMING_CATEGORIES = frozenset({"byCategory", "incomeStatement"})


@dataclasses.dataclass(frozen=True)
class AnnouncedReads:
    """What the parts a client selected will read: the grains of filtered facts, balances, and whether
    they name accounts and categories (each part's rows show its account or category)."""

    grains: frozenset[Grain]
    balances: bool
    accounts: bool = False
    categories: bool = False


def announced_reads(info: Info) -> AnnouncedReads:
    """The reads of the Summary fields selected, fragments included (directives are not weighed:
    a part skipped after all costs nothing but its share of the statement)."""
    # graphql-core's own info: Strawberry's `selected_fields` converts the whole selection tree
    # (about a thousand calls for a summary with every part) where its first level is enough.
    raw = info._raw_info
    names = {name for node in raw.field_nodes for name in _field_names(node.selection_set, raw.fragments)}
    grains = frozenset(grain for name in names for grain in _FACTS_OF_PART.get(name, ()))
    return AnnouncedReads(grains=grains, balances=_BALANCES_PART in names,
                          accounts=not names.isdisjoint(_PARTS_NAMING_ACCOUNTS),
                          categories=not names.isdisjoint(_PARTS_NAMING_CATEGORIES))


def _field_names(
    selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode]
) -> Iterator[str]:
    """The names of the fields selected at this level, through fragments."""
    for node in selection_set.selections if selection_set is not None else ():
        if isinstance(node, FieldNode):
            yield node.name.value
        elif isinstance(node, FragmentSpreadNode):
            fragment = fragments.get(node.name.value)
            if fragment is not None:
                yield from _field_names(fragment.selection_set, fragments)
        elif isinstance(node, InlineFragmentNode):
            yield from _field_names(node.selection_set, fragments)


@strawberry.type(name="Summary", description="Income, expenses and balances over a date range, per currency.")
class SummaryNode:
    source: strawberry.Private[SummarySource]
    date_from: date = strawberry.field(name="from")
    date_to: date = strawberry.field(name="to")
    period: PeriodEnum

    @classmethod
    def for_source(cls, source: SummarySource) -> SummaryNode:
        """A summary whose parts are computed, from one shared source, when their fields are resolved."""
        scope = source.scope
        return cls(source=source, date_from=scope.date_from, date_to=scope.date_to, period=scope.period)

    async def _compute(self, part: SummaryPart[T]) -> list[T]:
        return await part(self.source)

    @strawberry.field(description="One row per currency, by code.")
    async def totals(self) -> list[CurrencyTotalsNode]:
        rows = await self._compute(currency_totals)
        return [CurrencyTotalsNode(**_fields(row, _INCOME_AND_EXPENSE)) for row in rows]

    @strawberry.field(description="One row per (period start, currency); periods without records omitted.")
    async def by_period(self) -> list[PeriodTotalsNode]:
        rows = await self._compute(period_totals)
        return [PeriodTotalsNode(**_fields(row, _INCOME_AND_EXPENSE)) for row in rows]

    @strawberry.field(
        description="One row per (top-level category, kind, currency), sub-categories rolled up; "
        'uncategorized records form a row named "Uncategorized" with a null category.'
    )
    async def by_category(self) -> list[CategoryTotalsNode]:
        rows = await self._compute(category_totals)
        tree = await self.source.category_tree()
        return [CategoryTotalsNode.from_totals(row, tree) for row in rows]

    @strawberry.field(description="One row per account with activity, by account name.")
    async def by_account(self) -> list[AccountTotalsNode]:
        rows = await self._compute(account_totals)
        accounts = await self.source.accounts()
        return [AccountTotalsNode.from_totals(row, accounts[row.account_id]) for row in rows]

    @strawberry.field(
        description="Per non-archived account, the balance at the end of each period of the range. "
        "Of the filter only accountIds applies: a balance counts every record of its account."
    )
    async def balances(self) -> list[AccountBalanceSeriesNode]:
        rows = await self._compute(balance_series)
        accounts = await self.source.accounts()
        return [AccountBalanceSeriesNode.from_series(row, accounts[row.account_id]) for row in rows]

    @strawberry.field(
        description=f"The biggest payees first, per currency; limit 1 to {MAX_PAYEES} per currency. "
        "Records without a payee are left out."
    )
    async def by_payee(
        self, limit: int = 10, kind: RecordKindEnum = RecordKind.EXPENSE
    ) -> list[PayeeTotalsNode]:
        rows = await payee_totals(self.source, kind, limit)
        return [PayeeTotalsNode(**_fields(row, ("amount",))) for row in rows]

    @strawberry.field(
        description="Per currency, income and expense categories (sub-categories rolled up as in "
        "byCategory) with an amount for every period of the range: a months × categories table."
    )
    async def income_statement(self) -> list[IncomeStatementNode]:
        statements = await self._compute(income_statement)
        tree = await self.source.category_tree()
        return [IncomeStatementNode.from_statement(statement, tree) for statement in statements]
