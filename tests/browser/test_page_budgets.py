"""The dashboard's Budgets page in headless Chromium: set a budget, see its progress and the overspending
warning, edit it, delete it, step through months; every figure as the API's budgetReport gives it.

A user of its own (registered here) writes the budgets, so other tests on the demo server see none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from analytics import budgets
from tests.browser.conftest import DemoServer, User, create_account, new_tab, open_tab, user_of_their_own
from tests.browser.test_dashboard import assert_no_error_cells
from tests.browser.test_dashboard_pages import save_page

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

WRITE_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class BudgetUser(User):
    """A fresh user with a EUR account and this month's groceries (120.00) and a Food refund (20.00)."""

    food: int


@pytest.fixture
def budget_user(demo_server: DemoServer) -> Iterator[BudgetUser]:
    """A user of this test only, signed in through the API as well."""
    with user_of_their_own(demo_server.server.url, "budgets") as user:
        checking = create_account(user.client, name="Checking", type="CHECKING", currency="EUR")
        categories = user.client.categories()
        ids = dict(zip(categories["full_name"], categories["category_id"]))
        for amount, category in (("120.00", "Food / Groceries"), ("-20.00", "Food")):
            user.client.create_record(account_id=checking, kind="expense", amount=Decimal(amount),
                                      date=date.today(), category_id=ids[category], payee="Grocer")
        yield BudgetUser(email=user.email, client=user.client, food=ids["Food"])


def open_budgets(page: Any, demo: DemoServer, user: BudgetUser) -> None:
    """Sign in as the user and open the Budgets tab."""
    open_tab(page, demo.dashboard_url, user.email, "Budgets")
    page.get_by_role("button", name="Set budget").wait_for(timeout=60_000)


def this_month() -> date:
    return budgets.month_start(date.today())


def assert_figures_match_the_api(page: Any, user: BudgetUser, month: date) -> budgets.BudgetReport:
    """Every progress bar, total and warning on the page says what the API's budgetReport says."""
    report = budgets.budget_report(user.client, month)
    bars = page.locator("[role=progressbar]")
    shown = [bars.nth(index).get_attribute("aria-valuetext") for index in range(bars.count())]
    assert shown == [f"{budgets.percent_text(row)}: {budgets.line_sentence(row)}"
                     for row in report.lines.iter_rows(named=True)]
    for total in report.totals.iter_rows(named=True):
        assert page.get_by_text(budgets.total_sentence(total), exact=True).is_visible()
    for row in report.overspending.iter_rows(named=True):
        assert page.get_by_text(budgets.overspend_sentence(row, report), exact=True).is_visible()
    if report.overspending.is_empty() and not report.lines.is_empty():
        assert page.get_by_text(budgets.on_track_sentence(report), exact=True).is_visible()
    return report


def assert_chart_drawn(page: Any, count: int) -> None:
    """The page draws `count` charts (one per currency); charts below the fold draw once scrolled to."""
    page.get_by_role("heading", name="Budget against spending").scroll_into_view_if_needed()
    page.locator(".vega-embed svg.marks").first.wait_for()
    assert page.locator(".vega-embed svg.marks").count() == count


def test_a_budget_is_set_shown_edited_and_deleted(
    page: Any, demo_server: DemoServer, budget_user: BudgetUser, tmp_path: Path
) -> None:
    month = budgets.month_name(this_month())
    open_budgets(page, demo_server, budget_user)
    assert page.get_by_text(f"No budgets for {month} yet.", exact=False).is_visible()

    page.get_by_label("Category").select_option(label="Food")
    page.get_by_label("Amount per month").fill("eighty")
    page.get_by_role("button", name="Set budget").click()
    page.get_by_text("Enter the amount as a number, like 12.50.").wait_for()
    assert budgets.budgets(budget_user.client).is_empty()

    page.get_by_label("Amount per month").fill("80")
    page.get_by_role("button", name="Set budget").click()

    page.get_by_text("Set a budget of 80.00 EUR a month for Food.").wait_for(timeout=WRITE_TIMEOUT_MS)
    page.get_by_text("Projected overspending").wait_for()
    report = assert_figures_match_the_api(page, budget_user, this_month())
    food = report.lines.row(0, named=True)
    assert (food["spent"], food["available"]) == (Decimal("100.00"), Decimal("80.00"))  # the refund nets
    assert_chart_drawn(page, count=1)
    save_page(page, "dashboard-budgets.png", tmp_path)

    page.get_by_role("button", name="Edit Food budget in EUR").click()
    page.get_by_label("Amount per month (EUR)").fill("250")
    carry = page.get_by_role("radio", name="Carry what is left (or overspent) into next month")
    carry.first.check()  # the editor's; the new-budget form's comes after it
    page.get_by_role("button", name="Save changes").click()

    page.get_by_text("Saved the budget for Food.").wait_for(timeout=WRITE_TIMEOUT_MS)
    report = assert_figures_match_the_api(page, budget_user, this_month())
    assert report.lines["budgeted"].to_list() == [Decimal("250.00")]
    assert report.lines["rollover"].to_list() == ["CARRY"]

    page.get_by_role("button", name="Edit Food budget in EUR").click()
    page.get_by_role("button", name="Delete budget").click()

    page.get_by_text(f"Deleted the budget for Food (every month from {month} on).").wait_for(
        timeout=WRITE_TIMEOUT_MS)
    page.get_by_text(f"No budgets for {month} yet.", exact=False).wait_for()
    assert budgets.budgets(budget_user.client).is_empty()

    page.get_by_role("button", name="Undo").click()

    page.get_by_text("Restored the budget for Food.").wait_for(timeout=WRITE_TIMEOUT_MS)
    report = assert_figures_match_the_api(page, budget_user, this_month())
    assert report.lines.select("budgeted", "rollover").rows() == [(Decimal("250.00"), "CARRY")]
    assert_no_error_cells(page)


def test_the_month_picker_keeps_its_month_across_a_write(
    page: Any, demo_server: DemoServer, budget_user: BudgetUser
) -> None:
    previous = budgets.shift_month(this_month(), -1)
    open_budgets(page, demo_server, budget_user)

    page.get_by_role("button", name=f"← {budgets.short_month_name(previous)}").click()
    page.get_by_role("heading", name=f"Budgets · {budgets.month_name(previous)}").wait_for()
    page.get_by_label("Category").select_option(label="Food")
    page.get_by_label("Amount per month").fill("1,250.50")
    page.get_by_role("radio", name=f"{budgets.month_name(previous)} only").check()
    page.get_by_role("button", name="Set budget").click()

    page.get_by_text("Set a budget of 1,250.50 EUR a month for Food.").wait_for(timeout=WRITE_TIMEOUT_MS)
    assert page.get_by_role("heading", name=f"Budgets · {budgets.month_name(previous)}").is_visible()
    rows = budgets.budgets(budget_user.client).to_dicts()
    assert [(row["month"], row["repeats"], row["amount"]) for row in rows] == [
        (previous, False, Decimal("1250.50"))]
    assert_figures_match_the_api(page, budget_user, previous)

    page.get_by_role("button", name="This month").click()
    page.get_by_text(f"No budgets for {budgets.month_name(this_month())} yet.", exact=False).wait_for()
    assert_no_error_cells(page)


def test_in_german_amounts_are_read_and_shown_with_a_decimal_comma_like_the_record_form(
    browser: Any, demo_server: DemoServer, budget_user: BudgetUser
) -> None:
    with new_tab(browser, locale="de-DE") as page:
        open_budgets(page, demo_server, budget_user)
        page.get_by_label("Category").select_option(label="Food")
        page.get_by_label("Amount per month").fill("1,250")  # 1.25 where the comma is the decimal mark
        page.get_by_role("button", name="Set budget").click()
        page.get_by_text("EUR amounts have at most 2 decimal places, like 12,50.").wait_for()
        assert budgets.budgets(budget_user.client).is_empty()

        page.get_by_label("Amount per month").fill("1.250,5")
        page.get_by_role("button", name="Set budget").click()
        page.get_by_text("Set a budget of 1,250.50 EUR a month for Food.").wait_for(timeout=WRITE_TIMEOUT_MS)
        assert budgets.budgets(budget_user.client)["amount"].to_list() == [Decimal("1250.50")]

        page.get_by_role("button", name="Edit Food budget in EUR").click()
        assert page.get_by_label("Amount per month (EUR)").input_value() == "1250,50"
        assert_no_error_cells(page)


def test_on_a_phone_the_page_fits_the_screen_with_a_chart_per_currency(
    phone: Any, demo_server: DemoServer, budget_user: BudgetUser, tmp_path: Path
) -> None:
    for currency, amount in (("EUR", "300"), ("USD", "50")):
        budgets.set_budget(budget_user.client, category_id=budget_user.food, currency=currency,
                           month=this_month(), amount=amount)
    open_budgets(phone, demo_server, budget_user)
    assert_chart_drawn(phone, count=2)  # one per currency: amounts never share an axis
    assert phone.get_by_text("In USD", exact=True).is_visible()
    assert phone.get_by_role("button", name="Edit Food budget in USD").is_visible()

    overflow = phone.evaluate("(() => { const app = document.getElementById('App');"
                              " return app.scrollWidth - app.clientWidth; })()")
    assert overflow <= 0
    assert_figures_match_the_api(phone, budget_user, this_month())
    save_page(phone, "dashboard-budgets-phone.png", tmp_path)
    assert_no_error_cells(phone)


def test_a_budget_is_set_and_changed_with_the_keyboard_only(
    page: Any, demo_server: DemoServer, budget_user: BudgetUser
) -> None:
    open_budgets(page, demo_server, budget_user)

    page.get_by_label("Category").focus()
    page.keyboard.type("Food")  # a focused select picks the option typed
    page.get_by_label("Amount per month").focus()
    page.keyboard.type("90")
    page.get_by_role("button", name="Set budget").focus()
    page.keyboard.press("Enter")

    page.get_by_text("Set a budget of 90.00 EUR a month for Food.").wait_for(timeout=WRITE_TIMEOUT_MS)
    page.get_by_role("button", name="Edit Food budget in EUR").focus()
    page.keyboard.press("Enter")
    amount = page.get_by_label("Amount per month (EUR)")
    amount.wait_for()
    page.keyboard.press("Tab")  # the editor comes right after its Edit button
    assert amount.evaluate("field => field.matches(':focus')")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("95")
    page.keyboard.press("Control+Enter")  # submits a marimo form

    page.get_by_text("Saved the budget for Food.").wait_for(timeout=WRITE_TIMEOUT_MS)
    assert budgets.budgets(budget_user.client)["amount"].to_list() == [Decimal("95.00")]
    assert_figures_match_the_api(page, budget_user, this_month())
