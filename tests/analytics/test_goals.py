"""Savings goals through the analytics client: the frame, writing goals, plain problems, progress in words,
and the progress chart."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

import polars as pl
import pytest

from analytics import goals
from analytics.client import FinanceClient
from analytics.date_format import DateFormat
from analytics.errors import InputError
from tests.analytics.conftest import Ledger

TODAY = date(2026, 11, 30)


def goal(**fields: Any) -> dict[str, Any]:
    """A goals-frame row: 500.00 of 3,000.00 EUR by the end of 2027, behind its pace; any field overridden."""
    row = {
        "goal_id": 1, "name": "Bike", "account_id": 1, "account": "Savings", "share_percent": 100,
        "currency": "EUR", "target": Decimal("3000.00"), "target_date": date(2027, 12, 31),
        "current": Decimal("500.00"), "remaining": Decimal("2500.00"), "percent_reached": 16.7,
        "months_left": 13, "monthly_needed": Decimal("192.31"), "monthly_pace": Decimal("50.00"),
        "pace_enough": False,
    }
    return row | fields


def test_a_goal_is_created_listed_changed_and_deleted_with_exact_amounts(
    finance: FinanceClient, ledger: Ledger
) -> None:
    assert goals.goals_frame(finance).is_empty()

    created = goals.create_goal(finance, name="Bike", account_id=ledger.checking, target=Decimal("5000.10"),
                                target_date=date(2099, 12, 31), share_percent=50)

    listed = goals.goals_frame(finance)
    assert listed.schema == goals.GOALS_SCHEMA
    assert listed.row(0, named=True) == created
    assert (created["current"], created["target"], created["currency"]) == (
        Decimal("1250.00"), Decimal("5000.10"), "EUR"  # half of Checking's 2,500.00
    )
    changed = goals.update_goal(finance, created["goal_id"], name="Car", target=Decimal("2500"))
    assert (changed["name"], changed["target"], changed["share_percent"]) == ("Car", Decimal("2500.00"), 50)
    goals.delete_goal(finance, created["goal_id"])
    assert goals.goals_frame(finance).is_empty()


def test_a_refused_goal_is_explained_with_the_forms_label(finance: FinanceClient, ledger: Ledger) -> None:
    with pytest.raises(InputError) as refused:
        goals.create_goal(finance, name="Bike", account_id=ledger.checking, target=Decimal("0"),
                          target_date=date(2099, 12, 31))
    assert goals.problem_sentence(refused.value) == "Target amount: must be more than zero"


def test_the_monthly_amount_still_needed_in_words() -> None:
    assert goals.needed_sentence(goal(), TODAY) == "192.31 EUR a month still needed (13 months left)."
    assert goals.needed_sentence(goal(months_left=1), TODAY).endswith("(1 month left).")
    assert goals.needed_sentence(goal(months_left=0, target_date=TODAY), TODAY) == (
        "2,500.00 EUR still needed this month."
    )
    assert goals.needed_sentence(goal(months_left=0, target_date=date(2026, 1, 31)), TODAY) == (
        "2,500.00 EUR still missing; the target date has passed."
    )
    assert goals.needed_sentence(goal(remaining=Decimal("0.00")), TODAY) == "Reached: nothing more is needed."


def test_the_pace_verdict_in_words() -> None:
    assert goals.pace_sentence(goal(), TODAY) == (
        "Behind: the last three months added 50.00 EUR a month; 192.31 EUR a month is needed."
    )
    assert goals.pace_sentence(goal(monthly_pace=Decimal("200.00"), pace_enough=True), TODAY) == (
        "On track: the last three months added 200.00 EUR a month, enough to reach it on time."
    )
    assert goals.pace_sentence(goal(monthly_pace=Decimal("-12.50")), TODAY).startswith(
        "Behind: the last three months took away 12.50 EUR a month;"
    )
    assert goals.pace_sentence(goal(monthly_pace=Decimal("0.00")), TODAY).startswith(
        "Behind: nothing was added in the last three months;"
    )
    assert goals.pace_sentence(goal(target_date=date(2026, 1, 31)), TODAY).startswith("Missed:")
    assert goals.pace_sentence(goal(remaining=Decimal("0.00")), TODAY) == "Target reached."


def test_today_is_the_users_date(finance: FinanceClient) -> None:
    finance.execute("mutation { updateProfile(input: {timeZone: \"Pacific/Kiritimati\"}) { timeZone } }")
    late_evening_in_london = datetime(2026, 11, 30, 22, 30, tzinfo=timezone.utc)
    assert goals.user_today(finance, late_evening_in_london) == date(2026, 12, 1)  # UTC+14


def test_progress_as_text() -> None:
    assert goals.progress_sentence(goal(), DateFormat()) == (
        "Bike: 500.00 EUR of 3,000.00 EUR (16.7%) by 31 Dec 2027")
    assert goals.progress_sentence(goal(), DateFormat("mdy", "/")).endswith("by Dec 31, 2027")


def test_the_progress_chart_draws_percentages_without_the_vega_editor_link(
    finance: FinanceClient, ledger: Ledger
) -> None:
    for name, target in (("Bike", "5000.00"), ("Bike", "1000.00"), ("Trip", "100.00")):
        goals.create_goal(finance, name=name, account_id=ledger.checking, target=Decimal(target),
                          target_date=date(2099, 12, 31))
    frame = goals.goals_frame(finance)

    spec = goals.progress_chart(frame, TODAY, DateFormat("mdy", "/")).to_dict()

    assert spec["usermeta"] == {"embedOptions": {"actions": False}}
    rows = next(iter(spec["datasets"].values()))
    assert [row["label"] for row in rows] == [
        "Bike · Checking · 5,000.00 EUR by Dec 2099", "Bike · Checking · 1,000.00 EUR by Dec 2099", "Trip"
    ]
    # Checking holds 2,500.00 EUR: over a target, the bar is full and the label says how far over.
    assert [(row["percent_text"], row["drawn"]) for row in rows] == [
        ("50.0%", 50.0), ("250.0%", 100.0), ("2500.0%", 100.0)
    ]


def test_goals_sharing_a_name_are_told_apart_by_their_account() -> None:
    frame = pl.DataFrame(
        [goal(), goal(goal_id=2, account="Checking"), goal(goal_id=3, name="Trip"), goal(goal_id=4)],
        schema=goals.GOALS_SCHEMA, orient="row",
    )
    assert goals.goal_labels(frame).to_list() == [
        "Bike · Savings · 3,000.00 EUR by Dec 2027 · #1", "Bike · Checking", "Trip",
        "Bike · Savings · 3,000.00 EUR by Dec 2027 · #4",
    ]


def test_pickers_name_every_goal_with_its_account_and_never_two_alike() -> None:
    frame = pl.DataFrame([goal(), goal(goal_id=2, target=Decimal("50.00")), goal(goal_id=3, name="Trip")],
                         schema=goals.GOALS_SCHEMA, orient="row")
    assert goals.goal_choices(frame) == {
        "Bike · Savings · 3,000.00 EUR by Dec 2027": 1, "Bike · Savings · 50.00 EUR by Dec 2027": 2,
        "Trip · Savings": 3,
    }
