"""Savings goals: the GraphQL documents, the goals as a frame, their progress in words, and a progress chart.

Amounts stay exact (`Decimal`, `MONEY` columns); the chart converts them to floats for drawing only.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import altair as alt
import polars as pl

from analytics.client import FinanceClient
from analytics.date_format import DateFormat
from analytics.errors import ApiError
from analytics.formatting import format_money
from analytics.frames import MONEY, frame_from_rows, frame_schema

GOAL_FIELDS = """
  id name accountId sharePercent currency target targetDate current remaining percentReached
  monthsLeft monthlyNeeded monthlyPace paceEnough account { name }
"""

GOALS = f"query Goals {{ goals {{ {GOAL_FIELDS} }} }}"

CREATE_GOAL = f"""
mutation CreateGoal($input: CreateGoalInput!) {{ createGoal(input: $input) {{ {GOAL_FIELDS} }} }}
"""

UPDATE_GOAL = f"""
mutation UpdateGoal($id: ID!, $input: UpdateGoalInput!) {{
  updateGoal(id: $id, input: $input) {{ {GOAL_FIELDS} }}
}}
"""

DELETE_GOAL = "mutation DeleteGoal($id: ID!) { deleteGoal(id: $id) }"

TIME_ZONE = "query TimeZone { me { timeZone } }"

GOALS_SCHEMA = frame_schema({
    "goal_id": pl.Int64,
    "name": pl.String,
    "account_id": pl.Int64,
    "account": pl.String,
    "share_percent": pl.Int64,  # the part of the account's balance that counts, 1-100
    "currency": pl.String,  # the account's
    "target": MONEY,
    "target_date": pl.Date,
    "current": MONEY,  # share_percent of the account's balance
    "remaining": MONEY,  # zero once reached
    "percent_reached": pl.Float64,  # a ratio for display (the API rounds it to one decimal)
    "months_left": pl.Int64,  # month ends until the target date's; 0 in its month or after it
    "monthly_needed": MONEY,
    "monthly_pace": MONEY,  # the share's average net change per month over the last three full months
    "pace_enough": pl.Boolean,
})

ON_TRACK_COLOR = "#237a4b"  # dark green: white text inside a full bar reads at 5.3:1
REACHED_COLOR = "#1f6f8b"  # the colours below pass WCAG AA (4.5:1) against white both ways
BEHIND_COLOR = "#b35c00"  # dark orange: 4.5:1 on white, for the labels drawn in it
TRACK_COLOR = "#e4e4e4"
FIELD_LABELS = {  # the API's input fields as the goal form labels them
    "name": "Name", "accountId": "Account", "target": "Target amount", "targetDate": "Target date",
    "sharePercent": "Share of the balance",
}


def goal_row(node: dict[str, Any]) -> dict[str, Any]:
    """One Goal node as a goals-frame row."""
    return {
        "goal_id": int(node["id"]),
        "name": node["name"],
        "account_id": int(node["accountId"]),
        "account": node["account"]["name"],
        "share_percent": node["sharePercent"],
        "currency": node["currency"],
        "target": Decimal(node["target"]),
        "target_date": date.fromisoformat(node["targetDate"]),
        "current": Decimal(node["current"]),
        "remaining": Decimal(node["remaining"]),
        "percent_reached": float(node["percentReached"]),
        "months_left": node["monthsLeft"],
        "monthly_needed": Decimal(node["monthlyNeeded"]),
        "monthly_pace": Decimal(node["monthlyPace"]),
        "pace_enough": node["paceEnough"],
    }


def user_today(client: FinanceClient, now: datetime | None = None) -> date:
    """Today in the user's time zone: the day the API measures goals at."""
    zone = ZoneInfo(client.execute(TIME_ZONE)["me"]["timeZone"])
    return (now or datetime.now(timezone.utc)).astimezone(zone).date()


def goals_frame(client: FinanceClient) -> pl.DataFrame:
    """The user's goals, soonest target date first (see GOALS_SCHEMA)."""
    nodes = client.execute(GOALS)["goals"]
    return frame_from_rows([goal_row(node) for node in nodes], GOALS_SCHEMA)


def goal_input(
    name: str | None = None, account_id: int | None = None, target: Decimal | None = None,
    target_date: date | None = None, share_percent: int | None = None,
) -> dict[str, Any]:
    """A goal's fields as CreateGoalInput / UpdateGoalInput variables (fields left None are left out)."""
    values = {
        "name": name, "accountId": None if account_id is None else str(account_id),
        "target": None if target is None else format(target, "f"),
        "targetDate": None if target_date is None else target_date.isoformat(),
        "sharePercent": share_percent,
    }
    return {field: value for field, value in values.items() if value is not None}


def create_goal(client: FinanceClient, **fields: Any) -> dict[str, Any]:
    """Add a goal (fields as `goal_input` takes them) and return it as a goals-frame row."""
    return goal_row(client.execute(CREATE_GOAL, {"input": goal_input(**fields)})["createGoal"])


def update_goal(client: FinanceClient, goal_id: int, **fields: Any) -> dict[str, Any]:
    """Change some fields of a goal and return it as a goals-frame row."""
    variables = {"id": str(goal_id), "input": goal_input(**fields)}
    return goal_row(client.execute(UPDATE_GOAL, variables)["updateGoal"])


def delete_goal(client: FinanceClient, goal_id: int) -> None:
    """Delete a goal."""
    client.execute(DELETE_GOAL, {"id": str(goal_id)})


def problem_sentence(error: ApiError) -> str:
    """An API refusal as the form speaks: "Target amount: must be more than zero"."""
    if error.field is None:
        return error.message
    field = error.field.rsplit(".", 1)[-1]
    message = error.message.removeprefix(f"{error.field}: ").removeprefix(f"{error.field} ")
    return f"{FIELD_LABELS.get(field, field)}: {message}"


def needed_sentence(goal: dict[str, Any], today: date) -> str:
    """What is still needed each month: "250.00 EUR a month still needed (10 months left)"."""
    currency = goal["currency"]
    if goal["remaining"] == 0:
        return "Reached: nothing more is needed."
    missing = format_money(goal["remaining"], currency)
    if goal["target_date"] < today:
        return f"{missing} still missing; the target date has passed."
    if goal["months_left"] == 0:
        return f"{missing} still needed this month."
    months = "1 month" if goal["months_left"] == 1 else f"{goal['months_left']} months"
    return f"{format_money(goal['monthly_needed'], currency)} a month still needed ({months} left)."


def pace_sentence(goal: dict[str, Any], today: date) -> str:
    """Whether the last three months' pace is enough, in words."""
    currency = goal["currency"]
    pace = goal["monthly_pace"]
    if goal["remaining"] == 0:
        return "Target reached."
    if pace > 0:
        moved = f"the last three months added {format_money(pace, currency)} a month"
    elif pace < 0:
        moved = f"the last three months took away {format_money(-pace, currency)} a month"
    else:
        moved = "nothing was added in the last three months"
    if goal["target_date"] < today:
        return f"Missed: the target date has passed; {moved}."
    if goal["pace_enough"]:
        return f"On track: {moved}, enough to reach it on time."
    return f"Behind: {moved}; {format_money(goal['monthly_needed'], currency)} a month is needed."


def progress_sentence(goal: dict[str, Any], dates: DateFormat) -> str:
    """ "Bike: 500.00 EUR of 3,000.00 EUR (16.7%) by 31 Dec 2027": a goal's progress as text, its date as
    `dates` writes it."""
    current, target = (format_money(goal[name], goal["currency"]) for name in ("current", "target"))
    return (
        f"{goal['name']}: {current} of {target} ({goal['percent_reached']:.1f}%) "
        f"by {dates.long_day(goal['target_date'])}"
    )


def goal_labels(goals: pl.DataFrame, with_account: bool = False) -> pl.Series:
    """Each goal's name (with its account if asked), told apart where labels repeat: by the account, then
    by the target and date, then by the id."""
    rows = list(goals.iter_rows(named=True))
    labels = [f"{row['name']} · {row['account']}" if with_account else row["name"] for row in rows]
    details = [
        lambda row: f"{format_money(row['target'], row['currency'])} by {row['target_date']:%b %Y}",
        lambda row: f"#{row['goal_id']}",
    ]
    if not with_account:
        details.insert(0, lambda row: row["account"])
    for detail in details:
        repeated = {label for label in labels if labels.count(label) > 1}
        labels = [
            f"{label} · {detail(row)}" if label in repeated else label for label, row in zip(labels, rows)
        ]
    return pl.Series("label", labels, dtype=pl.String)


def goal_choices(goals: pl.DataFrame) -> dict[str, int]:
    """Goals as a picker lists them: "Bike · Savings" -> goal id (never two alike)."""
    return dict(zip(goal_labels(goals, with_account=True), goals["goal_id"]))


def progress_chart(goals: pl.DataFrame, today: date, dates: DateFormat) -> alt.LayerChart:
    """A bar per goal filled to the part reached, green when on track, orange when behind; percentages
    only, so goals in different currencies share the axis (their amounts, and dates as `dates` writes them,
    are in the tooltip)."""
    data = goals.with_columns(
        goal_labels(goals),
        drawn=pl.col("percent_reached").clip(0, 100),
        label_at=pl.col("percent_reached").clip(0, 86),  # a full bar's label stays inside the chart
        full=pl.lit(100.0),
        status=pl.when(pl.col("remaining") == 0).then(pl.lit("Reached"))
        .when(pl.col("pace_enough")).then(pl.lit("On track"))
        .otherwise(pl.lit("Behind")),
        amounts=pl.Series([progress_sentence(row, dates) for row in goals.iter_rows(named=True)],
                          dtype=pl.String),
        pace=pl.Series([pace_sentence(row, today) for row in goals.iter_rows(named=True)], dtype=pl.String),
        percent_text=pl.col("percent_reached").map_elements(lambda value: f"{value:.1f}%", pl.String),
    ).select("label", "drawn", "label_at", "full", "status", "amounts", "pace", "percent_text")
    order = data["label"].to_list()
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=180))
    tooltip = [alt.Tooltip("amounts:N", title="Progress"), alt.Tooltip("pace:N", title="Pace")]
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    track = base.mark_bar(color=TRACK_COLOR, cornerRadius=3, size=20).encode(
        x=alt.X("full:Q", title="Reached (%)", scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(values=[0, 25, 50, 75, 100]))
    )
    filled = base.mark_bar(cornerRadius=3, size=20).encode(
        x=alt.X("drawn:Q"),
        color=alt.Color(
            "status:N", title=None,
            scale=alt.Scale(domain=["Reached", "On track", "Behind"],
                            range=[REACHED_COLOR, ON_TRACK_COLOR, BEHIND_COLOR]),
            legend=alt.Legend(orient="bottom"),
        ),
    )
    # Beside a bar the label takes the theme's text colour (light or dark mode); inside a full bar, white.
    beside = base.transform_filter("datum.drawn <= 86").mark_text(align="left", dx=4).encode(
        x=alt.X("label_at:Q"), text="percent_text:N"
    )
    inside = base.transform_filter("datum.drawn > 86").mark_text(align="left", dx=4, color="#ffffff").encode(
        x=alt.X("label_at:Q"), text="percent_text:N"
    )
    height = 28 * len(order) + 10
    return alt.LayerChart(layer=[track, filled, beside, inside]).properties(
        width="container", height=height, usermeta={"embedOptions": {"actions": False}}
    )
