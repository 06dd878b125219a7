"""Recurring records over the API: schedules, what they will create, and the schedules history suggests.

Functions take a signed-in FinanceClient and hand back polars frames (amounts exact, `MONEY`);
the wording people read (a cadence in words, when a schedule ends) is pure and tested directly.
Forms and their plain error messages live in `analytics.schedule_forms`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from analytics.client import FinanceClient
from analytics.date_format import DateFormat
from analytics.formatting import format_money
from analytics.frames import MONEY, frame_from_rows, frame_schema
from analytics.page_memory import PageMemory
from analytics.payloads import identifier, lower, money

SCHEDULE_FIELDS = """
  id kind amount currency estimated payee description frequency every dayOfMonth lastDayOfMonth
  startOn endOn count lastCreatedOn nextDueOn
  account { id name } category { id fullName } counterpartAccount { id name } counterpartAmount
"""

SCHEDULES = f"query Schedules {{ schedules {{ {SCHEDULE_FIELDS} }} }}"

CREATE_SCHEDULE = f"""
mutation CreateSchedule($input: ScheduleInput!) {{ createSchedule(input: $input) {{ {SCHEDULE_FIELDS} }} }}
"""

UPDATE_SCHEDULE = f"""
mutation UpdateSchedule($id: ID!, $input: UpdateScheduleInput!) {{
  updateSchedule(id: $id, input: $input) {{ {SCHEDULE_FIELDS} }}
}}
"""

DELETE_SCHEDULE = "mutation DeleteSchedule($id: ID!) { deleteSchedule(id: $id) }"

UPCOMING = """
query Upcoming($days: Int!) {
  upcoming(days: $days) {
    today
    records {
      date kind amount currency
      schedule { id payee estimated account { id name } category { fullName } counterpartAccount { name } }
    }
    balances { account { id name currency } points { date balance } }
  }
}
"""

SUGGESTIONS = """
query RecurringSuggestions {
  recurringSuggestions {
    id kind payee cadence frequency every typicalAmount currency occurrences lastDate nextExpectedDate
    account { id name } category { id fullName }
  }
}
"""

ACCEPT_SUGGESTION = f"""
mutation AcceptSuggestion($id: ID!, $estimated: Boolean!) {{
  acceptSuggestion(id: $id, estimated: $estimated) {{ {SCHEDULE_FIELDS} }}
}}
"""

DISMISS_SUGGESTION = "mutation DismissSuggestion($id: ID!) { dismissSuggestion(id: $id) }"

TODAY = "query Today { upcoming(days: 1) { today } }"

SCHEDULES_SCHEMA = frame_schema({
    "schedule_id": pl.Int64,
    "kind": pl.String,  # "income", "expense" or "transfer"
    "payee": pl.String,
    "description": pl.String,
    "amount": MONEY,  # always positive; the kind gives the direction
    "currency": pl.String,
    "estimated": pl.Boolean,
    "frequency": pl.String,  # "week", "month" or "year"
    "every": pl.Int64,
    "day_of_month": pl.Int64,  # monthly: the day; null: the start's day
    "last_day_of_month": pl.Boolean,
    "start_on": pl.Date,
    "end_on": pl.Date,
    "count": pl.Int64,
    "last_created_on": pl.Date,
    "next_due_on": pl.Date,  # null once the schedule has ended
    "account_id": pl.Int64,
    "account": pl.String,
    "category_id": pl.Int64,
    "category": pl.String,  # the full name, "Food / Groceries"
    "counterpart_account_id": pl.Int64,
    "counterpart_account": pl.String,
    "counterpart_amount": MONEY,
    "cadence": pl.String,  # in words: "monthly on the 31st (or the month's last day)"
})

UPCOMING_RECORDS_SCHEMA = frame_schema({
    "date": pl.Date,
    "schedule_id": pl.Int64,
    "payee": pl.String,
    "kind": pl.String,
    "amount": MONEY,
    "currency": pl.String,
    "estimated": pl.Boolean,
    "account": pl.String,
    "category": pl.String,  # a transfer's destination as "→ Savings"
})

PROJECTED_BALANCES_SCHEMA = frame_schema({
    "account_id": pl.Int64,
    "account": pl.String,
    "currency": pl.String,
    "date": pl.Date,
    "balance": MONEY,  # at the end of the day
})

SUGGESTIONS_SCHEMA = frame_schema({
    "suggestion_id": pl.String,
    "kind": pl.String,
    "payee": pl.String,
    "cadence": pl.String,  # in words: "monthly", "every 2 weeks"
    "frequency": pl.String,
    "every": pl.Int64,
    "typical_amount": MONEY,
    "currency": pl.String,
    "occurrences": pl.Int64,
    "last_date": pl.Date,
    "next_expected_date": pl.Date,
    "account_id": pl.Int64,
    "account": pl.String,
    "category": pl.String,
})

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
UNIT_WORDS = {"week": ("weekly", "weeks"), "month": ("monthly", "months"), "year": ("yearly", "years")}


@dataclass(frozen=True)
class Upcoming:
    """What the schedules will do over the next days: their records and each account's balance."""

    today: date
    days: int
    records: pl.DataFrame  # UPCOMING_RECORDS_SCHEMA, by date
    balances: pl.DataFrame  # PROJECTED_BALANCES_SCHEMA, per account and day from today


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st, 31st."""
    suffix = "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _repeats(unit: str, every: int) -> str:
    """ "monthly" or "every 3 months"."""
    adverb, plural = UNIT_WORDS[unit]
    return adverb if every == 1 else f"every {every} {plural}"


def cadence_words(
    frequency: str, every: int, start_on: date, day_of_month: int | None = None,
    last_day_of_month: bool = False,
) -> str:
    """A schedule's rhythm as people say it: "weekly on Friday", "monthly on the 31st (or the month's
    last day)", "every 3 months on the last day", "yearly on 29 February (28 February in other years)"."""
    unit = frequency.lower()
    repeats = _repeats(unit, every)
    if unit == "week":
        return f"{repeats} on {WEEKDAYS[start_on.weekday()]}"
    if unit == "month":
        if last_day_of_month:
            return f"{repeats} on the last day"
        day = day_of_month if day_of_month is not None else start_on.day
        shorter = " (or the month's last day)" if day >= 29 else ""
        return f"{repeats} on the {ordinal(day)}{shorter}"
    if (start_on.month, start_on.day) == (2, 29):
        return f"{repeats} on 29 February (28 February in other years)"
    return f"{repeats} on {start_on.day} {start_on:%B}"


def ends_words(end_on: date | None, count: int | None, next_due_on: date | None, dates: DateFormat) -> str:
    """When a schedule stops: "no end", "once", "12 times", "until 31 Dec 2027" (as `dates` writes it), or
    "ended"."""
    if next_due_on is None:
        return "ended"
    parts = []
    if count is not None:
        parts.append("once" if count == 1 else f"{count} times")
    if end_on is not None:
        parts.append(f"until {dates.long_day(end_on)}")
    return ", ".join(parts) or "no end"


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def schedule_row(node: dict[str, Any]) -> dict[str, Any]:
    """A schedules-frame row from a Schedule node."""
    account = node.get("account") or {}
    category = node.get("category") or {}
    counterpart = node.get("counterpartAccount") or {}
    start_on = date.fromisoformat(node["startOn"])
    return {
        "schedule_id": identifier(node["id"]),
        "kind": lower(node["kind"]),
        "payee": node["payee"],
        "description": node["description"],
        "amount": money(node["amount"]),
        "currency": node["currency"],
        "estimated": node["estimated"],
        "frequency": lower(node["frequency"]),
        "every": node["every"],
        "day_of_month": node["dayOfMonth"],
        "last_day_of_month": node["lastDayOfMonth"],
        "start_on": start_on,
        "end_on": _date(node["endOn"]),
        "count": node["count"],
        "last_created_on": _date(node["lastCreatedOn"]),
        "next_due_on": _date(node["nextDueOn"]),
        "account_id": identifier(account.get("id")),
        "account": account.get("name"),
        "category_id": identifier(category.get("id")),
        "category": category.get("fullName"),
        "counterpart_account_id": identifier(counterpart.get("id")),
        "counterpart_account": counterpart.get("name"),
        "counterpart_amount": money(node.get("counterpartAmount")),
        "cadence": cadence_words(node["frequency"], node["every"], start_on, node["dayOfMonth"],
                                 node["lastDayOfMonth"]),
    }


def today(client: FinanceClient) -> date:
    """Today in the user's time zone, as the server counts due dates."""
    return date.fromisoformat(client.execute(TODAY)["upcoming"]["today"])


def schedules(client: FinanceClient) -> pl.DataFrame:
    """The user's schedules, soonest next due date first (ended ones last)."""
    nodes = client.execute(SCHEDULES)["schedules"]
    return frame_from_rows([schedule_row(node) for node in nodes], SCHEDULES_SCHEMA)


def create_schedule(client: FinanceClient, schedule_input: dict[str, Any]) -> dict[str, Any]:
    """Add a schedule (a ScheduleInput, see `analytics.schedule_forms`); returns it as a schedules row."""
    return schedule_row(client.execute(CREATE_SCHEDULE, {"input": schedule_input})["createSchedule"])


def update_schedule(
    client: FinanceClient, schedule_id: int, schedule_input: dict[str, Any]
) -> dict[str, Any]:
    """Change a schedule (fields given as null are cleared: no end date, no count); returns the new row."""
    variables = {"id": str(schedule_id), "input": schedule_input}
    return schedule_row(client.execute(UPDATE_SCHEDULE, variables)["updateSchedule"])


def delete_schedule(client: FinanceClient, schedule_id: int) -> int:
    """Delete a schedule; the records it created stay. Returns its id."""
    return int(client.execute(DELETE_SCHEDULE, {"id": str(schedule_id)})["deleteSchedule"])


def _upcoming_record_row(node: dict[str, Any]) -> dict[str, Any]:
    schedule = node["schedule"]
    counterpart = schedule.get("counterpartAccount")
    category = (
        f"→ {counterpart['name']}" if counterpart is not None
        else (schedule.get("category") or {}).get("fullName")
    )
    return {
        "date": date.fromisoformat(node["date"]),
        "schedule_id": identifier(schedule["id"]),
        "payee": schedule["payee"],
        "kind": lower(node["kind"]),
        "amount": money(node["amount"]),
        "currency": node["currency"],
        "estimated": schedule["estimated"],
        "account": (schedule.get("account") or {}).get("name"),
        "category": category,
    }


def upcoming(client: FinanceClient, days: int) -> Upcoming:
    """The records the schedules will create over the next `days` days (1-366), and each active account's
    projected balance at the end of every day from today."""
    answer = client.execute(UPCOMING, {"days": days})["upcoming"]
    records = [_upcoming_record_row(node) for node in answer["records"]]
    balances = [
        {
            "account_id": identifier(series["account"]["id"]),
            "account": series["account"]["name"],
            "currency": series["account"]["currency"],
            "date": date.fromisoformat(point["date"]),
            "balance": money(point["balance"]),
        }
        for series in answer["balances"]
        for point in series["points"]
    ]
    return Upcoming(
        today=date.fromisoformat(answer["today"]),
        days=days,
        records=frame_from_rows(records, UPCOMING_RECORDS_SCHEMA),
        balances=frame_from_rows(balances, PROJECTED_BALANCES_SCHEMA),
    )


def suggestions(client: FinanceClient) -> pl.DataFrame:
    """Schedules the user's history suggests (payee, cadence, typical amount), not scheduled nor dismissed."""
    rows = [
        {
            "suggestion_id": node["id"],
            "kind": lower(node["kind"]),
            "payee": node["payee"],
            "cadence": _repeats(lower(node["frequency"]) or "month", node["every"]),
            "frequency": lower(node["frequency"]),
            "every": node["every"],
            "typical_amount": money(node["typicalAmount"]),
            "currency": node["currency"],
            "occurrences": node["occurrences"],
            "last_date": date.fromisoformat(node["lastDate"]),
            "next_expected_date": date.fromisoformat(node["nextExpectedDate"]),
            "account_id": identifier((node.get("account") or {}).get("id")),
            "account": (node.get("account") or {}).get("name"),
            "category": (node.get("category") or {}).get("fullName"),
        }
        for node in client.execute(SUGGESTIONS)["recurringSuggestions"]
    ]
    return frame_from_rows(rows, SUGGESTIONS_SCHEMA)


def accept_suggestion(client: FinanceClient, suggestion_id: str, estimated: bool = False) -> dict[str, Any]:
    """Create the schedule a suggestion proposes, from its next date; returns it as a schedules row."""
    variables = {"id": suggestion_id, "estimated": estimated}
    return schedule_row(client.execute(ACCEPT_SUGGESTION, variables)["acceptSuggestion"])


def dismiss_suggestion(client: FinanceClient, suggestion_id: str) -> str:
    """Never suggest this again; returns its id."""
    return str(client.execute(DISMISS_SUGGESTION, {"id": suggestion_id})["dismissSuggestion"])


def signed_money(kind: str, amount: Any, currency: str) -> str:
    """An amount with its direction: "−13.99 EUR" out, "+3,000.00 EUR" in, a transfer unsigned."""
    text = format_money(amount, currency)
    return {"expense": f"−{text}", "income": f"+{text}"}.get(kind, text)


def schedule_summary(row: dict[str, Any], dates: DateFormat) -> str:
    """One schedule in a sentence: "Netflix, −13.99 EUR monthly on the 5th, next on 5 Dec 2026" (the date
    as `dates` writes it)."""
    amount = signed_money(row["kind"], row["amount"], row["currency"])
    estimate = " (estimated)" if row["estimated"] else ""
    following = f", next on {dates.long_day(row['next_due_on'])}" if row["next_due_on"] else ", ended"
    return f"{row['payee'] or 'No payee'}, {amount}{estimate} {row['cadence']}{following}"


@dataclass
class ScheduleMemory(PageMemory):
    """What the Recurring page remembers besides its last outcome: the schedule picked to change or delete."""

    schedule_id: int | None = None


def upcoming_totals_sentence(records: pl.DataFrame) -> str:
    """The upcoming records in words per currency: "3 records in EUR: out 1,203.99 EUR, in 3,000.00 EUR"
    (transfers count as records but neither in nor out; a direction without records is left out)."""
    totals = records.group_by("currency").agg(
        pl.len().alias("count"),
        pl.col("amount").filter(pl.col("kind") == "expense").sum().alias("out"),
        pl.col("amount").filter(pl.col("kind") == "income").sum().alias("in"),
    ).sort("currency")
    sentences = []
    for row in totals.iter_rows(named=True):
        flows = [f"{name} {format_money(row[name], row['currency'])}" for name in ("out", "in") if row[name]]
        counted = f"{row['count']} {'record' if row['count'] == 1 else 'records'} in {row['currency']}"
        sentences.append(counted + (": " + ", ".join(flows) if flows else ""))
    return "; ".join(sentences)
