"""The dashboard's import page logic: the client's upload, import, undo and preset methods against the real
app in-process, and the pure helpers that turn their answers into tables."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analytics import imports
from analytics.client import FinanceClient, RecordFilter
from analytics.errors import NotFoundError
from tests.analytics.conftest import Ledger

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "imports"
US_CHECKING = "us_checking_2024-01.csv"


def sample(name: str) -> bytes:
    """A bank file from tests/data/imports."""
    return (SAMPLES / name).read_bytes()


def test_preview_detects_the_mapping_and_explains_every_row_without_writing(
    finance: FinanceClient, ledger: Ledger
) -> None:
    preview = finance.preview_import(sample(US_CHECKING), US_CHECKING, ledger.checking)

    assert preview["kept"] is False
    assert preview["mapping"]["dateColumn"] == "Posting Date"
    assert preview["mapping"]["amountColumn"] == "Amount"
    assert "Description" in preview["columns"]
    table = imports.import_rows_frame(preview["rows"])
    assert table.schema == imports.IMPORT_ROWS_SCHEMA
    assert set(table["Outcome"]) == {"New"}
    assert table.height == preview["counts"]["total"]
    assert finance.imports().is_empty()


def test_import_then_undo_adds_the_records_and_takes_them_back(
    finance: FinanceClient, ledger: Ledger
) -> None:
    before = len(list(finance.records(RecordFilter(account_ids=(ledger.checking,)))))

    result = finance.import_file(sample(US_CHECKING), US_CHECKING, ledger.checking, idempotency_key="first")
    again = finance.preview_import(sample(US_CHECKING), US_CHECKING, ledger.checking)

    new = result["counts"]["new"]
    assert result["kept"] and new > 0
    assert len(list(finance.records(RecordFilter(account_ids=(ledger.checking,))))) == before + new
    assert set(imports.import_rows_frame(again["rows"])["Outcome"]) == {"Duplicate"}
    assert imports.import_rows_frame(again["rows"])["Why"][0].startswith("already recorded (record ")
    past = finance.imports()
    assert past.select("file_name", "account", "new", "undone").rows() == [
        (US_CHECKING, "Checking", new, False)
    ]

    finance.undo_import(past["import_id"][0])

    assert len(list(finance.records(RecordFilter(account_ids=(ledger.checking,))))) == before
    assert finance.imports()["undone"].to_list() == [True]


def test_a_corrected_mapping_is_used_and_can_be_saved_as_a_preset(
    finance: FinanceClient, ledger: Ledger
) -> None:
    detected = finance.preview_import(sample(US_CHECKING), US_CHECKING, ledger.checking)["mapping"]
    mapping = imports.corrected_mapping(detected, {"payeeColumn": "Description", "descriptionColumn": ""})

    preview = finance.preview_import(sample(US_CHECKING), US_CHECKING, ledger.checking, mapping=mapping)
    finance.save_preset(ledger.checking, "US bank", mapping)

    assert preview["rows"][0]["payee"] == "COFFEE HOUSE, DOWNTOWN"
    assert finance.presets(ledger.checking)["US bank"]["payeeColumn"] == "Description"
    by_preset = finance.preview_import(
        sample(US_CHECKING), US_CHECKING, ledger.checking, preset_name="US bank"
    )
    assert by_preset["rows"][0]["payee"] == "COFFEE HOUSE, DOWNTOWN"


def test_refused_rows_are_explained_and_nothing_is_kept_unless_skipped(
    finance: FinanceClient, ledger: Ledger
) -> None:
    content = b"Date,Amount,Payee\n2024-01-02,-4.75,Coffee\n2024-01-03,lots,Shop\n"

    refused = finance.import_file(content, "bad.csv", ledger.checking)
    skipped = finance.import_file(content, "bad.csv", ledger.checking, skip_invalid=True)

    assert refused["kept"] is False and finance.imports().height == 1
    why = imports.import_rows_frame(refused["rows"]).filter(pl.col("Outcome") == "Refused")["Why"].to_list()
    assert len(why) == 1 and why[0].startswith("column Amount: ")
    assert skipped["kept"] is True and skipped["counts"]["new"] == 1


def test_an_upload_into_someone_elses_account_is_not_found(finance: FinanceClient, ledger: Ledger) -> None:
    with pytest.raises(NotFoundError):
        finance.preview_import(sample(US_CHECKING), US_CHECKING, ledger.checking + 1000)


def test_counts_read_as_a_sentence() -> None:
    counts = {"new": 12, "duplicate": 1, "refused": 0, "skipped": 2, "total": 15}

    assert imports.counts_sentence(counts, kept=False) == (
        "Would import: 12 new, 1 duplicate, 0 refused, 2 skipped of 15 rows."
    )
    assert imports.counts_sentence(counts | {"duplicate": 2, "skipped": 0}, kept=True) == (
        "Imported: 12 new, 2 duplicates, 0 refused of 15 rows."
    )


def test_a_corrected_mapping_keeps_one_way_of_reading_amounts() -> None:
    detected = {"dateColumn": "Date", "amountColumn": None, "debitColumn": "Soll", "creditColumn": "Haben",
                "payeeColumn": "Name", "encoding": "cp1252"}

    mapping = imports.corrected_mapping(detected, {"amountColumn": "Betrag", "payeeColumn": ""})

    assert mapping["amountColumn"] == "Betrag"
    assert (mapping["debitColumn"], mapping["creditColumn"], mapping["payeeColumn"]) == (None, None, None)
    assert mapping["encoding"] == "cp1252"


def test_a_corrected_mapping_keeps_an_unnamed_direction_column_and_can_drop_it() -> None:
    detected = {"dateColumn": "Buchungstag", "amountColumn": "Umsatz", "directionColumn": ""}

    kept = imports.corrected_mapping(detected, {"payeeColumn": "Empfänger"})
    dropped = imports.corrected_mapping(detected, {"directionColumn": None})

    assert kept["directionColumn"] == "" and dropped["directionColumn"] is None


def test_a_dutch_export_previews_with_its_direction_and_keeps_it_when_corrected(
    finance: FinanceClient, ledger: Ledger
) -> None:
    name = "nl_ing_2024-01.csv"
    detected = finance.preview_import(sample(name), name, ledger.checking)

    corrected = imports.corrected_mapping(detected["mapping"], {"descriptionColumn": ""})
    preview = finance.preview_import(sample(name), name, ledger.checking, mapping=corrected)

    assert detected["mapping"]["directionColumn"] == "Af Bij"
    assert [row["amount"] for row in preview["rows"]] == ["-1023.45", "2850.00", "-112.00", "-4.50", "-4.50"]


def test_rows_the_bank_has_not_booked_are_skipped_and_said_so(finance: FinanceClient, ledger: Ledger) -> None:
    name = "revolut_2024-01.csv"

    result = finance.import_file(sample(name), name, ledger.checking)

    assert result["kept"] is True
    assert (result["counts"]["new"], result["counts"]["skipped"]) == (3, 2)
    skipped = [row["reason"] for row in result["rows"] if row["outcome"] == "SKIPPED"]
    assert skipped == ["the bank has not booked it (REVERTED): nothing to record yet",
                       "the bank has not booked it (PENDING): nothing to record yet"]


def test_a_status_column_the_detection_missed_can_be_named_in_the_corrected_mapping(
    finance: FinanceClient, ledger: Ledger
) -> None:
    content = b"Date,Description,Amount,Progress\n2024-01-02,Coffee,-4.50,pending\n2024-01-03,Tea,-3.00,x\n"
    detected = finance.preview_import(content, "bank.csv", ledger.checking)["mapping"]

    corrected = imports.corrected_mapping(detected, {"statusColumn": "Progress", "feeColumn": ""})
    preview = finance.preview_import(content, "bank.csv", ledger.checking, mapping=corrected)

    assert detected["statusColumn"] is None and corrected["feeColumn"] is None
    assert [row["outcome"] for row in preview["rows"]] == ["SKIPPED", "NEW"]


def test_amounts_written_in_another_currency_than_the_accounts_are_refused(
    finance: FinanceClient, ledger: Ledger
) -> None:
    content = "Datum;Opis;Kwota\n2024-01-02;Żabka;-4,50 PLN\n2024-01-03;Wypłata;2 500,00 PLN\n".encode()

    result = finance.preview_import(content, "mbank.csv", ledger.dollars)

    assert "The amounts are written in PLN: rows go only into an account in PLN." in result["notes"]
    assert {row["outcome"] for row in result["rows"]} == {"REFUSED"}
    assert result["rows"][0]["reason"] == "the row is in PLN, the account 'Dollars' in USD"
