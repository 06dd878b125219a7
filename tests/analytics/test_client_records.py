"""The client's record methods the dashboard edits with: a page, one record, update, delete, and the
undo of each (record_form's fields) against the real app in-process."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from analytics.client import FinanceClient, RecordFilter
from analytics.errors import NotFoundError
from analytics.record_form import (
    changed_fields,
    form_values,
    record_input,
    recreating_fields,
    restoring_fields,
    undo_change,
)
from analytics.records_table import drill_down
from tests.analytics.conftest import Ledger


def node_by_payee(finance: FinanceClient, payee: str) -> dict[str, Any]:
    """The newest record of the payee as a records page shows it."""
    return finance.records_page(RecordFilter(search=payee), first=1)["nodes"][0]


def test_a_page_says_how_many_records_match_and_where_the_next_starts(
    finance: FinanceClient, ledger: Ledger
) -> None:
    page = finance.records_page(RecordFilter(account_ids=(ledger.checking,)), first=2)

    assert page["totalCount"] == 5 and page["pageInfo"]["hasNextPage"]
    assert [node["date"] for node in page["nodes"]] == ["2024-02-15", "2024-02-03"]
    assert finance.record(int(page["nodes"][0]["id"])) == page["nodes"][0]


def test_an_edit_changes_only_what_changed_and_its_undo_restores_it(
    finance: FinanceClient, ledger: Ledger
) -> None:
    before = node_by_payee(finance, "Landlord")
    edited = record_input({**form_values(before, ","), "amount": "850,00", "payee": "New landlord"}, ",")
    changes = changed_fields(before, edited)

    after = finance.update_record(int(before["id"]), **changes)

    assert (after["amount"], after["payee"]) == ("850.00", "New landlord")
    assert after["category"] == before["category"]
    offer = {"record_id": int(before["id"]), "fields": restoring_fields(before, changes)}
    undone = undo_change(finance, offer)
    assert undone == before == finance.record(int(before["id"]))


def test_a_deleted_transfer_comes_back_with_every_field(finance: FinanceClient, ledger: Ledger) -> None:
    transfer = finance.records_page(RecordFilter(kinds=("transfer",)))["nodes"][0]

    finance.delete_record(int(transfer["id"]))

    assert finance.record(int(transfer["id"])) is None
    with pytest.raises(NotFoundError):
        finance.delete_record(int(transfer["id"]))
    restored = undo_change(finance, {"fields": recreating_fields(transfer)})
    assert restored["id"] != transfer["id"]
    assert {**restored, "id": transfer["id"]} == transfer
    assert restored["counterpartAmount"] == "108.50"


def test_a_payee_drill_down_lists_and_downloads_exactly_that_payees_records(
    finance: FinanceClient, ledger: Ledger
) -> None:
    finance.create_record(account_id=ledger.checking, kind="expense", amount=Decimal("3.00"),
                          date=date(2024, 2, 4), payee="Grocer Express", description="not the Grocer")
    drilled = drill_down(RecordFilter(date_from=date(2024, 1, 1), date_to=date(2024, 2, 29)), [], ["Grocer"])

    page = finance.records_page(drilled, first=10)
    downloaded = finance.export_records_csv(drilled).decode("utf-8-sig").splitlines()

    assert [node["payee"] for node in page["nodes"]] == ["Grocer", "Grocer"] and page["totalCount"] == 2
    assert len(downloaded) == 1 + 2  # the header and the same two records


def test_undoing_an_addition_removes_the_record(finance: FinanceClient, ledger: Ledger) -> None:
    added = finance.create_record(account_id=ledger.checking, kind="expense", amount=Decimal("3.10"),
                                  date=date(2024, 2, 5), payee="Kiosk")

    assert undo_change(finance, {"added_id": int(added["id"]), "sentence": "−3.10 EUR at Kiosk"}) is None
    assert finance.record(int(added["id"])) is None
