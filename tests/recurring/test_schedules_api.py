"""Schedules over GraphQL: due records created once, edits and deletes, upcoming, validation, isolation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.accounts.operations import UPDATE_ACCOUNT, assert_not_found, create_account
from tests.ledger.conftest import ledger  # noqa: F401  (fixture)
from tests.records.operations import category_id, create_record
from tests.recurring.operations import (
    CREATE_SCHEDULE,
    DELETE_SCHEDULE,
    SCHEDULES,
    UPCOMING,
    UPDATE_SCHEDULE,
    create_schedule,
    records,
    schedule_input,
    utc_today,
)


def test_a_start_in_the_past_creates_the_due_records_at_once_and_only_once(alice, ledger):  # noqa: F811
    account = create_account(alice)
    today = utc_today()
    schedule = create_schedule(alice, account, today - timedelta(weeks=3), frequency="WEEK",
                               categoryId=category_id(alice, "Food"), estimated=True)
    created = records(alice)
    assert sorted(record["date"] for record in created) == [
        (today - timedelta(weeks=weeks)).isoformat() for weeks in (3, 2, 1, 0)
    ]
    assert all(record["tags"] == ["estimated"] and record["amount"] == "10.00" for record in created)
    assert schedule["lastCreatedOn"] == today.isoformat()
    assert schedule["nextDueOn"] == (today + timedelta(weeks=1)).isoformat()
    assert len(records(alice)) == 4  # reading again (the access hook) creates nothing new
    ledger.assert_consistent(alice)


def test_the_balance_includes_created_records(alice):
    account = create_account(alice, openingBalance="100.00")
    create_schedule(alice, account, utc_today(), kind="INCOME", amount="25.00", frequency="MONTH")
    balance = alice.ok("query($id: ID!) { account(id: $id) { balance } }", {"id": account["id"]})
    assert balance["account"]["balance"] == "125.00"


def test_an_update_changes_later_records_and_keeps_created_ones(alice, ledger):  # noqa: F811
    account = create_account(alice)
    today = utc_today()
    schedule = create_schedule(alice, account, today - timedelta(days=14), frequency="WEEK")
    updated = alice.ok(UPDATE_SCHEDULE, {"id": schedule["id"], "input": {"amount": "12.50", "every": 2}})
    assert updated["updateSchedule"]["amount"] == "12.50"
    assert updated["updateSchedule"]["nextDueOn"] == (today + timedelta(days=14)).isoformat()
    assert [record["amount"] for record in records(alice)] == ["10.00"] * 3
    ledger.assert_consistent(alice)


def test_deleting_a_schedule_keeps_its_records(alice):
    account = create_account(alice)
    schedule = create_schedule(alice, account, utc_today())
    assert alice.ok(DELETE_SCHEDULE, {"id": schedule["id"]})["deleteSchedule"] == schedule["id"]
    assert alice.ok(SCHEDULES)["schedules"] == []
    assert len(records(alice)) == 1


def test_a_deleted_record_is_not_created_again(alice):
    account = create_account(alice)
    create_schedule(alice, account, utc_today())
    (record,) = records(alice)
    alice.ok("mutation($id: ID!) { deleteRecord(id: $id) }", {"id": record["id"]})
    assert records(alice) == []


def test_schedules_on_an_archived_account_wait_until_it_is_unarchived(alice):
    account = create_account(alice)
    today = utc_today()
    create_schedule(alice, account, today + timedelta(days=1))
    alice.ok(UPDATE_ACCOUNT, {"id": account["id"], "input": {"archived": True}})
    assert alice.ok(UPCOMING, {"days": 40})["upcoming"]["records"] == []
    alice.ok(UPDATE_ACCOUNT, {"id": account["id"], "input": {"archived": False}})
    assert len(alice.ok(UPCOMING, {"days": 40})["upcoming"]["records"]) == 2


def test_upcoming_lists_future_records_and_projects_balances_day_by_day(alice):
    checking = create_account(alice, openingBalance="100.00")
    savings = create_account(alice, "Savings")
    today = utc_today()
    create_schedule(alice, checking, today + timedelta(days=2), frequency="WEEK", amount="30.00")
    create_schedule(alice, checking, today + timedelta(days=3), kind="TRANSFER", amount="5.00",
                    counterpartAccountId=savings["id"], frequency="MONTH", payee="")
    tomorrow = (today + timedelta(days=1)).isoformat()
    create_record(alice, checking, kind="EXPENSE", amount="1.00", date=tomorrow)
    upcoming = alice.ok(UPCOMING, {"days": 10})["upcoming"]
    assert upcoming["today"] == today.isoformat()
    assert [(item["date"], item["amount"]) for item in upcoming["records"]] == [
        ((today + timedelta(days=2)).isoformat(), "30.00"),
        ((today + timedelta(days=3)).isoformat(), "5.00"),
        ((today + timedelta(days=9)).isoformat(), "30.00"),
    ]
    balances = {item["account"]["name"]: [point["balance"] for point in item["points"]]
                for item in upcoming["balances"]}
    assert balances["Checking"] == ["100.00", "99.00", "69.00", "64.00", "64.00", "64.00", "64.00", "64.00",
                                    "64.00", "34.00", "34.00"]
    assert balances["Savings"] == ["0.00"] * 3 + ["5.00"] * 8


@pytest.mark.parametrize("days", [0, 367, -1])
def test_upcoming_days_are_bounded(alice, days):
    error = alice.error(UPCOMING, {"days": days})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(("fields", "field"), [
    ({"amount": "0"}, "input.amount"),
    ({"amount": "-5.00"}, "input.amount"),
    ({"amount": "1.001"}, "input.amount"),
    ({"every": 0}, "input.every"),
    ({"frequency": "WEEK", "dayOfMonth": 3}, "input.dayOfMonth"),
    ({"dayOfMonth": 32}, "input.dayOfMonth"),
    ({"dayOfMonth": 3, "lastDayOfMonth": True}, "input.dayOfMonth"),
    ({"count": 0}, "input.count"),
    ({"endOn": "2000-01-01"}, "input.endOn"),
    ({"kind": "INCOME", "categoryId": "food"}, "input.categoryId"),
    ({"payee": "x" * 201}, "input.payee"),
])
def test_invalid_schedules_are_refused_naming_the_field(alice, fields, field):
    account = create_account(alice)
    if fields.get("categoryId") == "food":
        fields["categoryId"] = category_id(alice, "Food")
    error = alice.error(CREATE_SCHEDULE, {"input": schedule_input(account, utc_today(), **fields)})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == field


def test_a_start_over_a_year_ago_is_refused(alice):
    account = create_account(alice)
    too_early = utc_today() - timedelta(days=400)
    error = alice.error(CREATE_SCHEDULE, {"input": schedule_input(account, too_early)})
    assert error["extensions"]["field"] == "input.startOn"


def test_another_users_schedule_account_and_category_are_not_found(alice, bob):
    account = create_account(alice)
    schedule = create_schedule(alice, account, utc_today() + timedelta(days=1))
    bobs_account = create_account(bob)
    for operation, variables in [
        (UPDATE_SCHEDULE, {"id": schedule["id"], "input": {"amount": "1.00"}}),
        (DELETE_SCHEDULE, {"id": schedule["id"]}),
    ]:
        assert_not_found(bob.error(operation, variables), "Schedule", schedule["id"])
    error = bob.error(CREATE_SCHEDULE, {"input": schedule_input(account, utc_today())})
    assert_not_found(error, "Account", account["id"])
    error = bob.error(CREATE_SCHEDULE, {"input": schedule_input(
        bobs_account, utc_today(), categoryId=category_id(alice, "Food"))})
    assert_not_found(error, "Category", category_id(alice, "Food"))
    assert bob.ok(SCHEDULES)["schedules"] == []
    assert bob.ok(UPCOMING, {"days": 30})["upcoming"]["records"] == []
    assert len(alice.ok(SCHEDULES)["schedules"]) == 1
