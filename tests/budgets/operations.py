"""GraphQL operations, records factories and a direct report call shared by the budget tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.budgets.report import BudgetReport, budget_report
from api.config import Settings
from tests.conftest import GraphQL
from tests.ledger.conftest import Ledger
from tests.records.operations import CREATE_RECORDS, record_input

BUDGET_FIELDS = "id categoryId currency month repeats amount rollover category { id name }"
BUDGETS = f"{{ budgets {{ {BUDGET_FIELDS} }} }}"
SET_BUDGET = f"mutation($input: SetBudgetInput!) {{ setBudget(input: $input) {{ {BUDGET_FIELDS} }} }}"
DELETE_BUDGET = "mutation($id: ID!) { deleteBudget(id: $id) }"
FIGURES = (
    "figures { budgeted carriedOver available spent remaining percentUsed projected projectedOverspend }"
)
BUDGET_REPORT = f"""
query($month: Date!) {{
  budgetReport(month: $month) {{
    month today daysInMonth daysElapsed
    lines {{ budget {{ id categoryId }} currency countedInTotal {FIGURES} }}
    totals {{ currency {FIGURES} }}
    overspending {{ budget {{ categoryId }} }}
  }}
}}
"""
ME = "{ me { id timeZone } }"
UPDATE_PROFILE = "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id timeZone } }"


def set_budget(user: GraphQL, category_id: str, amount: str, month: str, **fields: Any) -> dict[str, Any]:
    """Set a EUR budget (a repeating default without rollover unless told otherwise) and return it."""
    budget_input = {"categoryId": category_id, "currency": "EUR", "amount": amount, "month": month, **fields}
    return user.ok(SET_BUDGET, {"input": budget_input})["setBudget"]


def spend(user: GraphQL, account: dict[str, Any], category_id: str, *amounts_by_day: tuple[str, str]) -> None:
    """Create expenses (date, amount) in the category, in one batch."""
    inputs = [record_input(account, categoryId=category_id, date=day, amount=amount)
              for day, amount in amounts_by_day]
    user.ok(CREATE_RECORDS, {"inputs": inputs})


def user_id(user: GraphQL) -> int:
    """The signed-in user's id."""
    return int(user.ok(ME)["me"]["id"])


def report_at(settings: Settings, user: GraphQL, month: date, today: date) -> BudgetReport:
    """The service's report with `today` frozen, read beside the API."""
    owner = user_id(user)

    async def build(session: AsyncSession) -> BudgetReport:
        return await budget_report(session, owner, month, today)

    return Ledger(settings).run(build)


def figures_of(report: BudgetReport, category_id: str, currency: str = "EUR") -> dict[str, Any]:
    """One line's figures as Decimals of EUR cents / 100, with its flags."""
    line = next(line for line in report.lines
                if line.budget.category_id == int(category_id) and line.budget.currency == currency)
    figures = line.figures
    return {
        "budgeted": Decimal(figures.budgeted_minor) / 100,
        "carried": Decimal(figures.carried_minor) / 100,
        "spent": Decimal(figures.spent_minor) / 100,
        "remaining": Decimal(figures.remaining_minor) / 100,
        "projected": Decimal(figures.projected_minor) / 100,
        "percent": figures.percent_used,
        "overspend": figures.projected_overspend,
        "counted": line.counted_in_total,
    }
