"""importFile, previewImport, imports, import, undoImport and presets over real multipart HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.accounts.operations import create_account
from tests.categories.operations import create_category
from tests.ledger.conftest import Ledger
from tests.imports.uploads import IMPORT_FILE, PREVIEW_IMPORT, imported, post_upload, upload
from tests.rules.operations import create_rule

STATEMENT = (
    "Date,Amount,Payee,Description\n"
    "2026-03-01,2500.00,ACME Corp,Salary March\n"
    "2026-03-02,-3.50,Coffee Corner,card 1234\n"
    "2026-03-02,-3.50,Coffee Corner,card 1234\n"
    "2026-03-03,-42.10,Grocer,\n"
).encode()
BAD_ROW = b"2026-03-04,12.3x,Bakery,\n"
DATA = Path(__file__).resolve().parent.parent / "data" / "imports"

IMPORTS = "query($accountId: ID) { imports(accountId: $accountId) { id fileName accountId counts { new } } }"
IMPORT = """query($id: ID!) {
  import(id: $id) { id fileName undoneAt account { name } counts { new duplicate }
                    rows(first: 10) { line outcome recordId } }
}"""
UNDO = "mutation($id: ID!) { undoImport(id: $id) { id undoneAt counts { new } } }"
RECORD_COUNT = "{ records(first: 500) { nodes { id kind amount payee } } }"
SAVE_PRESET = """mutation($accountId: ID!, $name: String!, $mapping: CsvMappingInput!) {
  savePreset(accountId: $accountId, name: $name, mapping: $mapping) {
    id name mapping { delimiter dateFormat }
  }
}"""
PRESETS = """query($accountId: ID!) {
  presets(accountId: $accountId) { name mapping { delimiter amountColumn } }
}"""


@pytest.fixture
def checking(alice) -> dict:
    return create_account(alice, "Checking")


@pytest.fixture
def books(client, settings) -> Ledger:
    """Roll-ups and balances checked against the raw records."""
    return Ledger(settings)


def records(user) -> list[dict]:
    return user.ok(RECORD_COUNT)["records"]["nodes"]


def test_an_uploaded_csv_is_imported_row_by_row(alice, checking, books):
    result = imported(alice, checking["id"], STATEMENT)
    assert result["kept"] and result["counts"] == {"new": 4, "duplicate": 0, "refused": 0, "skipped": 0,
                                                   "total": 4}
    assert result["mapping"]["amountColumn"] == "Amount" and result["columns"] == [
        "Date", "Amount", "Payee", "Description"]
    assert [row["outcome"] for row in result["rows"]] == ["NEW"] * 4
    assert result["rows"][1]["amount"] == "-3.50" and result["rows"][1]["line"] == 3
    assert len(records(alice)) == 4
    books.assert_consistent(alice)


def test_the_same_upload_again_adds_nothing(alice, checking):
    first = imported(alice, checking["id"], STATEMENT)
    again = imported(alice, checking["id"], STATEMENT)
    assert again["counts"]["duplicate"] == 4 and again["counts"]["new"] == 0
    assert [row["recordId"] for row in again["rows"]] == [row["recordId"] for row in first["rows"]]
    assert len(records(alice)) == 4


def test_a_camt_statement_is_imported_once_and_its_pending_entry_skipped(alice, checking, books):
    content = (DATA / "de_camt053_2024-02.xml").read_bytes()
    first = upload(alice, IMPORT_FILE, {"accountId": checking["id"]}, content, file_name="februar.xml")
    again = upload(alice, IMPORT_FILE, {"accountId": checking["id"]}, content, file_name="februar.xml")
    counts = first["data"]["importFile"]["counts"]
    assert (counts["new"], counts["skipped"], first["data"]["importFile"]["format"]) == (5, 1, "camt")
    assert again["data"]["importFile"]["counts"]["duplicate"] == 5
    assert sorted(record["amount"] for record in records(alice)) == ["1250.00", "3245.18", "4.35", "4.35",
                                                                     "86.40"]
    books.assert_consistent(alice)


def test_a_bad_row_keeps_nothing_unless_skip_invalid(alice, checking, books):
    refused = imported(alice, checking["id"], STATEMENT + BAD_ROW)
    assert not refused["kept"] and refused["import"] is None and refused["counts"]["refused"] == 1
    (bad,) = [row for row in refused["rows"] if row["outcome"] == "REFUSED"]
    assert bad["line"] == 6 and bad["column"] == "Amount" and bad["reason"]
    assert records(alice) == [] and alice.ok(IMPORTS)["imports"] == []
    books.assert_consistent(alice)
    skipped = imported(alice, checking["id"], STATEMENT + BAD_ROW, skipInvalid=True)
    assert skipped["kept"] and skipped["counts"]["new"] == 4 and skipped["counts"]["refused"] == 1
    assert len(records(alice)) == 4


def test_preview_writes_nothing_and_shows_the_detected_mapping(alice, checking):
    body = upload(alice, PREVIEW_IMPORT, {"accountId": checking["id"]}, STATEMENT)
    preview = body["data"]["previewImport"]
    assert not preview["kept"] and preview["counts"]["new"] == 4
    assert preview["mapping"]["dateFormat"] == "%Y-%m-%d"
    assert records(alice) == [] and alice.ok(IMPORTS)["imports"] == []


def test_imports_are_listed_shown_with_rows_and_undone(alice, checking, books):
    result = imported(alice, checking["id"], STATEMENT)
    import_id = result["import"]["id"]
    assert alice.ok(IMPORTS, {"accountId": checking["id"]})["imports"] == [
        {"id": import_id, "fileName": "statement.csv", "accountId": checking["id"], "counts": {"new": 4}}]
    shown = alice.ok(IMPORT, {"id": import_id})["import"]
    assert shown["account"] == {"name": "Checking"} and len(shown["rows"]) == 4
    undone = alice.ok(UNDO, {"id": import_id})["undoImport"]
    assert undone["undoneAt"] is not None
    assert records(alice) == []
    books.assert_consistent(alice)
    assert alice.error(UNDO, {"id": import_id})["extensions"]["code"] == "BAD_USER_INPUT"
    assert imported(alice, checking["id"], STATEMENT)["counts"]["new"] == 4


def test_dates_that_read_both_ways_follow_the_accounts_currency(alice):
    """A UK export of a month's first days writes its amounts like an American one: the pound account
    reads 01/02 as the 1st of February, the dollar account as January the 2nd, and the notes say why."""
    statement = b"Date,Amount,Payee\n01/02/2026,-3.50,Coffee Corner\n03/02/2026,-42.10,Grocer\n"
    for currency, date_format, first_day in (("GBP", "%d/%m/%Y", "2026-02-01"),
                                             ("USD", "%m/%d/%Y", "2026-01-02")):
        account = create_account(alice, f"Current in {currency}", currency=currency)
        body = upload(alice, PREVIEW_IMPORT, {"accountId": account["id"]}, statement)
        preview = body["data"]["previewImport"]
        assert preview["mapping"]["dateFormat"] == date_format
        assert preview["rows"][0]["date"] == first_day
        assert any(f"because the account is in {currency}" in note for note in preview["notes"])


def test_another_users_account_import_and_preset_are_not_found(alice, bob, checking):
    import_id = imported(alice, checking["id"], STATEMENT)["import"]["id"]
    alice.ok(SAVE_PRESET, {"accountId": checking["id"], "name": "Bank",
                           "mapping": {"amountColumn": "Amount"}})
    body = upload(bob, IMPORT_FILE, {"accountId": checking["id"]}, STATEMENT)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    bobs = create_account(bob, "Bob's")
    body = upload(bob, IMPORT_FILE, {"accountId": bobs["id"], "presetName": "Bank"}, STATEMENT)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert bob.error(IMPORT, {"id": import_id})["extensions"]["code"] == "NOT_FOUND"
    assert bob.error(UNDO, {"id": import_id})["extensions"]["code"] == "NOT_FOUND"
    assert bob.error(PRESETS, {"accountId": checking["id"]})["extensions"]["code"] == "NOT_FOUND"
    assert bob.ok(IMPORTS)["imports"] == []
    assert len(records(alice)) == 4


def test_a_saved_preset_reads_the_file(alice, checking):
    semicolons = "Datum;Betrag;Empfänger\n01.03.2026;-1.234,56;Vermieter\n".encode("cp1252")
    mapping = {"encoding": "cp1252", "delimiter": ";", "dateColumn": "Datum", "dateFormat": "%d.%m.%Y",
               "amountColumn": "Betrag", "payeeColumn": "Empfänger", "decimalSeparator": ",",
               "thousandsSeparator": "."}
    alice.ok(SAVE_PRESET, {"accountId": checking["id"], "name": "Hausbank", "mapping": mapping})
    assert alice.ok(PRESETS, {"accountId": checking["id"]})["presets"] == [
        {"name": "Hausbank", "mapping": {"delimiter": ";", "amountColumn": "Betrag"}}]
    result = imported(alice, checking["id"], semicolons, presetName="Hausbank")
    assert result["counts"]["new"] == 1 and result["rows"][0]["amount"] == "-1234.56"
    assert result["rows"][0]["payee"] == "Vermieter"


def test_an_idempotency_key_makes_a_retry_answer_the_first_import(alice, checking):
    first = imported(alice, checking["id"], STATEMENT, idempotencyKey="upload-1")
    retry = imported(alice, checking["id"], STATEMENT, idempotencyKey="upload-1")
    assert retry["import"]["id"] == first["import"]["id"] and retry["counts"]["new"] == 4
    assert len(records(alice)) == 4 and len(alice.ok(IMPORTS)["imports"]) == 1
    other = upload(alice, IMPORT_FILE, {"accountId": checking["id"], "idempotencyKey": "upload-1"},
                   STATEMENT + b"2026-03-05,-1.00,Kiosk,\n")
    assert other["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_an_upload_without_a_preflight_header_is_refused_as_csrf(anonymous, checking):
    response = post_upload(anonymous, IMPORT_FILE, {"accountId": checking["id"]}, STATEMENT)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_PREVENTED"


def test_an_upload_over_the_limit_is_refused_with_413(alice, checking, client):
    limit = client.app.state.app_state.settings.max_upload_bytes
    response = post_upload(alice, IMPORT_FILE, {"accountId": checking["id"]}, b"x" * (limit + 1))
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    # Uploads above the JSON body limit but within their own are fine.
    assert len(STATEMENT * 1) < limit


def test_an_upload_above_the_json_limit_but_within_the_upload_limit_is_read(alice, checking, client):
    json_limit = client.app.state.app_state.settings.max_body_bytes
    lines = [f"2026-01-{1 + index % 28:02d},-{index}.00,Shop {index},\n" for index in range(1, 40_000)]
    content = b"Date,Amount,Payee,Description\n" + "".join(lines).encode()
    assert len(content) > json_limit
    assert imported(alice, checking["id"], content)["counts"]["new"] == len(lines)


CREATE_RECORDS = """mutation($inputs: [RecordInput!]!, $key: String) {
  createRecords(inputs: $inputs, idempotencyKey: $key) { id amount }
}"""


def test_create_records_with_an_idempotency_key_creates_once(alice, checking):
    inputs = [{"accountId": checking["id"], "kind": "EXPENSE", "amount": "3.50", "date": "2026-03-02"},
              {"accountId": checking["id"], "kind": "INCOME", "amount": "10.00", "date": "2026-03-03"}]
    first = alice.ok(CREATE_RECORDS, {"inputs": inputs, "key": "batch-7"})["createRecords"]
    retry = alice.ok(CREATE_RECORDS, {"inputs": inputs, "key": "batch-7"})["createRecords"]
    assert retry == first and len(records(alice)) == 2
    changed = alice.error(CREATE_RECORDS, {"inputs": inputs[:1], "key": "batch-7"})
    assert changed["extensions"] == {"code": "BAD_USER_INPUT", "field": "idempotencyKey",
                                     "reason": "this key was used for a different request; choose a new key"}
    alice.ok(CREATE_RECORDS, {"inputs": inputs, "key": "batch-8"})
    assert len(records(alice)) == 4


def test_idempotency_keys_are_per_user(alice, bob, checking):
    inputs = [{"accountId": checking["id"], "kind": "EXPENSE", "amount": "3.50", "date": "2026-03-02"}]
    alice.ok(CREATE_RECORDS, {"inputs": inputs, "key": "shared"})
    bobs = create_account(bob, "Bob's")
    bob.ok(CREATE_RECORDS, {"inputs": [{**inputs[0], "accountId": bobs["id"]}], "key": "shared"})
    assert len(records(bob)) == 1 and len(records(alice)) == 1


def test_the_users_rules_categorise_new_rows_and_money_back_from_a_shop_is_a_refund(alice, checking, books):
    groceries = create_category(alice, "Groceries")
    create_rule(alice, "Grocer", payee={"match": "CONTAINS", "pattern": "grocer"},
                categoryId=groceries["id"], setPayee="The Grocer")
    statement = STATEMENT + b"2026-03-05,5.00,Grocer,returned bottles\n"
    result = imported(alice, checking["id"], statement)
    ruled = {row["line"]: row for row in result["rows"] if row["categoryId"] == groceries["id"]}
    assert sorted(ruled) == [5, 6]
    kinds_and_amounts = sorted((record["kind"], record["amount"]) for record in records(alice)
                               if record["payee"] == "The Grocer")
    assert kinds_and_amounts == [("EXPENSE", "-5.00"), ("EXPENSE", "42.10")]
    books.assert_consistent(alice)


def test_imports_previews_and_undos_give_freed_heap_pages_back(alice, checking, monkeypatch):
    releases: list[str] = []
    monkeypatch.setattr("api.imports.schema.release_free_heap_pages", lambda: releases.append("trim") or True)
    upload(alice, PREVIEW_IMPORT, {"accountId": checking["id"]}, STATEMENT)
    import_id = imported(alice, checking["id"], STATEMENT)["import"]["id"]
    alice.ok(UNDO, {"id": import_id})
    assert releases == ["trim"] * 3
