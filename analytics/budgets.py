"""Budgets over the API: the month's report as frames, setting and deleting budgets, and the sentences
the dashboard's budget page says about them.

Amounts stay Decimals throughout; what people type is checked here first, so a mistake reads
"Enter an amount like 250 or 250.00" rather than the API's field path.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from analytics.amount_input import AmountError, amount_field_text, read_amount
from analytics.client import FinanceClient
from analytics.errors import ApiError, NotFoundError, TransportError
from analytics.formatting import format_money
from analytics.frames import MONEY, frame_from_rows, frame_schema
from analytics.page_memory import PageMemory

_FIGURES = "budgeted carriedOver available spent remaining percentUsed projected projectedOverspend"
_BUDGET = "id categoryId currency month repeats amount rollover category { fullName }"

BUDGET_REPORT = f"""
query BudgetReport($month: Date!) {{
  budgetReport(month: $month) {{
    month today daysInMonth daysElapsed
    lines {{ budget {{ {_BUDGET} }} currency countedInTotal figures {{ {_FIGURES} }} }}
    totals {{ currency figures {{ {_FIGURES} }} }}
  }}
}}
"""
BUDGETS = f"query Budgets {{ budgets {{ {_BUDGET} }} }}"
SET_BUDGET = f"mutation SetBudget($input: SetBudgetInput!) {{ setBudget(input: $input) {{ {_BUDGET} }} }}"
DELETE_BUDGET = "mutation DeleteBudget($id: ID!) { deleteBudget(id: $id) }"

ROLLOVER_CHOICES = {  # what people read -> the API's Rollover
    "Nothing carries over": "NONE",
    "Carry what is left (or overspent) into next month": "CARRY",
}

BUDGET_SCHEMA = frame_schema({
    "budget_id": pl.Int64,
    "category_id": pl.Int64,
    "category": pl.String,  # full name, "Food / Groceries"
    "currency": pl.String,
    "month": pl.Date,  # the first month the row applies to
    "repeats": pl.Boolean,  # a default from `month` on; false: that month only
    "amount": MONEY,
    "rollover": pl.String,  # "NONE" or "CARRY"
})
FIGURES_SCHEMA = frame_schema({
    "budgeted": MONEY,
    "carried_over": MONEY,
    "available": MONEY,  # budgeted + carried over
    "spent": MONEY,  # refunds netted, sub-categories included
    "remaining": MONEY,
    "percent_used": MONEY,  # null when nothing is available
    "projected": MONEY,
    "projected_overspend": pl.Boolean,
})
LINES_SCHEMA = frame_schema({**BUDGET_SCHEMA, **FIGURES_SCHEMA, "counted_in_total": pl.Boolean})
TOTALS_SCHEMA = frame_schema({"currency": pl.String, **FIGURES_SCHEMA})


@dataclass(frozen=True)
class BudgetReport:
    """One month's budget report: a line per budgeted category and currency, and totals per currency."""

    month: date
    today: date
    days_in_month: int
    days_elapsed: int
    lines: pl.DataFrame  # LINES_SCHEMA, by category then currency
    totals: pl.DataFrame  # TOTALS_SCHEMA

    @property
    def overspending(self) -> pl.DataFrame:
        """The lines projected to end the month above what is available."""
        return self.lines.filter(pl.col("projected_overspend"))


class BudgetInputError(ValueError):
    """A budget the page cannot set or delete, with a message to show as it is."""


def month_start(day: date) -> date:
    """The first day of the day's month."""
    return day.replace(day=1)


def shift_month(month: date, months: int) -> date:
    """The first day of the month `months` after (or before) the month of `month`."""
    year, index = divmod(month.year * 12 + month.month - 1 + months, 12)
    return date(year, index + 1, 1)


def month_name(month: date) -> str:
    """ "November 2026"."""
    return f"{calendar.month_name[month.month]} {month.year}"


def short_month_name(month: date) -> str:
    """ "Nov 2026" (the month picker's buttons, which must fit a phone's width)."""
    return f"{calendar.month_abbr[month.month]} {month.year}"


def _budget_row(node: dict[str, Any]) -> dict[str, Any]:
    return {
        "budget_id": int(node["id"]), "category_id": int(node["categoryId"]),
        "category": node["category"]["fullName"], "currency": node["currency"],
        "month": date.fromisoformat(node["month"]), "repeats": node["repeats"],
        "amount": Decimal(node["amount"]), "rollover": node["rollover"],
    }


def _figures_row(figures: dict[str, Any]) -> dict[str, Any]:
    percent = figures["percentUsed"]
    return {
        "budgeted": Decimal(figures["budgeted"]), "carried_over": Decimal(figures["carriedOver"]),
        "available": Decimal(figures["available"]), "spent": Decimal(figures["spent"]),
        "remaining": Decimal(figures["remaining"]),
        "percent_used": None if percent is None else Decimal(percent),
        "projected": Decimal(figures["projected"]), "projected_overspend": figures["projectedOverspend"],
    }


def budget_report(client: FinanceClient, month: date) -> BudgetReport:
    """The report of the month holding `month`, as the API computes it (today in the user's time zone)."""
    answer = client.execute(BUDGET_REPORT, {"month": month})["budgetReport"]
    lines = [
        {**_budget_row(line["budget"]), **_figures_row(line["figures"]),
         "counted_in_total": line["countedInTotal"]}
        for line in answer["lines"]
    ]
    totals = [{"currency": total["currency"], **_figures_row(total["figures"])} for total in answer["totals"]]
    return BudgetReport(
        month=date.fromisoformat(answer["month"]), today=date.fromisoformat(answer["today"]),
        days_in_month=answer["daysInMonth"], days_elapsed=answer["daysElapsed"],
        lines=frame_from_rows(lines, LINES_SCHEMA), totals=frame_from_rows(totals, TOTALS_SCHEMA),
    )


def month_report(client: FinanceClient, month: date | None) -> BudgetReport:
    """The report of `month`, or with None of the month holding the user's today (in their time zone,
    which may be a day off the server's)."""
    report = budget_report(client, month or date.today())
    if month is None and report.month != month_start(report.today):
        report = budget_report(client, report.today)
    return report


def budgets(client: FinanceClient) -> pl.DataFrame:
    """Every budget row the user set (defaults and single months), by category, currency and month."""
    nodes = client.execute(BUDGETS)["budgets"]
    return frame_from_rows([_budget_row(node) for node in nodes], BUDGET_SCHEMA)


AMOUNT_HINT = "Enter an amount like 250 or 250.00"


def repeat_choices(month: date) -> dict[str, bool]:
    """The form's "Applies to" choices: a default from the month on, or that month only."""
    return {f"Every month from {month_name(month)} on": True, f"{month_name(month)} only": False}


def parse_amount(text: str, currency: str, mark: str = ".") -> Decimal:
    """A budget amount as every form reads amounts (`read_amount`, with the user's decimal `mark`): 0 or
    more, since a budget of 0 says "nothing to spend here"."""
    try:
        amount = read_amount(text, mark, currency)
    except AmountError as problem:
        raise BudgetInputError(str(problem)) from None
    if amount < 0:
        raise BudgetInputError("A budget cannot be negative: enter 0 or more.")
    return amount


def plain_error(error: ApiError) -> str:
    """What a refused budget write means, in words for the page (never the API's field path)."""
    field = error.field or ""
    if isinstance(error, NotFoundError):
        return "That budget or category no longer exists; it may have been deleted in another tab"
    if isinstance(error, TransportError):
        return "The server did not answer; try again in a moment"
    if field.endswith("amount") and not ("negative" in error.message or "decimal places" in error.message):
        return AMOUNT_HINT
    if field.endswith("categoryId"):
        return "Budgets are for expense categories: choose one of those"
    if field.endswith("currency"):
        return "Choose the currency of one of your accounts"
    message = error.message.split(": ", 1)[-1] if field else error.message
    return message[:1].upper() + message[1:] if message else "The budget could not be saved; try again"


def set_budget(
    client: FinanceClient, *, category_id: int, currency: str, month: date, amount: str,
    rollover: str = "NONE", repeats: bool = True, mark: str = ".",
) -> dict[str, Any]:
    """Set a budget from what was typed (with the user's decimal `mark`): a default from `month` on
    (`repeats`) or that month only.

    Returns the budget as a BUDGET_SCHEMA row; BudgetInputError says in words what was wrong.
    """
    value = parse_amount(amount, currency, mark)
    budget_input = {
        "categoryId": str(category_id), "currency": currency, "month": month_start(month),
        "amount": value, "rollover": rollover, "repeats": repeats,
    }
    try:
        return _budget_row(client.execute(SET_BUDGET, {"input": budget_input})["setBudget"])
    except ApiError as error:
        raise BudgetInputError(plain_error(error)) from error


def change_budget(
    client: FinanceClient, line: dict[str, Any], month: date, *, amount: str, rollover: str, repeats: bool,
    mark: str = ".",
) -> dict[str, Any]:
    """Change the budget of a report line from `month` on (`repeats`) or for that month only.

    Earlier months keep what they had. A one-month budget turned into a repeating one is replaced: its
    row would otherwise still override the new default in this month.
    """
    budget = set_budget(client, category_id=line["category_id"], currency=line["currency"], month=month,
                        amount=amount, rollover=rollover, repeats=repeats, mark=mark)
    if repeats and not line["repeats"]:
        delete_budget(client, line["budget_id"])
    return budget


def restore_budget(client: FinanceClient, row: dict[str, Any]) -> dict[str, Any]:
    """Set a deleted budget row (BUDGET_SCHEMA) again as it was: its months, amount and rollover."""
    return set_budget(client, category_id=row["category_id"], currency=row["currency"], month=row["month"],
                      amount=amount_field_text(row["amount"], row["currency"]), rollover=row["rollover"],
                      repeats=row["repeats"])


def delete_budget(client: FinanceClient, budget_id: int) -> None:
    """Delete one budget row; BudgetInputError when it cannot be."""
    try:
        client.execute(DELETE_BUDGET, {"id": str(budget_id)})
    except ApiError as error:
        raise BudgetInputError(plain_error(error)) from error


def _money(row: dict[str, Any], column: str) -> str:
    return format_money(row[column], row["currency"])


def line_sentence(row: dict[str, Any]) -> str:
    """ "245.30 EUR spent of 400.00 EUR · 154.70 EUR left" (or "… 20.00 EUR over"); refunds above the
    spending read "15.00 EUR more refunded than spent of …"."""
    spent_amount: Decimal = row["spent"]
    if spent_amount < 0:
        refunded = format_money(-spent_amount, row["currency"])
        spent = f"{refunded} more refunded than spent of {_money(row, 'available')}"
    else:
        spent = f"{_money(row, 'spent')} spent of {_money(row, 'available')}"
    remaining: Decimal = row["remaining"]
    left = format_money(abs(remaining), row["currency"])
    return f"{spent} · {left} over" if remaining < 0 else f"{spent} · {left} left"


def percent_text(row: dict[str, Any]) -> str:
    """ "61 % used", or what the line has when nothing is available."""
    percent = row["percent_used"]
    if percent is None:
        return "nothing available" if row["spent"] <= 0 else "spent with nothing available"
    return f"{percent:.0f} % used"


def budget_scope(row: dict[str, Any], month: date) -> str:
    """Which months a line's budget row covers, seen from `month`: "every month since March 2026"."""
    if not row["repeats"]:
        return f"{month_name(month)} only"
    if row["month"] == month_start(month):
        return f"every month from {month_name(month)} on"
    return f"every month since {month_name(row['month'])}"


def delete_consequence(row: dict[str, Any], month: date) -> str:
    """What deleting a line's budget row does, said before the button is pressed."""
    if not row["repeats"]:
        return f"Deleting removes the {month_name(month)} budget; a repeating one, if set, applies again."
    return f"Deleting removes this budget from {budget_scope(row, month)}."


def budget_terms(row: dict[str, Any], month: date) -> str:
    """How the budget applies: "Every month since March 2026 · what is left carries over"."""
    scope = budget_scope(row, month)
    applies = scope[:1].upper() + scope[1:]
    carry = "what is left carries over" if row["rollover"] == "CARRY" else "nothing carries over"
    carried: Decimal = row["carried_over"]
    if carried:
        sign = "+" if carried > 0 else "−"
        carry += f" ({sign}{format_money(abs(carried), row['currency'])} from last month)"
    return f"{applies} · {carry}"


def overspend_sentence(row: dict[str, Any], report: BudgetReport) -> str:
    """ "Food: on pace to spend 520.00 EUR by 30 November, 120.00 EUR more than the 400.00 EUR available."

    For a month that is over: "Food: spent 520.00 EUR, 120.00 EUR more than …".
    """
    over = format_money(row["projected"] - row["available"], row["currency"])
    if row["available"] <= 0:
        verb = "spent" if month_is_over(report) else "on pace to spend"
        return (f"{row['category']}: {verb} {_money(row, 'projected')} with {_money(row, 'available')} "
                "available (an earlier overspend carried over)." if row["available"] < 0 else
                f"{row['category']}: {verb} {_money(row, 'projected')} with nothing available.")
    if month_is_over(report):
        return f"{row['category']}: spent {_money(row, 'projected')}, {over} more than the " \
               f"{_money(row, 'available')} available."
    end = report.month.replace(day=report.days_in_month)
    return (f"{row['category']}: on pace to spend {_money(row, 'projected')} by {end:%-d %B}, "
            f"{over} more than the {_money(row, 'available')} available.")


def on_track_sentence(report: BudgetReport) -> str:
    """What the warning list says when it is empty."""
    if month_is_over(report):
        return f"No budget was overspent in {month_name(report.month)}."
    return f"No budget is on pace to overspend in {month_name(report.month)}."


def total_sentence(row: dict[str, Any]) -> str:
    """One currency's total: "In EUR: 1,245.30 EUR spent of 2,000.00 EUR · 754.70 EUR left"."""
    return f"In {row['currency']}: {line_sentence(row)}"


def month_is_over(report: BudgetReport) -> bool:
    """Whether the report's month ended before today (its figures are final)."""
    return report.today > report.month.replace(day=report.days_in_month)


def month_progress(report: BudgetReport) -> str:
    """Where the month stands: "Day 12 of 30: …", "This month is over: …" or "… has not started yet"."""
    if report.days_elapsed == 0:
        return "This month has not started yet: nothing is spent or projected."
    if month_is_over(report):
        return "This month is over: the figures are final."
    return f"Day {report.days_elapsed} of {report.days_in_month}: projections follow the pace so far."


def chart_text(lines: pl.DataFrame) -> list[str]:
    """The budget-vs-actual chart as sentences, one per line: its text alternative."""
    return [
        f"{row['category']} ({row['currency']}): {line_sentence(row)}, {percent_text(row)}; "
        f"projected {_money(row, 'projected')}."
        for row in lines.iter_rows(named=True)
    ]


def budget_rows_markdown(rows: pl.DataFrame) -> str:
    """Every budget row (BUDGET_SCHEMA) as a Markdown table: which months it covers, its amount, rollover."""
    lines = ["| Category | Months | Amount | At the month's end |", "|:---|:---|---:|:---|"]
    for row in rows.sort("category", "currency", "month").iter_rows(named=True):
        months = f"From {month_name(row['month'])}" if row["repeats"] else f"{month_name(row['month'])} only"
        carry = "Carries over" if row["rollover"] == "CARRY" else "Nothing carries over"
        category = row["category"].replace("|", "\\|")
        lines.append(f"| {category} | {months} | {_money(row, 'amount')} | {carry} |")
    return "\n".join(lines)


def expense_categories(categories: pl.DataFrame) -> dict[str, int]:
    """Expense categories as the budget form lists them: full name -> id."""
    rows = categories.filter(pl.col("kind") == "expense").sort("full_name").iter_rows(named=True)
    return {row["full_name"]: row["category_id"] for row in rows}


def form_problem(values: dict[str, Any] | None, mark: str = ".") -> str | None:
    """What is wrong with the budget form as submitted (its raw values: choices as lists of labels; amounts
    with the user's decimal `mark`), or None; the form shows it and keeps what was typed."""
    if not values:
        return None
    if not values.get("category"):
        return "Choose a category"
    currency = values.get("currency") or ""
    currency = currency[0] if isinstance(currency, list) and currency else currency
    if not currency:
        return "Choose a currency"
    try:
        parse_amount(str(values.get("amount") or ""), str(currency), mark)
    except BudgetInputError as problem:
        return str(problem)
    return None


@dataclass
class BudgetMemory(PageMemory):
    """What the Budgets page keeps besides what its last write did: a write re-runs every cell of an
    embedded page (the dashboard passes it a new revision), which would reset marimo state to this month."""

    month: date | None = None
    deleted: dict[str, Any] | None = None  # the budget row just deleted, which Undo sets again
