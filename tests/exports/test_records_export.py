"""Records as CSV and Parquet: the signed-in user's only, formulas escaped, exact decimals, streamed."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import polars as pl
import pytest

import api.exports.records_table
import api.exports.schema
from api.exports.csv_format import escape_formula
from api.exports.records_table import COLUMNS
from tests import test_cli
from tests.conftest import GraphQL
from tests.exports.conftest import RECORD_COUNT, Books, download

fintrack = test_cli.fintrack

EXPORT_CSV = "query($filter: RecordFilter) { exportRecordsCsv(filter: $filter) }"


def csv_rows(text: str) -> list[dict[str, str]]:
    """The rows of an exported CSV (after its byte-order mark)."""
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_has_the_header_and_every_record_oldest_first(alice: GraphQL, books: Books):
    response = download(alice, "/export/records.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="records.csv"' in response.headers["content-disposition"]
    assert response.text.splitlines()[0] == "\ufeff" + ",".join(COLUMNS)
    rows = csv_rows(response.text)
    assert len(rows) == RECORD_COUNT
    assert [row["date"] for row in rows] == sorted(row["date"] for row in rows)
    salary, groceries, organic, refund = (row for row in rows if row["account"] == "Checking"
                                          and row["kind"] != "TRANSFER")
    assert (salary["amount"], salary["category"], salary["tags"]) == ("3000.00", "Salary", "work")
    assert organic["category"] == "Food / Groceries / Organic"
    assert (refund["kind"], refund["amount"]) == ("EXPENSE", "5.00")  # a refund adds to its account
    assert organic["description"] == "line one\nline two"
    yen_transfer = next(row for row in rows if row["counterpart currency"] == "JPY")
    assert (yen_transfer["amount"], yen_transfer["currency"], yen_transfer["counterpart account"],
            yen_transfer["counterpart amount"]) == ("-100.00", "EUR", "Wallet", "16000")


def test_cells_a_spreadsheet_would_run_are_escaped_but_amounts_stay_numbers(alice: GraphQL, books: Books):
    rows = csv_rows(download(alice, "/export/records.csv").text)
    formula = next(row for row in rows if "HYPERLINK" in row["payee"])
    assert formula["payee"] == "'=HYPERLINK(\"http://x\")"
    assert (formula["description"], formula["notes"]) == ("'-2+3", "'@SUM(A1)")
    assert formula["tags"] == "'=cmd, food"
    assert formula["amount"] == "-50.25"
    assert next(row for row in rows if row["currency"] == "USD" and row["kind"] == "EXPENSE")["payee"] == (
        "'+Deli")


@pytest.mark.parametrize("text, escaped", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("a=b", "a=b"), ("", ""),
])
def test_escape_formula(text: str, escaped: str):
    assert escape_formula(text) == escaped


def test_parquet_reads_back_as_the_records_with_exact_decimals(alice: GraphQL, books: Books):
    response = download(alice, "/export/records.parquet")
    assert response.status_code == 200
    frame = pl.read_parquet(io.BytesIO(response.content))
    assert frame.columns == list(COLUMNS)
    assert frame.schema["amount"] == pl.Decimal(38, 2)
    assert frame.schema["counterpart amount"] == pl.Decimal(38, 2)
    csv_text = download(alice, "/export/records.csv").text
    for row, expected in zip(frame.iter_rows(named=True), csv_rows(csv_text), strict=True):
        assert row["id"] == int(expected["id"])
        assert row["date"].isoformat() == expected["date"]
        assert row["amount"] == Decimal(expected["amount"])
        assert isinstance(row["amount"], Decimal)
        assert (row["category"] or "") == expected["category"].lstrip("'")
        assert row["tags"] == [tag for tag in expected["tags"].lstrip("'").split(", ") if tag]
        counterpart = row["counterpart amount"]
        assert counterpart == (Decimal(expected["counterpart amount"]) if expected["counterpart amount"]
                               else None)
    assert sorted(frame["amount"].to_list()) == sorted(Decimal(amount) for amount in [
        "3000.00", "-50.25", "-20.00", "5.00", "-1500", "-12.34", "-500.00", "-100.00", "-12.34"])


def test_the_filter_selects_the_records(alice: GraphQL, books: Books):
    rows = csv_rows(download(alice, "/export/records.csv", kinds="EXPENSE", dateTo="2024-01-31",
                             categoryIds=books.groceries).text)
    assert [row["amount"] for row in rows] == ["-50.25", "-20.00", "5.00"]
    by_account = csv_rows(download(alice, "/export/records.csv", accountIds=[books.wallet]).text)
    assert [row["kind"] for row in by_account] == ["EXPENSE", "TRANSFER"]  # a transfer into it counts


def test_a_bad_filter_is_refused_with_the_parameter_named(alice: GraphQL, books: Books):
    response = download(alice, "/export/records.csv", dateFrom="2024-13-01")
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["field"] == "query.dateFrom"
    response = download(alice, "/export/records.csv", kinds="GIFT")
    assert response.json()["errors"][0]["extensions"]["field"] == "query.kinds"


@pytest.mark.parametrize("path", ["/export/records.csv", "/export/records.parquet",
                                  "/export/ledger.journal", "/export/backup.json"])
def test_every_download_needs_a_valid_access_token(anonymous: GraphQL, path: str):
    response = download(anonymous, path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    forged = download(GraphQL(anonymous.client, token="not-a-token"), path)
    assert forged.status_code == 401


def test_another_users_export_never_contains_my_records(alice: GraphQL, bob: GraphQL, books: Books):
    assert csv_rows(download(bob, "/export/records.csv").text) == []
    assert csv_rows(download(bob, "/export/records.csv", accountIds=books.checking).text) == []
    assert pl.read_parquet(io.BytesIO(download(bob, "/export/records.parquet").content)).height == 0
    assert bob.ok(EXPORT_CSV, {"filter": {"accountIds": [books.checking]}})["exportRecordsCsv"] == (
        ",".join(COLUMNS) + "\r\n")
    for path in ("/export/ledger.journal", "/export/backup.json"):
        text = download(bob, path).text
        assert "Checking" not in text and "ACME" not in text


def test_empty_exports_have_the_header_and_the_schema(alice: GraphQL):
    assert download(alice, "/export/records.csv").text == "\ufeff" + ",".join(COLUMNS) + "\r\n"
    frame = pl.read_parquet(io.BytesIO(download(alice, "/export/records.parquet").content))
    assert (frame.height, frame.columns, frame.schema["amount"]) == (0, list(COLUMNS), pl.Decimal(38, 2))


def test_graphql_answers_the_same_csv_without_the_byte_order_mark(alice: GraphQL, books: Books):
    text = alice.ok(EXPORT_CSV)["exportRecordsCsv"]
    assert "\ufeff" + text == download(alice, "/export/records.csv").text


def test_graphql_refuses_more_records_than_its_bound(alice: GraphQL, books: Books, monkeypatch):
    monkeypatch.setattr(api.exports.schema, "MAX_GRAPHQL_CSV_ROWS", RECORD_COUNT - 1)
    error = alice.error(EXPORT_CSV)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "/export/records.csv" in error["message"]


def test_big_exports_are_read_in_chunks(alice: GraphQL, books: Books, monkeypatch):
    """Memory stays bounded: the records come a few at a time, never all at once."""
    chunk_sizes: list[int] = []
    read_chunks = api.exports.records_table.record_chunks

    async def small_chunks(session, conditions, chunk_size):
        async for chunk in read_chunks(session, conditions, 4):
            chunk_sizes.append(len(chunk))
            yield chunk

    monkeypatch.setattr(api.exports.records_table, "record_chunks", small_chunks)
    streamed = csv_rows(download(alice, "/export/records.csv").text)
    assert chunk_sizes == [4, 4, 1]
    assert pl.read_parquet(io.BytesIO(download(alice, "/export/records.parquet").content)).height == 9
    assert chunk_sizes == [4, 4, 1] * 2
    monkeypatch.undo()
    assert streamed == csv_rows(download(alice, "/export/records.csv").text)


def test_the_cli_writes_what_the_download_gives(alice: GraphQL, books: Books, fintrack, tmp_path):
    csv_path, parquet_path, journal_path = tmp_path / "r.csv", tmp_path / "r.parquet", tmp_path / "j.journal"
    email = ["--email", "alice@example.com"]
    assert fintrack("export", "records", *email, "--from", "2024-01-01", "--to", "2024-01-31",
                    "--output", str(csv_path)).output == f"Wrote {csv_path}.\n"
    assert csv_path.read_bytes().decode("utf-8") == download(
        alice, "/export/records.csv", dateFrom="2024-01-01", dateTo="2024-01-31").text
    fintrack("export", "records", *email, "--format", "parquet", "--output", str(parquet_path))
    assert pl.read_parquet(parquet_path).equals(
        pl.read_parquet(io.BytesIO(download(alice, "/export/records.parquet").content)))
    fintrack("export", "journal", *email, "--output", str(journal_path))
    assert journal_path.read_text(encoding="utf-8") == download(alice, "/export/ledger.journal").text
