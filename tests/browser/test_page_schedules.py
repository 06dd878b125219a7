"""The Recurring page in headless Chromium against the demo server, as a user of its own: add a schedule,
see it coming up with the projected balance, change it, accept and dismiss suggestions from history,
delete it; and the page on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from analytics import schedule_charts, schedule_views, schedules
from analytics.client import FinanceClient
from analytics.date_format import DateFormat
from tests.browser.conftest import DemoServer, create_account, new_tab, open_tab, register
from tests.browser.test_dashboard import TABLE_ROWS, assert_no_error_cells
from tests.browser.test_dashboard_pages import save_page
from tests.browser.test_page_net_worth import page_dates

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

CHART = ".vega-embed svg.marks, .vega-embed canvas"


@pytest.fixture
def user(demo_server: DemoServer) -> Iterator[tuple[str, FinanceClient]]:
    """A fresh user on the demo server (its schedules disturb no other test) with an EUR account and a
    history that suggests two schedules: Streamly and Cafe Club, about every 30 days."""
    with FinanceClient(demo_server.server.url) as client:
        email = register(client, "schedules")
        checking = create_account(client, name="Checking", type="CHECKING", currency="EUR",
                                  openingBalance="2000.00")
        for payee, amount in (("Streamly", "9.99"), ("Cafe Club", "25.00")):
            for index in range(4):
                client.create_record(account_id=checking, kind="expense", amount=Decimal(amount), payee=payee,
                                     date=date.today() - timedelta(days=5 + 30 * index))
        yield email, client


def sign_in(page: Any, demo: DemoServer, email: str) -> None:
    """Open the dashboard, sign in and switch to the Recurring tab."""
    open_tab(page, demo.dashboard_url, email, "Recurring")
    page.get_by_role("heading", name="Suggestions from your history").wait_for(timeout=60_000)


def add_form(page: Any) -> Any:
    """The "Add a schedule" form (the change form, when a schedule is selected, has the same fields)."""
    return page.locator("marimo-form").filter(has=page.get_by_role("button", name="Add schedule"))


def pick_schedule(page: Any, client: FinanceClient, payee: str) -> None:
    """Choose the user's schedule to `payee` in the "change or delete" picker."""
    choices = schedule_views.schedule_choices(schedules.schedules(client))
    label = next(label for label in choices if label.startswith(f"{payee} · "))
    page.get_by_label("Schedule to change or delete").select_option(label=label)
    page.get_by_role("button", name="Delete this schedule").wait_for()


def test_a_schedule_is_added_comes_up_changes_and_is_deleted(
    page: Any, demo_server: DemoServer, user: tuple[str, FinanceClient], tmp_path: Path
) -> None:
    email, client = user
    sign_in(page, demo_server, email)
    page.get_by_text("No schedules yet.").wait_for()

    form = add_form(page)
    form.get_by_role("button", name="Add schedule").click()
    page.get_by_text("Choose an account").wait_for()  # nothing is sent while something is missing
    assert page.get_by_text("Enter an amount.").is_visible()
    assert client.execute(schedules.SCHEDULES)["schedules"] == []

    form.get_by_label("Payee", exact=True).fill("Gym")
    form.get_by_label("Amount", exact=True).fill("12,50")
    form.get_by_label("Account", exact=True).select_option(label="Checking (EUR)")
    form.get_by_label("Day of the month (monthly)").select_option(label="31st")
    form.get_by_role("button", name="Add schedule").click()

    page.get_by_text("monthly on the 31st (or the month's last day)").first.wait_for(timeout=30_000)
    (saved,) = schedules.schedules(client).iter_rows(named=True)
    assert (saved["payee"], saved["amount"], saved["day_of_month"]) == ("Gym", Decimal("12.50"), 31)
    assert page.get_by_text("−12.50 EUR").first.is_visible()

    page.get_by_text("90 days", exact=True).click()
    upcoming = page.get_by_role("region", name="Records the schedules will add over the next 90 days")
    upcoming.get_by_role("row").filter(has_text="Gym").first.wait_for()
    assert upcoming.get_by_role("row").filter(has_text="Gym").count() >= 2
    page.get_by_text("The chart in words").scroll_into_view_if_needed()
    page.locator(CHART).first.wait_for(timeout=30_000)
    page.get_by_text("The chart in words").click()
    (in_words,) = schedule_charts.projected_balance_sentences(schedules.upcoming(client, 90).balances,
                                                              page_dates(page))
    page.get_by_role("region", name="The chart in words").get_by_text(in_words).wait_for()
    save_page(page, "dashboard-recurring.png", tmp_path)
    page.set_viewport_size({"width": 1280, "height": 900})

    pick_schedule(page, client, "Gym")
    change = page.locator("marimo-form").filter(has=page.get_by_role("button", name="Save changes"))
    change.get_by_label("Amount", exact=True).fill("14.00")
    change.get_by_role("button", name="Save changes").click()
    page.get_by_text("Saved: Gym, −14.00 EUR").wait_for(timeout=30_000)
    assert schedules.schedules(client)["amount"].to_list() == [Decimal("14.00")]

    page.get_by_label("Accept with the amount as an estimate", exact=False).check()
    page.wait_for_timeout(1000)  # the buttons are made again, to read the box when clicked
    page.get_by_role("button", name="Accept Streamly").click()
    page.get_by_text("Scheduled: Streamly, −9.99 EUR (estimated)").wait_for(timeout=30_000)
    page.get_by_role("button", name="Dismiss Cafe Club").click()
    page.get_by_text("Dismissed Cafe Club").wait_for(timeout=30_000)
    assert sorted(schedules.schedules(client)["payee"]) == ["Gym", "Streamly"]
    assert schedules.schedules(client).filter(pl.col("payee") == "Streamly")["estimated"].to_list() == [True]
    assert schedules.suggestions(client).is_empty()
    page.get_by_text("No suggestions right now.", exact=False).wait_for()

    pick_schedule(page, client, "Gym")
    page.get_by_role("button", name="Delete this schedule").click()
    page.get_by_text("Deleted: Gym").wait_for(timeout=30_000)
    assert schedules.schedules(client)["payee"].to_list() == ["Streamly"]
    assert_no_error_cells(page)


def test_a_schedule_due_today_is_on_the_overview_at_once(
    page: Any, demo_server: DemoServer, user: tuple[str, FinanceClient]
) -> None:
    email, _ = user
    sign_in(page, demo_server, email)
    form = add_form(page)
    form.get_by_label("Payee", exact=True).fill("Window cleaner")
    form.get_by_label("Amount", exact=True).fill("30")
    form.get_by_label("Account", exact=True).select_option(label="Checking (EUR)")
    form.get_by_role("button", name="Add schedule").click()  # the first date is today: a record now
    page.get_by_text("Added: Window cleaner").wait_for(timeout=30_000)

    page.get_by_role("tab", name="Overview").click()  # the dashboard ran again on the page's write
    page.locator(TABLE_ROWS).get_by_text("Window cleaner").wait_for(timeout=30_000)
    assert_no_error_cells(page)


def test_the_page_fits_a_phone(
    browser: Any, demo_server: DemoServer, user: tuple[str, FinanceClient], tmp_path: Path
) -> None:
    email, client = user
    schedules.accept_suggestion(client, schedules.suggestions(client)["suggestion_id"][0])
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        sign_in(phone, demo_server, email)
        phone.get_by_text("The chart in words").scroll_into_view_if_needed()
        phone.locator(CHART).first.wait_for(timeout=30_000)
        overflow = phone.evaluate("document.getElementById('App').scrollWidth") - 390
        assert overflow <= 0, f"the page is {overflow}px wider than the phone"
        save_page(phone, "dashboard-recurring-phone.png", tmp_path)
        assert_no_error_cells(phone)
    finally:
        phone.close()


def test_a_deleted_schedule_comes_back_with_undo_without_its_records_twice(
    page: Any, demo_server: DemoServer, user: tuple[str, FinanceClient]
) -> None:
    email, client = user
    checking = int(client.accounts()["account_id"][0])
    start = schedules.today(client) - timedelta(days=20)  # made three records already: 20, 13 and 6 days ago
    created = schedules.create_schedule(client, {
        "accountId": str(checking), "kind": "EXPENSE", "amount": "7.00", "frequency": "WEEK", "every": 1,
        "startOn": start.isoformat(), "count": 5, "payee": "Laundry",
    })
    records = client.records_page(None, first=1)["totalCount"]
    sign_in(page, demo_server, email)

    pick_schedule(page, client, "Laundry")
    page.get_by_role("button", name="Delete this schedule").click()
    page.get_by_text("Deleted: Laundry").wait_for(timeout=30_000)
    assert schedules.schedules(client).is_empty()
    page.get_by_role("button", name="Undo").click()

    page.get_by_text("Restored: Laundry").wait_for(timeout=30_000)
    (restored,) = schedules.schedules(client).iter_rows(named=True)
    assert (restored["next_due_on"], restored["count"]) == (created["next_due_on"], 2)
    assert client.records_page(None, first=1)["totalCount"] == records
    assert page.get_by_role("button", name="Undo").count() == 0  # undone once, nothing more to undo
    assert_no_error_cells(page)


def test_in_a_german_tab_the_page_writes_dates_as_the_overview_does(
    browser: Any, demo_server: DemoServer, user: tuple[str, FinanceClient]
) -> None:
    email, client = user
    accepted = schedules.accept_suggestion(client, schedules.suggestions(client)["suggestion_id"][0])
    german = DateFormat("dmy", ".")
    with new_tab(browser, locale="de-DE") as page:
        sign_in(page, demo_server, email)
        # The card in words, the upcoming table in numbers (as the records table does); the chart's axis is
        # drawn on canvas, its format tested in tests/analytics/test_schedule_charts.py.
        page.get_by_text(f"Next on {german.long_day(accepted['next_due_on'])}").first.wait_for()
        upcoming = page.get_by_role("region", name="Records the schedules will add over the next 30 days")
        upcoming.get_by_role("cell", name=german.day(accepted["next_due_on"]), exact=True).first.wait_for()
        assert_no_error_cells(page)
