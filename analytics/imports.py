"""Bank-file imports as the dashboard shows them: the GraphQL documents, and results turned into frames.

The API explains every row of a file (NEW, DUPLICATE of record N, REFUSED at line and column with a
reason); these functions keep that explanation readable in a table, and turn a mapping the user
corrected back into the `CsvMappingInput` the API takes.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import polars as pl

from analytics.errors import ApiError
from analytics.frames import frame_schema

if TYPE_CHECKING:  # the client imports this module for its documents
    from analytics.client import FinanceClient

COUNTS_FIELDS = "counts { new duplicate refused skipped total }"
MAPPING_FIELDS = """
  encoding delimiter quoteChar headerLine dateColumn dateFormat amountColumn debitColumn creditColumn
  payeeColumn descriptionColumn externalIdColumn currencyColumn directionColumn statusColumn feeColumn
  decimalSeparator thousandsSeparator negate
"""
IMPORT_FIELDS = f"id fileName format createdAt undoneAt account {{ id name currency }} {COUNTS_FIELDS}"
RESULT_FIELDS = f"""
  kept fileName format columns notes rowsTruncated {COUNTS_FIELDS}
  import {{ {IMPORT_FIELDS} }}
  mapping {{ {MAPPING_FIELDS} }}
  rows {{ line outcome recordId column reason date amount payee description }}
"""

PREVIEW_IMPORT = f"""
mutation PreviewImport($file: Upload!, $accountId: ID!, $mapping: CsvMappingInput, $presetName: String) {{
  previewImport(file: $file, accountId: $accountId, mapping: $mapping, presetName: $presetName) {{
    {RESULT_FIELDS}
  }}
}}
"""

IMPORT_FILE = f"""
mutation ImportFile($file: Upload!, $accountId: ID!, $mapping: CsvMappingInput, $presetName: String,
                    $skipInvalid: Boolean!, $idempotencyKey: String) {{
  importFile(file: $file, accountId: $accountId, mapping: $mapping, presetName: $presetName,
             skipInvalid: $skipInvalid, idempotencyKey: $idempotencyKey) {{
    {RESULT_FIELDS}
  }}
}}
"""

IMPORTS = f"""
query Imports($accountId: ID, $first: Int!) {{
  imports(accountId: $accountId, first: $first) {{ {IMPORT_FIELDS} }}
}}
"""

UNDO_IMPORT = f"""
mutation UndoImport($id: ID!) {{ undoImport(id: $id) {{ {IMPORT_FIELDS} }} }}
"""

PRESETS = f"""
query Presets($accountId: ID!) {{ presets(accountId: $accountId) {{ name mapping {{ {MAPPING_FIELDS} }} }} }}
"""

SAVE_PRESET = f"""
mutation SavePreset($accountId: ID!, $name: String!, $mapping: CsvMappingInput!) {{
  savePreset(accountId: $accountId, name: $name, mapping: $mapping) {{ name mapping {{ {MAPPING_FIELDS} }} }}
}}
"""

UPLOAD_TYPES = (".csv", ".txt", ".tab", ".xlsx", ".xls", ".ofx", ".qfx", ".qif", ".xml", ".zip", ".sta",
                ".mt940", ".940")
"""What the importer reads: CSV exports, spreadsheets, OFX/QFX, QIF, camt (a ZIP of them too) and MT940."""

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%y")
"""The date formats a mapping can be corrected to (besides the detected one)."""

OUTCOME_LABELS = {"NEW": "New", "DUPLICATE": "Duplicate", "REFUSED": "Refused", "SKIPPED": "Skipped"}

IMPORT_ROWS_SCHEMA = pl.Schema({
    "Line": pl.Int64,
    "Outcome": pl.String,
    "Date": pl.Date,
    "Amount": pl.String,
    "Payee": pl.String,
    "Description": pl.String,
    "Why": pl.String,
})

IMPORTS_SCHEMA = frame_schema({
    "import_id": pl.Int64,
    "file_name": pl.String,
    "account": pl.String,
    "imported_at": pl.Datetime("us", "UTC"),
    "new": pl.Int64,
    "duplicate": pl.Int64,
    "refused": pl.Int64,
    "skipped": pl.Int64,
    "undone": pl.Boolean,
})


def row_explanation(row: Mapping[str, Any]) -> str:
    """Why a row got its outcome, in words: the record it duplicates, or where and why it was refused."""
    outcome = row["outcome"]
    if outcome == "DUPLICATE":
        return f"already recorded (record {row['recordId']})" if row.get("recordId") else "already recorded"
    if outcome == "NEW":
        return f"recorded as record {row['recordId']}" if row.get("recordId") else "will be recorded"
    where = f"column {row['column']}: " if row.get("column") else ""
    return f"{where}{row.get('reason') or ''}".strip()


def import_rows_frame(rows: list[Mapping[str, Any]]) -> pl.DataFrame:
    """An import result's rows as a table: line, outcome, what was read, and why."""
    table = [
        {
            "Line": row["line"],
            "Outcome": OUTCOME_LABELS.get(row["outcome"], row["outcome"]),
            "Date": date.fromisoformat(row["date"]) if row.get("date") else None,
            "Amount": signed_amount_text(row.get("amount")),
            "Payee": row.get("payee"),
            "Description": row.get("description"),
            "Why": row_explanation(row),
        }
        for row in rows
    ]
    return pl.DataFrame(table, schema=IMPORT_ROWS_SCHEMA, orient="row")


def counts_sentence(counts: Mapping[str, int], kept: bool) -> str:
    """ "12 new, 2 duplicates, 1 refused of 15 rows": what a preview would do or an import did."""
    parts = [f"{counts['new']} new", f"{counts['duplicate']} duplicate{'s' * (counts['duplicate'] != 1)}",
             f"{counts['refused']} refused"]
    if counts.get("skipped"):
        parts.append(f"{counts['skipped']} skipped")
    verb = "Imported" if kept else "Would import"
    return f"{verb}: {', '.join(parts)} of {counts['total']} rows."


def imports_frame(imports: list[Mapping[str, Any]]) -> pl.DataFrame:
    """Past imports, newest first, as a frame (one row per import)."""
    rows = [
        {
            "import_id": int(node["id"]),
            "file_name": node["fileName"],
            "account": node["account"]["name"],
            "imported_at": datetime.fromisoformat(node["createdAt"]),
            **{name: node["counts"][name] for name in ("new", "duplicate", "refused", "skipped")},
            "undone": node.get("undoneAt") is not None,
        }
        for node in imports
    ]
    return pl.DataFrame(rows, schema=IMPORTS_SCHEMA, orient="row")


EDITABLE_MAPPING_FIELDS = (
    "delimiter", "dateColumn", "dateFormat", "amountColumn", "debitColumn", "creditColumn", "payeeColumn",
    "descriptionColumn", "directionColumn", "decimalSeparator", "thousandsSeparator", "negate",
    "externalIdColumn", "currencyColumn", "statusColumn", "feeColumn",
)
"""What the dashboard lets the user correct. The encoding and the header line stay as detected: they
decide the column names every other choice is made from (the GraphQL mapping takes them)."""

OPTIONAL_COLUMNS = (
    "amountColumn", "debitColumn", "creditColumn", "payeeColumn", "descriptionColumn", "externalIdColumn",
    "currencyColumn", "statusColumn", "feeColumn",
)


def corrected_mapping(detected: Mapping[str, Any], corrections: Mapping[str, Any]) -> dict[str, Any]:
    """The detected mapping with the user's corrections, as a CsvMappingInput; an empty column is none,
    except the direction column, which may be the header's unnamed one ("", as the S/H column of German
    Volksbanken): there only None is none."""
    mapping = dict(detected)
    mapping.update({name: value for name, value in corrections.items() if name in EDITABLE_MAPPING_FIELDS})
    for name in OPTIONAL_COLUMNS:
        if not mapping.get(name):
            mapping[name] = None
    if mapping.get("amountColumn"):  # one signed amount column, or debit and credit: never both
        mapping["debitColumn"] = mapping["creditColumn"] = None
    return mapping


def signed_amount_text(amount: Decimal | str | None) -> str | None:
    """A file's signed amount as the preview shows it ("+2,310.40", "−4.75")."""
    if amount is None:
        return None
    value = Decimal(amount)
    return f"{'+' if value > 0 else '−' if value < 0 else ''}{abs(value):,}"


def previewed(
    client: FinanceClient, upload: tuple[str, bytes] | None, account_id: int | None, **options: Any
) -> tuple[dict[str, Any] | None, str | None]:
    """What importing the upload (name, content) would do (None before a file and an account are
    chosen), or why not."""
    if upload is None or account_id is None:
        return None, None
    try:
        return client.preview_import(upload[1], upload[0], account_id, **options), None
    except ApiError as failure:
        return None, failure.message


def imported(
    client: FinanceClient, upload: tuple[str, bytes], account_id: int, **options: Any
) -> dict[str, Any]:
    """Import the upload; {"result": ImportResult} or {"problem": why}. A fresh idempotency key per call:
    a retried request does not import twice, a deliberate second import (after an undo) does."""
    try:
        result = client.import_file(upload[1], upload[0], account_id, idempotency_key=str(uuid.uuid4()),
                                    **options)
    except ApiError as failure:
        return {"problem": failure.message}
    return {"result": result}


def undone(client: FinanceClient, import_id: int) -> dict[str, Any]:
    """Undo an import; {"undone": the import} or {"problem": why}."""
    try:
        return {"undone": client.undo_import(import_id)}
    except ApiError as failure:
        return {"problem": failure.message}
