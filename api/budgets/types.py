"""GraphQL types and inputs of the budgets domain."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry

from api.budgets.models import Budget, Rollover
from api.budgets.report import BudgetLine, BudgetReport, BudgetRow, BudgetTotal, Figures
from api.budgets.service import BudgetFields
from api.categories.service import load_categories_by_id
from api.categories.types import CategoryNode
from api.graphql.context import Info
from api.graphql.ids import parse_id
from api.graphql.scalars import CurrencyCode, Money, MoneyText, money_text

strawberry.enum(
    Rollover, name="Rollover",
    description="NONE: each month starts afresh. CARRY: what is left carries into the next month, "
    "and so does an overspend (as a negative amount).",
)
RolloverEnum = Rollover  # the domain enum, decorated in place above


@strawberry.type(name="Budget")
class BudgetNode:
    """A budget row: for one month, or a default from its month on until a later default."""

    id: strawberry.ID
    category_id: strawberry.ID
    currency: CurrencyCode = strawberry.field(description="Only expenses in this currency count.")
    month: datetime.date = strawberry.field(description="The first day of the (first) month.")
    repeats: bool = strawberry.field(
        description="true: a default from this month on, until a later default; false: this month only, "
        "instead of the default."
    )
    amount: MoneyText
    rollover: RolloverEnum

    @strawberry.field
    async def category(self, info: Info) -> CategoryNode:
        category = await info.context.loader(load_categories_by_id).load(int(self.category_id))
        return CategoryNode.from_model(category)

    @classmethod
    def from_model(cls, budget: Budget | BudgetRow) -> BudgetNode:
        """Translate the ORM object, or the plain row a report read."""
        return cls(
            id=strawberry.ID(str(budget.id)),
            category_id=strawberry.ID(str(budget.category_id)),
            currency=CurrencyCode(budget.currency),
            month=budget.month,
            repeats=budget.repeats,
            amount=money_text(budget.amount_minor, budget.currency),
            rollover=budget.rollover,
        )


@strawberry.input
class SetBudgetInput:
    """A budget for an expense category; setting the same category, currency, month and repeats again
    replaces the amount and rollover."""

    category_id: strawberry.ID
    currency: CurrencyCode
    month: datetime.date = strawberry.field(description="Any day of the month; stored as its first day.")
    amount: Money = strawberry.field(description="Zero or more.")
    repeats: bool = strawberry.field(default=True, description="false: for this month only.")
    rollover: RolloverEnum = Rollover.NONE

    def to_fields(self, path: str) -> BudgetFields:
        """The service-level fields; a bad ID is named by its input path."""
        return BudgetFields(
            category_id=parse_id(self.category_id, f"{path}.categoryId"),
            currency=self.currency,
            month=self.month,
            amount=self.amount,
            repeats=self.repeats,
            rollover=self.rollover,
        )


@strawberry.type(name="BudgetFigures")
class FiguresNode:
    """A month's figures of a budget line or of a currency's total."""

    budgeted: MoneyText
    carried_over: MoneyText = strawberry.field(
        description="From last month (rollover CARRY); negative after an overspend."
    )
    available: MoneyText = strawberry.field(description="budgeted + carriedOver.")
    spent: MoneyText = strawberry.field(
        description="Expenses of the category and its sub-categories, refunds netted."
    )
    remaining: MoneyText = strawberry.field(description="available - spent; negative once overspent.")
    percent_used: Decimal | None = strawberry.field(
        description="spent / available in percent, one decimal; null when nothing is available."
    )
    projected: MoneyText = strawberry.field(
        description="Spending at the end of the month at the pace so far (spent / days elapsed x days in "
        "month); the actual spending for a past month, zero for a future one."
    )
    projected_overspend: bool = strawberry.field(description="projected > available.")

    @classmethod
    def from_figures(cls, figures: Figures, currency: str) -> FiguresNode:
        """Translate the report's minor units."""
        return cls(
            budgeted=money_text(figures.budgeted_minor, currency),
            carried_over=money_text(figures.carried_minor, currency),
            available=money_text(figures.available_minor, currency),
            spent=money_text(figures.spent_minor, currency),
            remaining=money_text(figures.remaining_minor, currency),
            percent_used=figures.percent_used,
            projected=money_text(figures.projected_minor, currency),
            projected_overspend=figures.projected_overspend,
        )


@strawberry.type(name="BudgetLine")
class BudgetLineNode:
    """One category's budget in the report's month."""

    budget: BudgetNode = strawberry.field(description="The budget row in effect in this month.")
    currency: CurrencyCode
    figures: FiguresNode
    counted_in_total: bool = strawberry.field(
        description="false when a parent category has a budget in the same currency: the parent's line "
        "already counts this spending."
    )

    @classmethod
    def from_line(cls, line: BudgetLine) -> BudgetLineNode:
        """Translate one report line."""
        return cls(
            budget=BudgetNode.from_model(line.budget),
            currency=CurrencyCode(line.budget.currency),
            figures=FiguresNode.from_figures(line.figures, line.budget.currency),
            counted_in_total=line.counted_in_total,
        )


@strawberry.type(name="BudgetTotal")
class BudgetTotalNode:
    """All budgets of one currency, each expense counted once."""

    currency: CurrencyCode
    figures: FiguresNode

    @classmethod
    def from_total(cls, total: BudgetTotal) -> BudgetTotalNode:
        """Translate one currency's total."""
        figures = FiguresNode.from_figures(total.figures, total.currency)
        return cls(currency=CurrencyCode(total.currency), figures=figures)


@strawberry.type(name="BudgetReport")
class BudgetReportNode:
    """A month's budgets against the spending, from the roll-ups."""

    month: datetime.date
    today: datetime.date = strawberry.field(description="Today in your time zone, which sets the pace.")
    days_in_month: int
    days_elapsed: int = strawberry.field(description="Days of the month up to and including today.")
    lines: list[BudgetLineNode] = strawberry.field(description="By category full name, then currency.")
    totals: list[BudgetTotalNode] = strawberry.field(description="One per currency.")

    @strawberry.field(description="The lines projected to end the month above what is available.")
    def overspending(self) -> list[BudgetLineNode]:
        return [line for line in self.lines if line.figures.projected_overspend]

    @classmethod
    def from_report(cls, report: BudgetReport) -> BudgetReportNode:
        """Translate the report."""
        pace = report.pace
        return cls(
            month=pace.month, today=pace.today, days_in_month=pace.days_in_month,
            days_elapsed=pace.days_elapsed,
            lines=[BudgetLineNode.from_line(line) for line in report.lines],
            totals=[BudgetTotalNode.from_total(total) for total in report.totals],
        )
