"""Savings goals: CRUD, validation with field names, isolation, progress from a share of a balance, pace."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.goals.models import Goal
from api.goals.service import GoalProgress, goal_progress, list_goals, measure
from tests.accounts.operations import assert_bad_input, assert_not_found, create_account
from tests.budgets.operations import user_id
from tests.ledger.conftest import Ledger
from tests.records.operations import CREATE_RECORDS, record_input

GOAL_FIELDS = """
id name accountId sharePercent currency target targetDate current remaining percentReached monthsLeft
monthlyNeeded monthlyPace paceEnough account { id name }
"""
GOALS = f"{{ goals {{ {GOAL_FIELDS} }} }}"
CREATE_GOAL = f"mutation($input: CreateGoalInput!) {{ createGoal(input: $input) {{ {GOAL_FIELDS} }} }}"
UPDATE_GOAL = f"""
mutation($id: ID!, $input: UpdateGoalInput!) {{ updateGoal(id: $id, input: $input) {{ {GOAL_FIELDS} }} }}
"""
DELETE_GOAL = "mutation($id: ID!) { deleteGoal(id: $id) }"


@pytest.fixture
def savings(alice):
    return create_account(alice, "Savings", type="SAVINGS", openingBalance="1000.00")


def goal_input(account, **fields):
    return {"name": "Bike", "accountId": account["id"], "target": "3000.00", "targetDate": "2099-12-31",
            **fields}


def test_a_goal_is_created_changed_listed_and_deleted(alice, savings):
    goal = alice.ok(CREATE_GOAL, {"input": goal_input(savings, sharePercent=50)})["createGoal"]
    assert (goal["current"], goal["remaining"], goal["percentReached"], goal["currency"]) == (
        "500.00", "2500.00", "16.7", "EUR"
    )
    assert goal["account"]["name"] == "Savings"
    changed = alice.ok(UPDATE_GOAL, {"id": goal["id"], "input": {"target": "400.00", "name": " Car "}})
    assert (changed["updateGoal"]["name"], changed["updateGoal"]["paceEnough"]) == ("Car", True)
    assert changed["updateGoal"]["sharePercent"] == 50
    assert [listed["id"] for listed in alice.ok(GOALS)["goals"]] == [goal["id"]]
    assert alice.ok(DELETE_GOAL, {"id": goal["id"]})["deleteGoal"] == goal["id"]
    assert alice.ok(GOALS)["goals"] == []


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"name": "  "}, "input.name", "must not be empty"),
        ({"target": "0"}, "input.target", "more than zero"),
        ({"target": "1.005"}, "input.target", "decimal places"),
        ({"sharePercent": 0}, "input.sharePercent", "between 1 and 100"),
        ({"sharePercent": 101}, "input.sharePercent", "between 1 and 100"),
        ({"accountId": "x"}, "input.accountId", "not a valid id"),
    ],
)
def test_goal_input_is_validated_with_field_names(alice, savings, fields, field, reason):
    assert_bad_input(alice.error(CREATE_GOAL, {"input": goal_input(savings, **fields)}), field, reason)


def test_an_update_may_not_null_a_field(alice, savings):
    goal = alice.ok(CREATE_GOAL, {"input": goal_input(savings)})["createGoal"]
    error = alice.error(UPDATE_GOAL, {"id": goal["id"], "input": {"targetDate": None}})
    assert_bad_input(error, "input.targetDate", "must not be null")


def test_other_users_goals_and_accounts_are_not_found(alice, bob, savings):
    goal = alice.ok(CREATE_GOAL, {"input": goal_input(savings)})["createGoal"]
    assert_not_found(bob.error(CREATE_GOAL, {"input": goal_input(savings)}), "Account", savings["id"])
    error = bob.error(UPDATE_GOAL, {"id": goal["id"], "input": {"name": "Mine"}})
    assert_not_found(error, "Goal", goal["id"])
    assert_not_found(bob.error(DELETE_GOAL, {"id": goal["id"]}), "Goal", goal["id"])
    bobs = create_account(bob, "Bob's")
    error = alice.error(UPDATE_GOAL, {"id": goal["id"], "input": {"accountId": bobs["id"]}})
    assert_not_found(error, "Account", bobs["id"])
    assert bob.ok(GOALS)["goals"] == []
    assert alice.ok(GOALS)["goals"][0]["name"] == "Bike"


def test_the_pace_is_the_net_change_of_the_last_three_full_months(alice, settings, savings):
    checking = create_account(alice, "Checking")
    moves = [("2025-12-20", "INCOME", "900.00"), ("2026-01-05", "INCOME", "300.00"),
             ("2026-02-05", "INCOME", "400.00"), ("2026-03-31", "EXPENSE", "100.00"),
             ("2026-04-01", "INCOME", "5000.00")]
    inputs = [record_input(savings, kind=kind, amount=amount, date=day) for day, kind, amount in moves]
    inputs.append(record_input(checking, kind="TRANSFER", amount="300.00", date="2026-03-15",
                               counterpartAccountId=savings["id"]))
    alice.ok(CREATE_RECORDS, {"inputs": inputs})
    alice.ok(CREATE_GOAL, {"input": goal_input(savings, target="12000.00", targetDate="2026-12-31")})
    owner = user_id(alice)

    async def progress(session: AsyncSession) -> GoalProgress:
        goals = await list_goals(session, owner)
        return (await goal_progress(session, owner, goals, date(2026, 4, 15)))[goals[0].id]

    result = Ledger(settings).run(progress)
    # Balance 1000 + 900 + 300 + 400 - 100 + 5000 + 300 = 7800; January to March: +900, 300 a month.
    assert (result.current_minor, result.remaining_minor, result.months_left) == (780000, 420000, 8)
    assert (result.monthly_needed_minor, result.monthly_pace_minor) == (52500, 30000)
    assert result.pace_enough is False


def goal(target_minor: int = 120000, target_date: date = date(2026, 12, 31), share: int = 100) -> Goal:
    return Goal(id=1, target_minor=target_minor, target_date=target_date, share_percent=share)


def test_measure_covers_reached_due_this_month_and_overdue_goals():
    reached = measure(goal(), 150000, 0, date(2026, 6, 1))
    assert (reached.remaining_minor, reached.monthly_needed_minor, reached.pace_enough) == (0, 0, True)
    this_month = measure(goal(target_date=date(2026, 6, 30)), 20000, 30000, date(2026, 6, 1))
    assert (this_month.months_left, this_month.monthly_needed_minor) == (0, 100000)
    assert this_month.pace_enough is False
    overdue = measure(goal(target_date=date(2026, 5, 31)), 20000, 10**9, date(2026, 6, 1))
    assert overdue.pace_enough is False
    shared = measure(goal(share=25), 40000, 30000, date(2026, 6, 1))
    # 25% of 400.00 = 100.00 now; 1100.00 left over 6 months = 183.34 (rounded up);
    # the pace is 25% of 100.00 a month.
    assert (shared.current_minor, shared.monthly_needed_minor) == (10000, 18334)
    assert shared.monthly_pace_minor == 2500
