"""The income statement table and the CSV download, against the real app in-process (the `ledger` fixture)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from analytics import statement
from analytics.client import FinanceClient, RecordFilter
from tests.analytics.conftest import Ledger

JANUARY_TO_FEBRUARY = (date(2024, 1, 1), date(2024, 2, 29))


def test_statement_has_a_column_per_month_and_sub_categories_under_their_parent(
    finance: FinanceClient, ledger: Ledger
) -> None:
    tables = statement.statement_tables(finance.income_statement(*JANUARY_TO_FEBRUARY))

    euro = tables["EUR"]
    assert euro.columns == ["Category", "Jan 2024", "Feb 2024", "Total", "Level"]
    rows = {row[0].replace(statement.CHILD_MARK, "> "): row[1:-1] for row in euro.rows()}
    assert list(rows) == ["Income", "Salary", "Expense", "Housing", "> Rent", "Food", "> Food (other)",
                          "> Groceries", "Net"]
    assert euro["Level"].to_list() == [0, 1, 0, 1, 2, 1, 2, 2, 0]
    assert rows["Income"] == ("2,500.00", "0.00", "2,500.00")
    assert rows["Food"] == ("45.30", "54.70", "100.00")
    assert rows["> Groceries"] == ("45.30", "0.00", "45.30")
    assert rows["> Food (other)"] == ("0.00", "54.70", "54.70")
    assert rows["Expense"] == ("845.30", "54.70", "900.00")
    assert rows["Net"] == ("1,654.70", "-54.70", "1,600.00")
    assert tables["USD"]["Total"].to_list()[-1] == "-8.50"


def test_a_refund_lowers_its_category_in_the_statement(finance: FinanceClient, ledger: Ledger) -> None:
    finance.create_record(account_id=ledger.checking, kind="expense", amount=Decimal("-20.00"),
                          date=date(2024, 2, 10), category_id=ledger.category_ids["Food"], payee="Grocer")

    euro = statement.statement_tables(finance.income_statement(*JANUARY_TO_FEBRUARY))["EUR"]

    food = next(row for row in euro.rows() if row[0] == "Food")
    assert food[1:] == ("45.30", "34.70", "80.00", 1)


def test_the_download_is_every_matching_record_as_csv(finance: FinanceClient, ledger: Ledger) -> None:
    grocer = RecordFilter(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), search="grocer",
                          account_ids=(ledger.checking,))

    content = finance.export_records_csv(grocer)

    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert {row["payee"] for row in rows} == {"Grocer"}
    assert len(list(csv.DictReader(io.StringIO(finance.export_records_csv().decode("utf-8-sig"))))) == 6


def test_a_download_survives_an_expired_access_token(finance: FinanceClient, ledger: Ledger) -> None:
    finance._access_token = "expired"  # what an hour-old token looks like to the server

    assert finance.export_records_csv(RecordFilter(uncategorized=True)).count(b"Diner") == 1
