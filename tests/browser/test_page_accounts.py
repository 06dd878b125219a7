"""The first visit in headless Chromium, from an empty database: sign up, follow the Accounts page's
guide (an account, a category with a sub-category, renamed and recoloured), then add a record on the
Overview and see it; archiving and deleting with their warnings; the page on a laptop and a phone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from playwright.sync_api import expect

from analytics import ledger_setup
from analytics.client import FinanceClient
from tests.browser.conftest import PASSWORD, PHONE, new_user, open_tab, register, serving_after
from tests.browser.test_dashboard import assert_no_error_cells
from tests.browser.test_dashboard_pages import save_page
from tests.e2e.conftest import RunningServer

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

EMAIL = "first.visit@example.com"
TABLE_ROWS = "marimo-table table tbody tr"


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A server on a migrated, empty database (no users), showing failing cells' tracebacks."""
    with serving_after(tmp_path_factory, "first-visit", "migrate") as (server, _printed):
        yield server


def sign_up(page: Any, url: str) -> None:
    """Create an account on the sign-in screen; a password that is too short is refused plainly first."""
    page.goto(f"{url}/dashboard/")
    page.get_by_text("Create an account", exact=True).click()
    page.get_by_label("Repeat the password").wait_for()  # the sign-up form replaces the sign-in form
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill("too short")
    page.get_by_label("Repeat the password").fill("too short")
    page.get_by_role("button", name="Create account").click()
    page.get_by_text("Choose a password of at least 12 characters").wait_for(timeout=30_000)

    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_text(f"Signed in as {EMAIL}").wait_for(timeout=30_000)


def select(page: Any, label: str, option: str, nth: int = 0) -> None:
    """Choose an option of a labelled dropdown (the nth of that label on the page)."""
    page.get_by_label(label, exact=True).nth(nth).select_option(label=option)


def test_a_new_user_signs_up_sets_up_and_adds_a_record(
    page: Any, empty_server: RunningServer, tmp_path: Path
) -> None:
    sign_up(page, empty_server.url)
    page.get_by_text("open the Accounts tab").wait_for(timeout=30_000)

    page.get_by_role("tab", name="Accounts").click()
    page.get_by_text("Three steps to get started").wait_for(timeout=30_000)
    save_page(page, "dashboard-first-visit.png", tmp_path)

    # 1. An account: a plain error first, then an amount with a decimal comma.
    add_account = page.locator("form", has=page.get_by_role("button", name="Add account"))
    add_account.get_by_label("Name", exact=True).fill("Main checking")
    add_account.get_by_label("Balance today").fill("1250,50")
    add_account.get_by_role("button", name="Add account").click()
    page.get_by_text("Choose a currency").wait_for()
    add_account.get_by_label("Currency").select_option(label="EUR · Euro")
    add_account.get_by_role("button", name="Add account").click()
    page.get_by_text("1,250.50 EUR").first.wait_for(timeout=30_000)
    page.get_by_text("Added Main checking with 1,250.50 EUR.").wait_for()

    # 2. A category with a sub-category, then renamed and recoloured.
    add_category = page.locator("form", has=page.get_by_role("button", name="Add category"))
    add_category.get_by_label("Name", exact=True).fill("Pets")
    add_category.get_by_role("button", name="Add category").click()
    page.get_by_text("Added Pets (expense).").wait_for(timeout=30_000)
    # The outcome is said with the refreshed page: the tree holds Pets already, and what is typed at once
    # stays (said a moment earlier, the refresh then emptied the form).
    expense_tree = page.get_by_role("list", name="expense categories")
    assert expense_tree.get_by_text("Pets", exact=True).is_visible()
    add_category.get_by_label("Name", exact=True).fill("Vet")
    add_category.get_by_label("Under").select_option(label="Pets (expense)")
    add_category.get_by_role("button", name="Add category").click()
    page.get_by_text("Added Pets / Vet (expense).").wait_for(timeout=30_000)
    expense_tree.get_by_text("Vet", exact=True).wait_for(timeout=30_000)
    change_category = page.locator("form", has=page.get_by_role("button", name="Save category"))
    # The change panel follows the category just added; choosing before it has would be undone by it.
    expect(change_category.get_by_label("Name", exact=True)).to_have_value("Vet", timeout=30_000)

    page.get_by_label("Category to change").select_option(label="Pets (expense)")
    expect(change_category.get_by_label("Name", exact=True)).to_have_value("Pets")  # the form follows
    change_category.get_by_label("Name", exact=True).fill("Animals")
    change_category.get_by_label("Colour", exact=True).select_option(label="Green")
    change_category.get_by_role("button", name="Save category").click()
    page.get_by_text("Saved Animals.").wait_for(timeout=30_000)
    expense_tree.get_by_text("Animals", exact=True).wait_for(timeout=30_000)
    assert expense_tree.get_by_role("img", name="colour Green").count() >= 1
    assert_no_error_cells(page)
    save_page(page, "dashboard-accounts.png", tmp_path)

    # 3. A record on the Overview, in the new sub-category.
    page.get_by_role("tab", name="Overview").click()
    add_record = page.locator("form", has=page.get_by_role("button", name="Add record"))
    add_record.wait_for(timeout=30_000)
    add_record.get_by_label("Account", exact=True).select_option(label="Main checking (EUR)")
    add_record.get_by_label("Amount").fill("42.00")
    add_record.get_by_label("Payee").fill("Vet clinic")
    add_record.get_by_label("Category").select_option(label="Animals / Vet (expense)")
    add_record.get_by_role("button", name="Add record").click()
    page.locator(TABLE_ROWS).get_by_text("Vet clinic").wait_for(timeout=30_000)
    assert_no_error_cells(page)

    with FinanceClient(empty_server.url) as client:
        client.login(EMAIL, PASSWORD)
        accounts = client.accounts()
        categories = client.categories()
    assert accounts.select("account", "currency", "balance").rows() == [
        ("Main checking", "EUR", Decimal("1208.50"))
    ]
    animals = categories.filter(pl.col("category") == "Animals").to_dicts()[0]
    assert animals["color"] == "#59a14f"
    vet = categories.filter(pl.col("category") == "Vet").to_dicts()[0]
    assert vet["parent_category_id"] == animals["category_id"]


def test_the_accounts_page_fits_a_phone(phone: Any, empty_server: RunningServer, tmp_path: Path) -> None:
    email = new_user(empty_server.url, "phone")
    open_tab(phone, f"{empty_server.url}/dashboard/", email, "Accounts")
    phone.get_by_role("heading", name="Change a category").wait_for(timeout=30_000)

    width = phone.evaluate("document.getElementById('App').scrollWidth")
    assert width <= PHONE["width"]
    assert_no_error_cells(phone)
    save_page(phone, "dashboard-accounts-phone.png", tmp_path)


def test_archiving_and_deleting_say_what_happens_to_the_records(
    page: Any, empty_server: RunningServer
) -> None:
    with FinanceClient(empty_server.url) as client:
        email = register(client, "tidy")
        checking = ledger_setup.create_account(client, "Checking", "CHECKING", "EUR", "100")
        ledger_setup.create_account(client, "Cash", "CASH", "EUR", "")
        food = int(client.categories().filter(pl.col("category") == "Food")["category_id"][0])
        client.create_record(account_id=int(checking["id"]), kind="expense", amount=Decimal("9.90"),
                             date=date.today(), payee="Bakery", category_id=food)
    open_tab(page, f"{empty_server.url}/dashboard/", email, "Accounts")

    page.get_by_label("Account to change").select_option(label="Cash (EUR)")
    change_account = page.locator("form", has=page.get_by_role("button", name="Save changes"))
    expect(change_account.get_by_label("Name", exact=True)).to_have_value("Cash")
    change_account.get_by_label("Archived: hidden from lists and forms, its records kept").check()
    change_account.get_by_role("button", name="Save changes").click()
    page.get_by_role("cell", name="Archived").wait_for(timeout=30_000)

    page.get_by_label("Account to change").select_option(label="Checking (EUR)")
    page.get_by_text("Delete this account…").click()
    page.get_by_text("Delete Checking for good, with its 1 record").wait_for(timeout=30_000)

    page.get_by_label("Category to change").select_option(label="Food (expense)")
    page.get_by_text("Delete this category…").click()
    warning = ("Delete Food, with its 2 sub-categories, for good. Its one record stays and becomes "
               "uncategorized.")
    page.get_by_text(warning).wait_for(timeout=30_000)
    page.get_by_role("button", name="Delete category").click()
    page.get_by_text("Tick Yes, delete this category first.").wait_for(timeout=30_000)
    page.get_by_label("Yes, delete this category").check()
    page.get_by_role("button", name="Delete category").click()
    page.get_by_text("Deleted Food; its records are uncategorized now.").wait_for(timeout=30_000)
    assert_no_error_cells(page)

    with FinanceClient(empty_server.url) as client:
        client.login(email, PASSWORD)
        assert client.accounts()["account"].to_list() == ["Checking"]
        assert "Food" not in client.categories()["category"].to_list()
        assert [record["category_id"] for record in client.records_frame().to_dicts()] == [None]
