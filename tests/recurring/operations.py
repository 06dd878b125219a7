"""GraphQL operations and small factories shared by the recurring records tests."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from tests.conftest import GraphQL

SCHEDULE_FIELDS = """
id kind amount currency estimated payee description frequency every dayOfMonth lastDayOfMonth
startOn endOn count lastCreatedOn nextDueOn account { id } category { id } counterpartAccount { id }
counterpartAmount
"""
SCHEDULES = f"{{ schedules {{ {SCHEDULE_FIELDS} }} }}"
CREATE_SCHEDULE = f"""
mutation($input: ScheduleInput!) {{ createSchedule(input: $input) {{ {SCHEDULE_FIELDS} }} }}
"""
UPDATE_SCHEDULE = f"""
mutation($id: ID!, $input: UpdateScheduleInput!) {{
  updateSchedule(id: $id, input: $input) {{ {SCHEDULE_FIELDS} }}
}}
"""
DELETE_SCHEDULE = "mutation($id: ID!) { deleteSchedule(id: $id) }"
UPCOMING = """
query($days: Int!) {
  upcoming(days: $days) {
    today
    records { date kind amount currency schedule { id payee } }
    balances { account { id name } points { date balance } }
  }
}
"""
SUGGESTIONS = """
{ recurringSuggestions { id kind payee cadence frequency every typicalAmount currency occurrences lastDate
  nextExpectedDate account { id } category { id } } }
"""
ACCEPT = f"mutation($id: ID!) {{ acceptSuggestion(id: $id) {{ {SCHEDULE_FIELDS} }} }}"
DISMISS = "mutation($id: ID!) { dismissSuggestion(id: $id) }"
RECORDS = """
{ records(first: 500) { nodes { id date amount kind payee tags account { id } category { id } } } }
"""


def utc_today() -> date:
    """Today for a user in the default time zone (UTC), as the server sees it."""
    return datetime.now(timezone.utc).date()


def schedule_input(account: dict[str, Any], start_on: date, **fields: Any) -> dict[str, Any]:
    """A monthly 10.00 expense to "Gym" on the account unless told otherwise."""
    return {"accountId": account["id"], "kind": "EXPENSE", "amount": "10.00", "frequency": "MONTH",
            "startOn": start_on.isoformat(), "payee": "Gym", **fields}


def create_schedule(user: GraphQL, account: dict[str, Any], start_on: date, **fields: Any) -> dict[str, Any]:
    """Create a schedule and return it."""
    return user.ok(CREATE_SCHEDULE, {"input": schedule_input(account, start_on, **fields)})["createSchedule"]


def records(user: GraphQL) -> list[dict[str, Any]]:
    """The user's records, newest first."""
    return user.ok(RECORDS)["records"]["nodes"]
