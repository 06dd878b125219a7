"""The Goals page in headless Chromium: a fresh user on the demo server adds a goal, reads what the API says
about it (progress, the monthly amount still needed, the pace), is told plainly what was refused, changes
it, deletes it and undoes that; on a laptop and on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from analytics import goals
from tests.browser.conftest import (
    PHONE,
    DemoServer,
    User,
    create_account,
    new_user,
    open_tab,
    user_of_their_own,
)
from tests.browser.test_dashboard import assert_no_error_cells
from tests.browser.test_dashboard_pages import save_page
from tests.browser.test_page_net_worth import page_dates

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

PROGRESS_BARS = "[role=progressbar]"
CHARTS = ".fintrack-figure .vega-embed canvas, .fintrack-figure .vega-embed svg.marks"  # this page's only


@dataclass(frozen=True)
class Saver(User):
    """A user of their own on the shared demo server, with a savings account that grows 200.00 EUR a month."""

    savings: int


@pytest.fixture
def saver(demo_server: DemoServer) -> Iterator[Saver]:
    """A freshly registered user (writes here disturb no other test), signed in through the API."""
    with user_of_their_own(demo_server.server.url, "goals") as user:
        savings = create_account(user.client, name="Savings", type="SAVINGS", currency="EUR",
                                 openingBalance="1000.00")
        for months_ago in range(1, 5):
            user.client.create_record(account_id=savings, kind="income", amount=Decimal("200.00"),
                                      date=date.today() - timedelta(days=30 * months_ago),
                                      payee="Standing order")
        yield Saver(email=user.email, client=user.client, savings=savings)


def open_goals(page: Any, demo: DemoServer, saver: Saver) -> None:
    """Sign in as the saver and switch to the Goals tab."""
    open_tab(page, demo.dashboard_url, saver.email, "Goals")


def fill_goal(page: Any, name: str, target: str, index: int = 0) -> None:
    """Type a goal into the add form (index 0) or the change form (1); every field found by its label."""
    page.get_by_label("Name", exact=True).nth(index).fill(name)
    page.get_by_label("Account", exact=True).nth(index).select_option(label="Savings (EUR)")
    page.get_by_label("Target amount").nth(index).fill(target)


def test_a_goal_is_added_and_shows_the_apis_progress_needed_amount_and_pace(
    page: Any, demo_server: DemoServer, saver: Saver, tmp_path: Path
) -> None:
    open_goals(page, demo_server, saver)
    page.get_by_text("No goals yet.").wait_for()

    fill_goal(page, "New bike", "5000,50")  # a decimal comma
    page.get_by_role("button", name="Add goal").click()

    page.get_by_text("Added the goal New bike.").wait_for(timeout=30_000)
    [goal] = goals.goals_frame(saver.client).iter_rows(named=True)
    assert (goal["target"], goal["current"]) == (Decimal("5000.50"), Decimal("1800.00"))
    today = date.today()
    card = page.locator(".fintrack-goal")
    for sentence in (goals.needed_sentence(goal, today), goals.pace_sentence(goal, today)):
        assert card.get_by_text(sentence).is_visible()
    assert card.get_by_text("1,800.00 EUR saved · 36.0%").is_visible()
    bar = page.locator(PROGRESS_BARS)
    assert bar.get_attribute("aria-valuenow") == "36.0"
    dates = page_dates(page)
    assert bar.get_attribute("aria-label") == goals.progress_sentence(goal, dates)
    page.locator(CHARTS).first.wait_for()
    page.get_by_text("Show as text").first.click()
    page.get_by_text(f"{goals.progress_sentence(goal, dates)}. {goals.pace_sentence(goal, today)}").wait_for()
    # Over time: the history chart of the first goal, ending with today's saved amount.
    assert page.get_by_label("Show the history of").input_value() != ""
    page.get_by_text("Show as text").nth(1).click()
    page.get_by_text(f"{dates.long_day(today)}: 1,800.00 EUR saved", exact=True).wait_for()
    assert page.get_by_label("Name", exact=True).first.input_value() == ""  # an empty form for the next one
    save_page(page, "dashboard-goals.png", tmp_path)
    assert_no_error_cells(page)


def test_refusals_are_plain_and_keep_what_was_typed(page: Any, demo_server: DemoServer, saver: Saver) -> None:
    open_goals(page, demo_server, saver)

    fill_goal(page, "Trip", "a lot")
    page.get_by_role("button", name="Add goal").click()
    page.get_by_text("Target amount: Enter the amount as a number, like 12.50.").wait_for(timeout=30_000)

    page.get_by_label("Target amount").first.fill("0")
    page.get_by_role("button", name="Add goal").click()
    page.get_by_text("Target amount: Enter an amount more than zero, like 12.50.").wait_for(timeout=30_000)

    assert page.get_by_label("Name", exact=True).first.input_value() == "Trip"
    assert goals.goals_frame(saver.client).is_empty()
    assert_no_error_cells(page)


def test_a_goal_is_changed_deleted_and_the_delete_undone(
    page: Any, demo_server: DemoServer, saver: Saver
) -> None:
    goals.create_goal(saver.client, name="Bike", account_id=saver.savings, target=Decimal("3000.00"),
                      target_date=date.today() + timedelta(days=400), share_percent=50)
    open_goals(page, demo_server, saver)
    page.locator(PROGRESS_BARS).wait_for(timeout=30_000)

    page.get_by_label("Goal", exact=True).select_option(label="Bike · Savings")
    assert page.get_by_label("Target amount").nth(1).input_value() == "3000.00"
    assert page.get_by_label("Share of the balance (%)").nth(1).input_value() == "50"
    page.get_by_label("Name", exact=True).nth(1).fill("Road bike")
    page.get_by_role("button", name="Save changes").click()

    page.get_by_text("Saved the goal Road bike.").wait_for(timeout=30_000)
    [changed] = goals.goals_frame(saver.client).iter_rows(named=True)
    assert (changed["name"], changed["share_percent"]) == ("Road bike", 50)
    assert page.locator(".fintrack-goal").get_by_text("900.00 EUR saved · 30.0%").is_visible()

    page.get_by_label("Goal", exact=True).select_option(label="Road bike · Savings")
    page.get_by_role("button", name="Delete goal").click()
    page.get_by_text("Deleted the goal Road bike.").wait_for(timeout=30_000)
    assert page.get_by_text("No goals yet.").is_visible()
    assert goals.goals_frame(saver.client).is_empty()

    page.get_by_role("button", name="Undo").click()
    page.get_by_text("Restored the goal Road bike.").wait_for(timeout=30_000)
    [restored] = goals.goals_frame(saver.client).iter_rows(named=True)
    assert {name: restored[name] for name in ("name", "target", "target_date", "share_percent")} == {
        name: changed[name] for name in ("name", "target", "target_date", "share_percent")
    }
    page.locator(PROGRESS_BARS).wait_for()
    assert_no_error_cells(page)


def test_without_accounts_the_page_says_what_to_do_first(page: Any, demo_server: DemoServer) -> None:
    open_tab(page, demo_server.dashboard_url, new_user(demo_server.server.url, "goals"), "Goals")

    page.get_by_text("No goals yet.").wait_for()
    assert page.get_by_text("add an account on the Accounts tab first").is_visible()
    assert page.get_by_role("button", name="Add goal").count() == 0
    assert_no_error_cells(page)


def test_on_a_phone_the_goal_cards_fit_the_screen(
    phone: Any, demo_server: DemoServer, saver: Saver, tmp_path: Path
) -> None:
    goals.create_goal(saver.client, name="Emergency fund", account_id=saver.savings,
                      target=Decimal("6000.00"), target_date=date.today() + timedelta(days=700))
    open_goals(phone, demo_server, saver)
    phone.locator(PROGRESS_BARS).wait_for(timeout=30_000)

    card = phone.locator(".fintrack-goal").bounding_box()
    assert card["x"] >= 0 and card["x"] + card["width"] <= PHONE["width"]
    assert phone.evaluate("document.getElementById('App').scrollWidth <= window.innerWidth")
    save_page(phone, "dashboard-goals-phone.png", tmp_path)
    assert_no_error_cells(phone)
