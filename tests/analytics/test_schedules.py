"""Schedules over the API as frames: listed with their cadence in words, changed, deleted; what is coming
up with each account's projected balance; suggestions from history, accepted or dismissed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import polars as pl
import pytest

from analytics import schedules
from analytics.client import FinanceClient
from analytics.date_format import DateFormat
from analytics.errors import NotFoundError
from tests.accounts.operations import create_account
from tests.conftest import GraphQL
from tests.notebooks.conftest import LiveLedger, live_ledger  # noqa: F401 (a fixture: the page alone)
from tests.recurring.operations import utc_today


@pytest.fixture
def checking(alice: GraphQL) -> int:
    """Alice's EUR checking account, holding 1000.00."""
    return int(create_account(alice, "Checking", openingBalance="1000.00")["id"])


def monthly_gym(account_id: int, start_on: date, **fields: Any) -> dict[str, Any]:
    """A ScheduleInput: 12.50 to the gym every month from `start_on`, unless told otherwise."""
    return {"accountId": str(account_id), "kind": "EXPENSE", "amount": "12.50", "frequency": "MONTH",
            "every": 1, "startOn": start_on.isoformat(), "payee": "Gym", **fields}


@pytest.mark.parametrize(("frequency", "every", "start_on", "day", "last", "words"), [
    ("WEEK", 1, date(2026, 12, 4), None, False, "weekly on Friday"),
    ("WEEK", 2, date(2026, 12, 7), None, False, "every 2 weeks on Monday"),
    ("MONTH", 1, date(2026, 12, 1), 31, False, "monthly on the 31st (or the month's last day)"),
    ("MONTH", 1, date(2026, 12, 2), None, False, "monthly on the 2nd"),
    ("MONTH", 1, date(2027, 1, 29), None, False, "monthly on the 29th (or the month's last day)"),
    ("MONTH", 3, date(2026, 12, 1), None, True, "every 3 months on the last day"),
    ("MONTH", 2, date(2026, 12, 1), 13, False, "every 2 months on the 13th"),
    ("YEAR", 1, date(2027, 3, 5), None, False, "yearly on 5 March"),
    ("YEAR", 2, date(2028, 2, 29), None, False, "every 2 years on 29 February (28 February in other years)"),
])
def test_a_cadence_reads_as_people_say_it(frequency, every, start_on, day, last, words):
    assert schedules.cadence_words(frequency, every, start_on, day, last) == words


@pytest.mark.parametrize(("end_on", "count", "next_due_on", "words"), [
    (None, None, date(2027, 1, 1), "no end"),
    (None, 1, date(2027, 1, 1), "once"),
    (None, 12, date(2027, 1, 1), "12 times"),
    (date(2027, 12, 31), None, date(2027, 1, 1), "until 31 Dec 2027"),
    (date(2027, 12, 31), 6, date(2027, 1, 1), "6 times, until 31 Dec 2027"),
    (date(2027, 12, 31), None, None, "ended"),
])
def test_when_a_schedule_ends_reads_in_words(end_on, count, next_due_on, words):
    assert schedules.ends_words(end_on, count, next_due_on, DateFormat()) == words


def test_the_end_date_is_written_as_the_browser_writes_dates():
    assert schedules.ends_words(date(2027, 12, 31), 6, date(2027, 1, 1), DateFormat("mdy", "/")) == (
        "6 times, until Dec 31, 2027")


def test_a_created_schedule_is_listed_with_exact_amount_cadence_account_and_next_date(
    finance: FinanceClient, checking: int
):
    start_on = utc_today() + timedelta(days=1)
    category = finance.categories().filter(pl.col("category") == "Food")["category_id"][0]
    created = schedules.create_schedule(finance, monthly_gym(checking, start_on, categoryId=str(category),
                                                             count=12))
    (row,) = schedules.schedules(finance).iter_rows(named=True)
    assert row == created
    assert (row["amount"], row["currency"], row["account"], row["category"]) == (
        Decimal("12.50"), "EUR", "Checking", "Food")
    assert row["next_due_on"] == start_on and row["count"] == 12
    assert row["cadence"] == schedules.cadence_words("MONTH", 1, start_on)
    american = DateFormat("mdy", "/")
    assert schedules.schedule_summary(row, american) == (
        f"Gym, −12.50 EUR {row['cadence']}, next on {american.long_day(start_on)}")


def test_a_change_sent_with_nulls_clears_the_end_and_keeps_the_rest(finance: FinanceClient, checking: int):
    start_on = utc_today() + timedelta(days=3)
    created = schedules.create_schedule(finance, monthly_gym(checking, start_on, count=3))
    changed = schedules.update_schedule(finance, created["schedule_id"], monthly_gym(
        checking, start_on, amount="14.00", count=None, endOn=None, lastDayOfMonth=True))
    assert (changed["amount"], changed["count"], changed["end_on"]) == (Decimal("14.00"), None, None)
    assert changed["cadence"] == "monthly on the last day"
    assert schedules.schedules(finance)["amount"].to_list() == [Decimal("14.00")]


def test_a_deleted_schedule_is_gone_and_deleting_it_again_is_not_found(finance: FinanceClient, checking: int):
    created = schedules.create_schedule(finance, monthly_gym(checking, utc_today() + timedelta(days=1)))
    assert schedules.delete_schedule(finance, created["schedule_id"]) == created["schedule_id"]
    assert schedules.schedules(finance).is_empty()
    with pytest.raises(NotFoundError):
        schedules.delete_schedule(finance, created["schedule_id"])


def test_no_schedules_give_empty_frames_of_the_right_shape(finance: FinanceClient, checking: int):
    assert schedules.schedules(finance).schema == schedules.SCHEDULES_SCHEMA
    coming = schedules.upcoming(finance, 30)
    assert coming.records.is_empty() and coming.records.schema == schedules.UPCOMING_RECORDS_SCHEMA
    assert set(coming.balances["balance"]) == {Decimal("1000.00")}


def test_upcoming_lists_the_records_and_each_days_projected_balance(finance: FinanceClient, checking: int):
    today = utc_today()
    schedules.create_schedule(finance, monthly_gym(checking, today + timedelta(days=2), frequency="WEEK"))
    coming = schedules.upcoming(finance, 30)
    assert coming.today == today and coming.days == 30
    dates = coming.records["date"].to_list()
    assert dates == [today + timedelta(days=2 + 7 * week) for week in range(len(dates))] and len(dates) >= 4
    assert set(coming.records["amount"]) == {Decimal("12.50")}
    assert set(coming.records["account"]) == {"Checking"}
    balances = coming.balances.filter(pl.col("account_id") == checking).sort("date")
    assert balances["date"][0] == today and balances["currency"][0] == "EUR"
    by_date = dict(zip(balances["date"], balances["balance"]))
    assert by_date[today + timedelta(days=1)] == Decimal("1000.00")
    assert by_date[today + timedelta(days=2)] == Decimal("987.50")
    assert by_date[today + timedelta(days=9)] == Decimal("975.00")


def test_upcoming_totals_read_per_currency_without_empty_directions(finance: FinanceClient, checking: int):
    today = utc_today()
    schedules.create_schedule(finance, monthly_gym(checking, today + timedelta(days=2)))
    schedules.create_schedule(finance, monthly_gym(checking, today + timedelta(days=4), kind="INCOME",
                                                   amount="3000.00", payee="Employer"))
    coming = schedules.upcoming(finance, 30)
    assert schedules.upcoming_totals_sentence(coming.records) == (
        "2 records in EUR: out 12.50 EUR, in 3,000.00 EUR")
    assert schedules.upcoming_totals_sentence(coming.records.filter(pl.col("kind") == "expense")) == (
        "1 record in EUR: out 12.50 EUR")


def streamly_history(finance: FinanceClient, account_id: int, payee: str = "Streamly") -> None:
    """Four payments of 9.99 to `payee`, every 30 days up to five days ago: a monthly suggestion."""
    for index in range(4):
        finance.create_record(account_id=account_id, kind="expense", amount=Decimal("9.99"), payee=payee,
                              date=utc_today() - timedelta(days=5 + 30 * index))


def test_history_suggests_a_schedule_with_payee_cadence_and_typical_amount(
    finance: FinanceClient, checking: int
):
    streamly_history(finance, checking)
    (suggestion,) = schedules.suggestions(finance).iter_rows(named=True)
    assert (suggestion["payee"], suggestion["cadence"]) == ("Streamly", "monthly")
    assert (suggestion["typical_amount"], suggestion["currency"]) == (Decimal("9.99"), "EUR")
    assert (suggestion["account"], suggestion["occurrences"]) == ("Checking", 4)
    assert suggestion["next_expected_date"] > utc_today()


def test_an_accepted_suggestion_becomes_a_schedule_and_a_dismissed_one_goes(
    finance: FinanceClient, checking: int
):
    streamly_history(finance, checking)
    streamly_history(finance, checking, payee="Cafe Club")
    found = {row["payee"]: row for row in schedules.suggestions(finance).iter_rows(named=True)}
    accepted = schedules.accept_suggestion(finance, found["Streamly"]["suggestion_id"], estimated=True)
    assert (accepted["payee"], accepted["amount"]) == ("Streamly", Decimal("9.99"))
    assert accepted["estimated"]
    assert accepted["next_due_on"] == found["Streamly"]["next_expected_date"]
    key = found["Cafe Club"]["suggestion_id"]
    assert schedules.dismiss_suggestion(finance, key) == key
    assert schedules.suggestions(finance).is_empty()
    assert schedules.schedules(finance)["payee"].to_list() == ["Streamly"]


def test_the_page_runs_on_its_own_against_a_live_server(live_ledger: LiveLedger) -> None:  # noqa: F811
    accounts = live_ledger.client.accounts()
    checking = accounts.filter(pl.col("account") == "Checking")["account_id"][0]
    schedules.create_schedule(live_ledger.client, monthly_gym(checking, date.today() + timedelta(days=3)))

    finished = live_ledger.run_notebook("dashboard_schedules.py")

    assert finished.returncode == 0, finished.stderr
    assert "Traceback" not in finished.stderr and "Warning" not in finished.stderr, finished.stderr


def test_today_is_the_users_date_as_the_server_counts_due_dates(finance: FinanceClient):
    assert schedules.today(finance) == utc_today()
