"""The schedule form: what people type becomes a ScheduleInput or plain words on what to fix; a schedule
becomes the form's values again; the API's refusals read plainly."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import polars as pl
import pytest

from analytics import schedule_forms, schedules
from analytics.client import FinanceClient
from analytics.errors import ApiError, InputError, NotFoundError, ServerError, TransportError
from analytics.frames import ACCOUNTS_SCHEMA, CATEGORIES_SCHEMA, frame_from_rows
from analytics.schedule_forms import plain_error, schedule_input
from tests.accounts.operations import create_account
from tests.conftest import GraphQL
from tests.recurring.operations import utc_today

TODAY = date(2026, 11, 30)
ACCOUNTS = frame_from_rows([
    {"account_id": 1, "account": "Checking", "type": "checking", "currency": "EUR",
     "opening_balance": Decimal(0), "balance": Decimal(0), "archived": False},
    {"account_id": 2, "account": "Dollars", "type": "checking", "currency": "USD",
     "opening_balance": Decimal(0), "balance": Decimal(0), "archived": False},
    {"account_id": 3, "account": "Savings", "type": "savings", "currency": "EUR",
     "opening_balance": Decimal(0), "balance": Decimal(0), "archived": False},
    {"account_id": 4, "account": "Old", "type": "cash", "currency": "EUR",
     "opening_balance": Decimal(0), "balance": Decimal(0), "archived": True},
], ACCOUNTS_SCHEMA)
CATEGORIES = frame_from_rows([
    {"category_id": 10, "category": "Food", "full_name": "Food", "kind": "expense", "color": "#aa0000",
     "parent_category_id": None},
    {"category_id": 11, "category": "Salary", "full_name": "Salary", "kind": "income", "color": "#00aa00",
     "parent_category_id": None},
], CATEGORIES_SCHEMA)


def values(**changes: Any) -> dict[str, Any]:
    """The form's values for a new schedule: 12.50 to the gym from Checking, monthly from TODAY."""
    typed = {"payee": "Gym", "amount": "12.50", "account": 1}
    return schedule_forms.form_values(None, TODAY) | typed | changes


def problems_of(**changes: Any) -> list[str]:
    checked, problems = schedule_input(values(**changes), ACCOUNTS, CATEGORIES)
    assert checked is None
    return problems


@pytest.mark.parametrize(("typed", "mark", "amount"), [
    ("12.50", ".", "12.50"), ("12,50", ",", "12.50"), (" 1,234.50 ", ".", "1234.50"),
    ("1.234,50", ",", "1234.50"), ("1 234,50", ",", "1234.50"), ("7", ",", "7"),
    ("1,234,567", ".", "1234567"), ("1,234", ".", "1234"),
])
def test_the_amount_is_read_exactly_with_the_users_decimal_mark(typed, mark, amount):
    checked, problems = schedule_input(values(amount=typed), ACCOUNTS, CATEGORIES, mark)
    assert problems == [] and checked is not None
    assert checked["amount"] == amount


@pytest.mark.parametrize(("typed", "mark", "problem"), [
    ("", ",", "Enter an amount."),
    ("twelve", ",", "Enter the amount as a number, like 12,50."),
    ("1e3", ".", "Enter the amount as a number, like 12.50."),
    ("-5", ".", "Enter an amount more than zero, like 12.50."),
    ("0", ",", "Enter an amount more than zero, like 12,50."),
    ("12.505", ".", "EUR amounts have at most 2 decimal places, like 12.50."),
    ("1,234", ",", "EUR amounts have at most 2 decimal places, like 12,50."),  # never a thousand times more
])
def test_an_amount_that_cannot_be_read_says_so_in_the_users_format(typed, mark, problem):
    checked, problems = schedule_input(values(amount=typed), ACCOUNTS, CATEGORIES, mark)
    assert checked is None and problems == [problem]


def test_a_schedule_is_shown_and_read_back_with_the_users_decimal_mark():
    shown = schedule_forms.form_values(schedule_row(), TODAY, ",")
    assert shown["amount"] == "12,50"
    checked, problems = schedule_input(shown, ACCOUNTS, CATEGORIES, ",")
    assert problems == [] and checked is not None and checked["amount"] == "12.50"


def test_a_complete_form_becomes_a_schedule_input_with_every_field():
    typed = values(amount="12,50", category=10, day="31st")
    checked, problems = schedule_input(typed, ACCOUNTS, CATEGORIES)
    assert problems == []
    assert checked == {
        "accountId": "1", "kind": "EXPENSE", "amount": "12.50", "estimated": False, "payee": "Gym",
        "description": "", "startOn": "2026-11-30", "categoryId": "10", "counterpartAccountId": None,
        "counterpartAmount": None, "frequency": "MONTH", "every": 1, "dayOfMonth": 31,
        "lastDayOfMonth": False, "endOn": None, "count": None,
    }


def test_an_empty_form_says_everything_that_is_missing_at_once():
    checked, problems = schedule_input(schedule_forms.form_values(None, TODAY), ACCOUNTS, CATEGORIES)
    assert checked is None
    assert problems == [
        "Choose an account", "Enter a payee, like Netflix or Landlord", "Enter an amount."]


@pytest.mark.parametrize(("changes", "problem"), [
    ({"category": 11}, "Choose an expense category for an expense, or none"),
    ({"kind": "Income", "category": 10}, "Choose an income category for income, or none"),
    ({"every": 0}, "Repeat every 1 to 99 weeks, months or years"),
    ({"every": 1.5}, "Repeat every 1 to 99 weeks, months or years"),
    ({"ends": "On a date", "end_on": TODAY - timedelta(days=1)},
     "The last date must not be before the first date"),
    ({"ends": "After a number of times", "count": None}, "Enter how many times, from 1 to 10,000"),
    ({"ends": "After a number of times", "count": 10_001}, "Enter how many times, from 1 to 10,000"),
    ({"kind": "Transfer"}, "Choose the account the money goes to"),
    ({"kind": "Transfer", "counterpart": 1}, "Choose another account for the money to go to"),
    ({"kind": "Transfer", "counterpart": 2}, "Enter how much USD arrives, like 12.50"),
])
def test_what_to_fix_is_said_in_words(changes, problem):
    assert problems_of(**changes) == [problem]


def test_weekly_and_yearly_schedules_take_no_day_of_month_and_ends_are_sent_only_when_chosen():
    checked, _ = schedule_input(values(unit="weeks", every=2, day="15th", end_on=TODAY + timedelta(days=9),
                                       count=4), ACCOUNTS, CATEGORIES)
    assert checked is not None
    assert (checked["frequency"], checked["every"], checked["dayOfMonth"], checked["lastDayOfMonth"]) == (
        "WEEK", 2, None, False)
    assert (checked["endOn"], checked["count"]) == (None, None)
    checked, _ = schedule_input(values(day="Last day of the month", ends="On a date",
                                       end_on=date(2027, 6, 30)), ACCOUNTS, CATEGORIES)
    assert checked is not None
    assert (checked["dayOfMonth"], checked["lastDayOfMonth"], checked["endOn"]) == (None, True, "2027-06-30")


def test_a_transfer_takes_no_category_and_between_currencies_what_arrives():
    checked, problems = schedule_input(values(kind="Transfer", counterpart=2, counterpart_amount="13,40",
                                              category=10), ACCOUNTS, CATEGORIES)
    assert problems == [] and checked is not None
    assert (checked["kind"], checked["categoryId"]) == ("TRANSFER", None)
    assert checked["counterpartAccountId"] == "2"
    assert checked["counterpartAmount"] == "13.40"
    same_currency = values(kind="Transfer", counterpart=3, counterpart_amount="99")
    checked, _ = schedule_input(same_currency, ACCOUNTS, CATEGORIES)
    assert checked is not None and checked["counterpartAmount"] is None  # one currency: it follows the amount


def test_pickers_list_active_accounts_and_expense_categories_first():
    assert schedule_forms.account_choices(ACCOUNTS) == {
        "Checking (EUR)": 1, "Dollars (USD)": 2, "Savings (EUR)": 3}
    assert list(schedule_forms.category_choices(CATEGORIES)) == ["Food (expense)", "Salary (income)"]
    choices = schedule_forms.day_choices()
    assert (choices[0], choices[1], choices[31], choices[32]) == (
        "Same day as the first date", "1st", "31st", "Last day of the month")


@pytest.fixture
def checking(alice: GraphQL) -> int:
    return int(create_account(alice, "Checking", openingBalance="1000.00")["id"])


def test_a_saved_schedule_fills_the_form_and_saving_it_unchanged_changes_nothing(
    finance: FinanceClient, checking: int
):
    accounts, categories = finance.accounts(), finance.categories()
    food = categories.filter(pl.col("category") == "Food")["category_id"][0]
    start = utc_today() + timedelta(days=2)
    typed = schedule_forms.form_values(None, start) | {
        "payee": "Gym", "amount": "12.5", "account": checking, "category": food, "estimated": True,
        "unit": "months", "every": 2, "day": "Last day of the month", "ends": "After a number of times",
        "count": 6, "description": "Membership",
    }
    first, problems = schedule_input(typed, accounts, categories)
    assert problems == [] and first is not None
    saved = schedules.create_schedule(finance, first)
    again = schedule_forms.form_values(saved, utc_today())
    assert again["amount"] == "12.50" and again["day"] == "Last day of the month" and again["count"] == 6
    second, problems = schedule_input(again, accounts, categories)
    assert problems == [] and second is not None
    assert schedules.update_schedule(finance, saved["schedule_id"], second) == saved


def test_the_apis_refusals_read_plainly(finance: FinanceClient, checking: int):
    too_old = {"accountId": str(checking), "kind": "EXPENSE", "amount": "1.00", "frequency": "MONTH",
               "startOn": (utc_today() - timedelta(days=400)).isoformat(), "payee": "Old"}
    with pytest.raises(ApiError) as refused:
        schedules.create_schedule(finance, too_old)
    assert plain_error(refused.value) == (
        "Choose a first date within the last year (older records: import them)")
    with pytest.raises(ApiError) as missing:
        schedules.delete_schedule(finance, 999_999)
    assert plain_error(missing.value).startswith("It is no longer there")


@pytest.mark.parametrize(("error", "words"), [
    (InputError("BAD_USER_INPUT", "input.accountId: account 'Old' is archived", "input.accountId"),
     "That account is archived: unarchive it on the Accounts page, or choose another"),
    (InputError("BAD_USER_INPUT", "input.amount: must be greater than zero", "input.amount"),
     "Enter an amount greater than zero, like 12.50"),
    (InputError("BAD_USER_INPUT", "input: at most 200 schedules", "input"),
     "You have as many schedules as there can be. Delete one you no longer need first."),
    (NotFoundError("NOT_FOUND", "Schedule 3 not found"),
     "It is no longer there (deleted or accepted in another window). The page shows what is left."),
    (ServerError("INTERNAL_SERVER_ERROR", "boom", extensions={"requestId": "abc"}),
     "The server failed (reference abc). Try again; if it keeps failing, report it."),
    (TransportError("TRANSPORT_ERROR", "refused"),
     "The server did not answer. Check the connection and try again."),
])
def test_each_kind_of_refusal_has_its_own_words(error, words):
    assert plain_error(error) == words


def schedule_row(**fields: Any) -> dict[str, Any]:
    """A schedules row: 12.50 to the gym from Checking, monthly from 31 Jan 2026, next due 31 Dec 2026."""
    return {
        "schedule_id": 7, "kind": "expense", "payee": "Gym", "description": "", "amount": Decimal("12.50"),
        "currency": "EUR", "estimated": False, "frequency": "month", "every": 1, "day_of_month": None,
        "last_day_of_month": False, "start_on": date(2026, 1, 31), "end_on": None, "count": None,
        "next_due_on": date(2026, 12, 31), "account_id": 1, "category_id": None,
        "counterpart_account_id": None, "counterpart_amount": None,
    } | fields


@pytest.mark.parametrize(("fields", "day", "count"), [
    ({}, "31st", None),  # the start's day, not the next date's (28 Feb would stay the 28th)
    ({"count": 12}, "31st", 1),
    ({"day_of_month": 1, "start_on": date(2026, 1, 15), "next_due_on": date(2026, 4, 1), "count": 5},
     "1st", 3),
    ({"last_day_of_month": True, "every": 3, "next_due_on": date(2026, 10, 31), "count": 4},
     "Last day of the month", 1),
    ({"frequency": "week", "every": 2, "start_on": date(2026, 11, 2), "next_due_on": date(2026, 12, 14),
      "count": 10}, "Same day as the first date", 7),
    ({"frequency": "year", "start_on": date(2024, 2, 29), "next_due_on": date(2027, 2, 28), "count": 5},
     "Same day as the first date", 2),
])
def test_a_deleted_schedule_comes_back_from_its_next_date_with_what_was_left(
    fields: dict[str, Any], day: str, count: int | None
):
    row = schedule_row(**fields)
    restoring = schedule_forms.restoring_values(row)

    assert restoring is not None
    assert (restoring["start_on"], restoring["day"], restoring["count"]) == (row["next_due_on"], day, count)
    assert schedule_input(restoring, ACCOUNTS, CATEGORIES)[1] == []


def test_an_ended_schedule_has_nothing_to_bring_back():
    assert schedule_forms.restoring_values(schedule_row(next_due_on=None, count=3)) is None


def test_undoing_a_deletion_makes_no_record_twice_and_keeps_the_dates(finance: FinanceClient, checking: int):
    accounts, categories = finance.accounts(), finance.categories()
    start = utc_today() - timedelta(days=20)
    typed = values(account=checking, unit="weeks", start_on=start, ends="After a number of times", count=5)
    created = schedules.create_schedule(finance, schedule_input(typed, accounts, categories)[0])
    made = finance.records_page(None, first=50)["totalCount"]
    assert made == 3  # 20, 13 and 6 days ago

    schedules.delete_schedule(finance, created["schedule_id"])
    restoring = schedule_forms.restoring_values(created)
    assert restoring is not None
    restored = schedules.create_schedule(finance, schedule_input(restoring, accounts, categories)[0])

    assert finance.records_page(None, first=50)["totalCount"] == made
    assert (restored["next_due_on"], restored["count"]) == (created["next_due_on"], 2)
    assert schedules.upcoming(finance, 30).records["date"].to_list() == [
        start + timedelta(weeks=3), start + timedelta(weeks=4)]
