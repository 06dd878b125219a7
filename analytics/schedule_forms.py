"""The schedule form's values as a ScheduleInput, a schedule as the form's values, and plain error messages.

The dashboard's form hands over what people chose (labels, typed text, dates); `schedule_input`
checks it and says what is missing in words ("Choose an account", "Enter an amount like 12.50")
before anything is sent; `plain_error` does the same for what the API still refuses.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from analytics.amount_input import AmountError, amount_example, amount_field_text, read_positive_amount
from analytics.errors import (
    ApiError,
    AuthenticationError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TransportError,
)
from analytics.schedules import ordinal

KINDS = {"Expense": "expense", "Income": "income", "Transfer": "transfer"}
UNITS = {"weeks": "WEEK", "months": "MONTH", "years": "YEAR"}
SAME_DAY = "Same day as the first date"
LAST_DAY = "Last day of the month"
NEVER, ON_A_DATE, AFTER_A_NUMBER = "Never", "On a date", "After a number of times"
ENDS = (NEVER, ON_A_DATE, AFTER_A_NUMBER)
MAX_EVERY = 99
MAX_COUNT = 10_000


def day_choices() -> list[str]:
    """The choices of the day-of-month picker: the first date's day, the 1st to the 31st, the last day."""
    return [SAME_DAY, *(ordinal(day) for day in range(1, 32)), LAST_DAY]


def account_choices(accounts: pl.DataFrame) -> dict[str, int]:
    """Accounts as the pickers list them: "Main checking (EUR)" -> id (archived ones left out)."""
    active = accounts.filter(~pl.col("archived")) if "archived" in accounts.columns else accounts
    rows = active.iter_rows(named=True)
    return {f"{row['account']} ({row['currency']})": row["account_id"] for row in rows}


def category_choices(categories: pl.DataFrame) -> dict[str, int]:
    """Categories as the picker lists them, expense ones first: "Food / Groceries (expense)" -> id."""
    ordered = categories.sort(pl.col("kind") != "expense", "full_name")
    rows = ordered.iter_rows(named=True)
    return {f"{row['full_name']} ({row['kind']})": row["category_id"] for row in rows}


def _money_text(amount: Decimal) -> str:
    return format(amount, "f")


def _currency_of(accounts: pl.DataFrame, account_id: int | None) -> str | None:
    if account_id is None:
        return None
    matches = accounts.filter(pl.col("account_id") == account_id)["currency"]
    return matches[0] if len(matches) else None


def _recurrence(values: Mapping[str, Any], start_on: date, problems: list[str]) -> dict[str, Any]:
    """Frequency, every, day of month, end date and count from the form, or the problems with them."""
    every = values.get("every")
    if every is None or every != int(every) or not 1 <= every <= MAX_EVERY:
        problems.append(f"Repeat every 1 to {MAX_EVERY} weeks, months or years")
        every = 1
    frequency = UNITS.get(values.get("unit") or "", "MONTH")
    day = values.get("day") or SAME_DAY
    monthly = frequency == "MONTH"
    recurrence: dict[str, Any] = {
        "frequency": frequency, "every": int(every),
        "dayOfMonth": int(re.sub(r"\D", "", day)) if monthly and day not in (SAME_DAY, LAST_DAY) else None,
        "lastDayOfMonth": monthly and day == LAST_DAY, "endOn": None, "count": None,
    }
    ends = values.get("ends") or NEVER
    if ends == ON_A_DATE:
        end_on = values.get("end_on")
        if end_on is None:
            problems.append("Choose the last date")
        elif end_on < start_on:
            problems.append("The last date must not be before the first date")
        recurrence["endOn"] = end_on
    elif ends == AFTER_A_NUMBER:
        count = values.get("count")
        if count is None or count != int(count) or not 1 <= count <= MAX_COUNT:
            problems.append(f"Enter how many times, from 1 to {MAX_COUNT:,}")
        else:
            recurrence["count"] = int(count)
    return recurrence


def _transfer(values: Mapping[str, Any], accounts: pl.DataFrame, account_id: int | None,
              problems: list[str], mark: str) -> dict[str, Any]:
    """A transfer's destination (and what arrives, between currencies), or the problems with them."""
    counterpart = values.get("counterpart")
    if counterpart is None:
        problems.append("Choose the account the money goes to")
        return {}
    if counterpart == account_id:
        problems.append("Choose another account for the money to go to")
        return {}
    fields: dict[str, Any] = {"counterpartAccountId": str(counterpart)}
    arriving = _currency_of(accounts, counterpart)
    if arriving is not None and arriving != _currency_of(accounts, account_id):
        try:
            arrives = read_positive_amount(values.get("counterpart_amount") or "", mark, arriving)
            fields["counterpartAmount"] = _money_text(arrives)
        except AmountError:
            problems.append(f"Enter how much {arriving} arrives, like {amount_example(mark, arriving)}")
    return fields


def _category(
    values: Mapping[str, Any], categories: pl.DataFrame, kind: str, problems: list[str]
) -> str | None:
    category_id = values.get("category")
    if category_id is None or kind == "transfer":  # the form says transfers take none
        return None
    kinds = categories.filter(pl.col("category_id") == category_id)["kind"]
    if len(kinds) and kinds[0] != kind:
        wanted = ("an expense category for an expense" if kind == "expense"
                  else "an income category for income")
        problems.append(f"Choose {wanted}, or none")
    return str(category_id)


def schedule_input(
    values: Mapping[str, Any], accounts: pl.DataFrame, categories: pl.DataFrame, mark: str = "."
) -> tuple[dict[str, Any] | None, list[str]]:
    """The form's values (amounts with the user's decimal `mark`) as a ScheduleInput (every field given, so
    an update clears what is left empty), or None and what to fix, in words."""
    problems: list[str] = []
    kind = KINDS.get(values.get("kind") or "", "expense")
    account_id = values.get("account")
    currency = _currency_of(accounts, account_id)
    if account_id is None:
        problems.append("Choose an account")
    payee = (values.get("payee") or "").strip()
    if not payee:
        problems.append("Enter a payee, like Netflix or Landlord")
    amount = None
    try:
        amount = read_positive_amount(values.get("amount") or "", mark, currency)
    except AmountError as problem:
        problems.append(str(problem))
    start_on = values.get("start_on")
    if start_on is None:
        problems.append("Choose the first date")
        start_on = date.min
    schedule: dict[str, Any] = {
        "accountId": None if account_id is None else str(account_id),
        "kind": kind.upper(),
        "amount": None if amount is None else _money_text(amount),
        "estimated": bool(values.get("estimated")),
        "payee": payee,
        "description": (values.get("description") or "").strip(),
        "startOn": start_on.isoformat(),
        "categoryId": _category(values, categories, kind, problems),
        "counterpartAccountId": None,
        "counterpartAmount": None,
        **_recurrence(values, start_on, problems),
    }
    if kind == "transfer":
        schedule |= _transfer(values, accounts, account_id, problems, mark)
    if schedule["endOn"] is not None:
        schedule["endOn"] = schedule["endOn"].isoformat()
    return (None, problems) if problems else (schedule, [])


def form_values(row: Mapping[str, Any] | None, today: date, mark: str = ".") -> dict[str, Any]:
    """A schedules row as the form's starting values, amounts with the user's decimal `mark` (a new
    schedule: a monthly expense from today)."""
    if row is None:
        return {"kind": "Expense", "payee": "", "amount": "", "estimated": False, "account": None,
                "category": None, "counterpart": None, "counterpart_amount": "", "start_on": today,
                "every": 1, "unit": "months", "day": SAME_DAY, "ends": NEVER, "end_on": today, "count": None,
                "description": ""}
    counterpart_amount = row.get("counterpart_amount")
    day = LAST_DAY if row["last_day_of_month"] else (
        ordinal(row["day_of_month"]) if row["day_of_month"] is not None else SAME_DAY
    )
    ends = AFTER_A_NUMBER if row["count"] is not None else ON_A_DATE if row["end_on"] is not None else NEVER
    arriving = "" if counterpart_amount is None else _money_text(counterpart_amount).replace(".", mark)
    return {
        "kind": row["kind"].title(), "payee": row["payee"],
        "amount": amount_field_text(row["amount"], row["currency"], mark),
        "estimated": row["estimated"], "account": row["account_id"], "category": row["category_id"],
        "counterpart": row["counterpart_account_id"], "counterpart_amount": arriving,
        "start_on": row["start_on"], "every": row["every"],
        "unit": {"week": "weeks", "month": "months", "year": "years"}[row["frequency"]], "day": day,
        "ends": ends, "end_on": row["end_on"] or row["start_on"], "count": row["count"],
        "description": row["description"],
    }


def restoring_values(row: Mapping[str, Any], mark: str = ".") -> dict[str, Any] | None:
    """The form's values that bring a deleted schedule back (Undo): from its next due date on, so the
    records it made are not made again, on the same dates as before, a count keeping what was left.
    None for a schedule that had ended: it had nothing left to add.

    A yearly schedule of 29 February continues on the 28th (a day of month is for monthly ones only).
    """
    next_due_on = row["next_due_on"]
    if next_due_on is None:
        return None
    values = form_values(row, next_due_on, mark) | {"start_on": next_due_on}
    if row["frequency"] == "month" and values["day"] == SAME_DAY:
        values["day"] = ordinal(row["start_on"].day)  # not the next date's: 28 Feb for a schedule on the 31st
    if row["count"] is not None:
        values["count"] = row["count"] - _occurrences_before(row, next_due_on)
    return values


def _occurrences_before(row: Mapping[str, Any], due_on: date) -> int:
    """How many of the schedule's dates come before `due_on`, one of them (as the API counts them: from
    the start's week or month, skipping a first monthly date that falls before the start)."""
    start_on, every = row["start_on"], row["every"]
    if row["frequency"] == "week":
        return (due_on - start_on).days // (7 * every)
    months = (due_on.year - start_on.year) * 12 + due_on.month - start_on.month
    steps = months // (every * (12 if row["frequency"] == "year" else 1))
    return steps - (1 if row["frequency"] == "month" and _first_day_in_start_month(row) < start_on.day else 0)


def _first_day_in_start_month(row: Mapping[str, Any]) -> int:
    """The day a monthly schedule falls on in its start's month."""
    start_on = row["start_on"]
    last_day = calendar.monthrange(start_on.year, start_on.month)[1]
    if row["last_day_of_month"]:
        return last_day
    return min(row["day_of_month"] or start_on.day, last_day)


_FIELD_MESSAGES = {
    "accountId": "Choose an account",
    "amount": "Enter an amount greater than zero, like 12.50",
    "startOn": "Choose a first date within the last year (older records: import them)",
    "endOn": "The last date must not be before the first date",
    "count": f"Enter how many times, from 1 to {MAX_COUNT:,}",
    "every": f"Repeat every 1 to {MAX_EVERY} weeks, months or years",
    "dayOfMonth": "A day of the month is for monthly schedules only",
    "lastDayOfMonth": "The last day of the month is for monthly schedules only",
    "categoryId": "Choose a category of the schedule's kind (an expense category for an expense), or none",
    "counterpartAccountId": "Choose another account for the money to go to",
    "counterpartAmount": "Enter how much arrives in the other account's currency, like 108.50",
}


def plain_error(error: ApiError) -> str:
    """What went wrong, in words a person can act on (never the API's raw message alone)."""
    if isinstance(error, NotFoundError):
        return "It is no longer there (deleted or accepted in another window). The page shows what is left."
    if isinstance(error, AuthenticationError):
        return "Your session has ended. Reload the page and sign in again."
    if isinstance(error, RateLimitedError):
        return "Too many requests at once. Wait a moment and try again."
    if isinstance(error, ServerError):
        reference = f" (reference {error.request_id})" if error.request_id else ""
        return f"The server failed{reference}. Try again; if it keeps failing, report it."
    if isinstance(error, TransportError):
        return "The server did not answer. Check the connection and try again."
    field = (error.field or "").rsplit(".", 1)[-1]
    if field == "accountId" and "archived" in error.message:
        return "That account is archived: unarchive it on the Accounts page, or choose another"
    if field in ("payee", "description") and "characters" in error.message:
        return f"The {field} is too long: {error.message}"
    if field in _FIELD_MESSAGES:
        return _FIELD_MESSAGES[field]
    if "at most" in error.message and "schedules" in error.message:
        return "You have as many schedules as there can be. Delete one you no longer need first."
    return f"That was refused: {error.message}"
