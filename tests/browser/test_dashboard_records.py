"""Working with records in the dashboard, in headless Chromium: select a row to edit it in a prefilled form
or delete it, undo either, keep the selection while adding a record, and an add-record form that keeps
what was typed when refused, reads a decimal comma in a German browser and speaks plainly; a month or a
payee clicked in the charts narrows the records.

Each test that writes signs up a user of its own, so the demo user's figures (other tests count them) stay
as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from analytics.client import FinanceClient, RecordFilter
from analytics.periods import month_end, shift_months
from tests.browser.conftest import DemoServer, create_account, register, sign_in_as
from tests.browser.test_dashboard import (
    PAYEE_COLUMN,
    TABLE_ROWS,
    assert_no_error_cells,
    record_count,
    sign_in,
    wait_for_column,
)

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

PAYEES = ("Corner bakery", "Bookshop", "Employer")
DATE_COLUMN = PAYEE_COLUMN - 1


@dataclass(frozen=True)
class Writer:
    """A user of one test: a EUR account with three records this month, and an API client signed in."""

    email: str
    client: FinanceClient
    account_id: int

    def records(self) -> list[dict[str, Any]]:
        """Every record of the user, newest first, as the records table's nodes."""
        nodes: list[dict[str, Any]] = self.client.records_page(RecordFilter(), first=50)["nodes"]
        return nodes

    def payees(self) -> set[str]:
        """The payees of the user's records."""
        return {node["payee"] for node in self.records()}


@pytest.fixture
def writer(demo_server: DemoServer) -> Iterator[Writer]:
    """A new user with an account "Everyday" (EUR) and three records dated today."""
    with FinanceClient(demo_server.server.url) as client:
        email = register(client, "records")
        account_id = create_account(client, name="Everyday", type="CHECKING", currency="EUR")
        today = date.today()
        for payee, kind, amount in zip(PAYEES, ("expense", "expense", "income"), ("4.20", "18.90", "2000")):
            client.create_record(account_id=account_id, kind=kind, amount=Decimal(amount), date=today,
                                 payee=payee)
        yield Writer(email=email, client=client, account_id=account_id)


@pytest.fixture
def open_dashboard(browser: Any, demo_server: DemoServer, writer: Writer) -> Iterator[Callable[..., Any]]:
    """Opens a tab in a language (English by default) signed in as the writer, once the records show;
    the tabs close after the test."""
    pages: list[Any] = []

    def open_tab(locale: str = "en-GB") -> Any:
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale=locale)
        pages.append(page)
        sign_in_as(page, demo_server.dashboard_url, writer.email)
        page.locator(TABLE_ROWS).first.wait_for(timeout=60_000)
        return page

    yield open_tab
    for page in pages:
        page.close()


def press(page: Any, button: str, then_shown: str) -> None:
    """Click a button and wait for the message it leads to."""
    page.get_by_role("button", name=button).click()
    page.get_by_text(then_shown).wait_for()


def form(page: Any, button: str) -> Any:
    """The form whose submit button says `button` ("Add record", "Save changes")."""
    return page.locator("marimo-form").filter(has=page.get_by_role("button", name=button))


def add_record(page: Any, amount: str, payee: str) -> None:
    """Add an expense to the account "Everyday (EUR)" with the add-record form, and wait until it is added."""
    adding = form(page, "Add record")
    adding.get_by_label("Account", exact=True).select_option(label="Everyday (EUR)")
    adding.get_by_label("Amount", exact=True).fill(amount)
    adding.get_by_label("Payee", exact=True).fill(payee)
    press(page, "Add record", then_shown=f"Added −{amount} EUR at {payee}")


def select_row(page: Any, payee: str) -> None:
    """Tick the records table's row of the payee."""
    page.locator(TABLE_ROWS).filter(has_text=payee).get_by_role("checkbox", name="Select row").click()
    page.get_by_role("heading", name="Edit the selected record · ").filter(has_text=payee).wait_for()


def node_of(writer: Writer, payee: str) -> dict[str, Any] | None:
    """The user's record of the payee, as the API has it now."""
    return next((node for node in writer.records() if node["payee"] == payee), None)


def test_a_selected_record_is_edited_in_a_prefilled_form_and_the_edit_undone(
    open_dashboard: Callable[..., Any], writer: Writer
) -> None:
    page = open_dashboard()
    before = node_of(writer, "Bookshop")

    select_row(page, "Bookshop")
    editing = form(page, "Save changes")
    assert editing.get_by_label("Amount", exact=True).input_value() == "18.90"
    assert editing.get_by_label("Payee", exact=True).input_value() == "Bookshop"
    editing.get_by_label("Amount", exact=True).fill("19.50")
    editing.get_by_label("Payee", exact=True).fill("Bookshop café")
    press(page, "Save changes", then_shown="Saved: −19.50 EUR at Bookshop café")

    wait_for_column(page, PAYEE_COLUMN, lambda payees: "Bookshop café" in payees)
    edited = node_of(writer, "Bookshop café")
    assert edited is not None and (edited["id"], edited["amount"]) == (before["id"], "19.50")
    press(page, "Undo", then_shown="Undone: −18.90 EUR at Bookshop")
    wait_for_column(page, PAYEE_COLUMN, lambda payees: "Bookshop café" not in payees)
    assert node_of(writer, "Bookshop") == before
    assert_no_error_cells(page)


def test_a_selected_record_is_deleted_and_the_undo_puts_it_back(
    open_dashboard: Callable[..., Any], writer: Writer
) -> None:
    page = open_dashboard()
    before = node_of(writer, "Corner bakery")
    assert before is not None

    select_row(page, "Corner bakery")
    press(page, "Delete this record", then_shown="Deleted −4.20 EUR at Corner bakery")

    wait_for_column(page, PAYEE_COLUMN, lambda payees: "Corner bakery" not in payees)
    assert node_of(writer, "Corner bakery") is None
    press(page, "Undo", then_shown="Undone: −4.20 EUR at Corner bakery")
    wait_for_column(page, PAYEE_COLUMN, lambda payees: "Corner bakery" in payees)
    again = node_of(writer, "Corner bakery")
    assert again is not None and {**again, "id": before["id"]} == before
    assert_no_error_cells(page)


def test_the_selection_survives_adding_a_record(
    open_dashboard: Callable[..., Any], writer: Writer
) -> None:
    page = open_dashboard()
    select_row(page, "Bookshop")

    add_record(page, "3.10", "Kiosk")

    wait_for_column(page, PAYEE_COLUMN, lambda payees: "Kiosk" in payees)
    checkbox = page.locator(TABLE_ROWS).filter(has_text="Bookshop").get_by_role("checkbox", name="Select row")
    assert checkbox.get_attribute("aria-checked") == "true"
    assert page.get_by_role("heading", name="Edit the selected record · −18.90 EUR at Bookshop").is_visible()
    assert_no_error_cells(page)


def test_a_refused_record_keeps_what_was_typed_says_what_to_do_and_reads_a_decimal_comma(
    open_dashboard: Callable[..., Any], writer: Writer
) -> None:
    page = open_dashboard(locale="de-DE")
    adding = form(page, "Add record")
    assert adding.get_by_label("Amount", exact=True).get_attribute("placeholder") == "12,50"

    adding.get_by_label("Amount", exact=True).fill("12,50")
    adding.get_by_label("Payee", exact=True).fill("Bäckerei")
    press(page, "Add record", then_shown="Not added. Choose an account.")

    assert page.get_by_text("input.", exact=False).count() == 0
    assert adding.get_by_label("Amount", exact=True).input_value() == "12,50"
    assert adding.get_by_label("Payee", exact=True).input_value() == "Bäckerei"
    adding.get_by_label("Account", exact=True).select_option(label="Everyday (EUR)")
    press(page, "Add record", then_shown="Added −12.50 EUR at Bäckerei")
    added = node_of(writer, "Bäckerei")
    assert added is not None and added["amount"] == "12.50"
    from playwright.sync_api import expect  # the browser tests' own dependency

    expect(adding.get_by_label("Payee", exact=True)).to_have_value("")  # a fresh form once added
    select_row(page, "Bookshop")
    assert form(page, "Save changes").get_by_label("Amount", exact=True).input_value() == "18,90"
    assert_no_error_cells(page)


def test_clicking_a_month_or_a_payee_narrows_the_records(browser: Any, demo_server: DemoServer) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="en-GB")
    try:
        sign_in(page, demo_server)
        client = demo_server.client()
        month = shift_months(date.today().replace(day=1), -1)
        in_month = RecordFilter(date_from=month, date_to=month_end(month))

        page.locator(f"marimo-vega path[aria-label*='Month: {month:%B %Y}; Flow: Expense']").first.click()

        page.get_by_text(f"Showing {month:%B %Y} only").wait_for()
        page.get_by_text(f"1–25 of {record_count(client, in_month):,}").wait_for()
        wait_for_column(page, DATE_COLUMN, lambda days: {day[3:] for day in days} == {f"{month:%m/%Y}"})
        page.locator("marimo-vega path[aria-label*='payee: Lidl;']").first.click()
        lidl = RecordFilter(**vars(in_month) | {"payees": ("Lidl",)})
        page.get_by_text(f"Showing {month:%B %Y} · Lidl only").wait_for()
        page.get_by_text(f"of {record_count(client, lidl):,}", exact=False).wait_for()
        wait_for_column(page, PAYEE_COLUMN, lambda payees: payees == {"Lidl"})
        assert_no_error_cells(page)
    finally:
        page.close()


def test_an_added_record_is_taken_back_with_undo(open_dashboard: Callable[..., Any], writer: Writer) -> None:
    page = open_dashboard()
    add_record(page, "2.40", "Newsagent")
    wait_for_column(page, PAYEE_COLUMN, lambda payees: "Newsagent" in payees)
    assert node_of(writer, "Newsagent") is not None

    press(page, "Undo", then_shown="Undone: removed −2.40 EUR at Newsagent")

    wait_for_column(page, PAYEE_COLUMN, lambda payees: "Newsagent" not in payees)
    assert node_of(writer, "Newsagent") is None and writer.payees() == set(PAYEES)
    assert page.get_by_role("button", name="Undo").count() == 0
    assert_no_error_cells(page)
