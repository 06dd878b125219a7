"""The dashboard's pages beyond the overview, in headless Chromium against the demo server: importing a
bank file (preview, import, undo), downloading the records as CSV, a refund in the records table, the
income statement, and signing out."""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from playwright.sync_api import expect

from analytics import statement
from analytics.client import FinanceClient, RecordFilter
from tests.browser.conftest import REPOSITORY, DemoServer
from tests.browser.test_dashboard import (
    PAYEE_COLUMN,
    TABLE_ROWS,
    assert_no_error_cells,
    last_twelve_months,
    record_count,
    search_records,
    sign_in,
    wait_for_column,
)

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

SAMPLE = REPOSITORY / "tests" / "data" / "imports" / "us_checking_2024-01.csv"
DUTCH_SAMPLE = REPOSITORY / "tests" / "data" / "imports" / "nl_ing_2024-01.csv"
DELETE_RECORD = "mutation($id: ID!) { deleteRecord(id: $id) }"


def open_page(page: Any, name: str) -> None:
    """Switch to one of the dashboard's tabs."""
    page.get_by_role("tab", name=name).click()


def save_page(page: Any, name: str, tmp_path: Path) -> None:
    """A screenshot of the whole page (into docs/ with FINTRACK_UPDATE_SCREENSHOT=1); the screen keeps its
    size for what the test does next."""
    screen = page.viewport_size
    height = page.evaluate("document.getElementById('App').scrollHeight")
    page.set_viewport_size({"width": screen["width"], "height": height})
    page.wait_for_timeout(1000)
    folder = REPOSITORY / "docs" if os.environ.get("FINTRACK_UPDATE_SCREENSHOT") else tmp_path
    page.screenshot(path=str(folder / name), full_page=True)
    page.set_viewport_size(screen)


def us_checking_records(client: FinanceClient) -> int:
    """How many records the demo's US checking account has."""
    accounts = client.accounts()
    account_id = accounts.filter(pl.col("account") == "US checking")["account_id"][0]
    return record_count(client, RecordFilter(account_ids=(account_id,)))


def test_a_bank_file_is_previewed_imported_and_undone(
    page: Any, demo_server: DemoServer, tmp_path: Path
) -> None:
    client = demo_server.client()
    before = us_checking_records(client)
    sign_in(page, demo_server)

    open_page(page, "Import")
    page.get_by_label("Into account").select_option(label="US checking (USD)")
    page.locator("marimo-file input[type=file]").set_input_files(str(SAMPLE))

    page.get_by_text("Would import: ").wait_for(timeout=30_000)
    wait_for_column(page, 2, lambda outcomes: outcomes == {"New"})
    assert page.get_by_text("Posting Date", exact=False).first.is_visible()
    save_page(page, "dashboard-import.png", tmp_path)
    page.get_by_role("button", name="Import", exact=True).click()

    page.get_by_text("Imported: ").wait_for(timeout=30_000)
    new = us_checking_records(client) - before
    assert new > 0
    assert page.get_by_text(f"Imported: {new} new").is_visible()
    page.get_by_text(f"{SAMPLE.name} into US checking").wait_for()
    page.get_by_role("button", name="Undo").first.click()

    page.get_by_text("Undone: the records of").wait_for(timeout=30_000)
    assert us_checking_records(client) == before
    page.get_by_text("undone", exact=True).first.wait_for()
    assert_no_error_cells(page)


def test_a_dutch_export_is_signed_by_its_af_bij_column_which_the_mapping_editor_can_change(
    page: Any, demo_server: DemoServer
) -> None:
    direction = "Direction (a column saying Af/Bij, S/H, Debit/Credit)"
    sign_in(page, demo_server)
    open_page(page, "Import")
    page.get_by_label("Into account").select_option(label="Savings (EUR)")
    page.locator("marimo-file input[type=file]").set_input_files(str(DUTCH_SAMPLE))
    page.get_by_text("The Af Bij column says which way the money went").wait_for(timeout=30_000)
    page.get_by_text("\u22121,023.45").wait_for()

    page.get_by_text("Correct the mapping").click()
    page.get_by_label(direction).select_option(label="(none)")
    page.get_by_role("button", name="Preview with this mapping").click()
    page.get_by_text("+1,023.45").wait_for(timeout=30_000)
    page.get_by_label(direction).select_option(label="Af Bij")
    page.get_by_role("button", name="Preview with this mapping").click()

    page.get_by_text("\u22121,023.45").wait_for(timeout=30_000)
    assert_no_error_cells(page)


def test_the_filtered_records_download_as_csv(page: Any, demo_server: DemoServer) -> None:
    sign_in(page, demo_server)
    total = search_records(page, demo_server, "lidl")

    with page.expect_download() as download:
        page.get_by_text("Download CSV").click()

    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == total
    assert {row["payee"] for row in rows} == {"Lidl"}


def test_a_refund_reads_as_a_refund_in_the_records(page: Any, demo_server: DemoServer) -> None:
    client = demo_server.client()
    accounts, categories = client.accounts(), client.categories()
    refund = client.create_record(
        account_id=accounts.filter(pl.col("account") == "Main checking")["account_id"][0], kind="expense",
        amount=Decimal("-7.25"), date=date.today(), payee="Browser test refund",
        category_id=categories.filter(pl.col("category") == "Food")["category_id"][0],
    )
    try:
        sign_in(page, demo_server)
        page.get_by_placeholder("Search payee or description").fill("Browser test refund")

        wait_for_column(page, PAYEE_COLUMN, lambda payees: payees == {"Browser test refund"})
        row = page.locator(TABLE_ROWS).first
        assert row.locator("td[data-cell-id$='_Kind']").inner_text() == "Refund"
        assert row.locator("td[data-cell-id$='_Amount']").inner_text() == "+7.25 EUR"
        assert_no_error_cells(page)
    finally:
        client.execute(DELETE_RECORD, {"id": str(refund["id"])})


def test_the_income_statement_shows_categories_by_month(
    page: Any, demo_server: DemoServer, tmp_path: Path
) -> None:
    period = last_twelve_months()
    assert period.date_from and period.date_to
    statements = demo_server.client().income_statement(period.date_from, period.date_to)
    expected = statement.statement_tables(statements)
    sign_in(page, demo_server)

    open_page(page, "Income statement")

    page.get_by_role("heading", name="EUR", exact=True).wait_for(timeout=30_000)
    net_total = expected["EUR"]["Total"][-1]
    page.get_by_text(net_total, exact=True).first.wait_for()
    assert page.get_by_text("Jan", exact=False).first.is_visible()
    save_page(page, "dashboard-statement.png", tmp_path)
    assert_no_error_cells(page)


def test_signing_out_returns_to_the_sign_in_form(page: Any, demo_server: DemoServer) -> None:
    sign_in(page, demo_server)

    page.get_by_role("button", name="Sign out").click()

    page.get_by_role("button", name="Sign in").wait_for()
    expect(page.locator("marimo-stat")).to_have_count(0)  # the figures go as their cells stop, a moment later
    assert page.get_by_label("Password").input_value() == ""
