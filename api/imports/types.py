"""GraphQL types of the imports domain: results row by row, kept imports, CSV mappings and presets."""

from __future__ import annotations

import datetime
from dataclasses import asdict, fields

import strawberry

from api.accounts.service import load_accounts_by_id
from api.accounts.types import AccountNode
from api.graphql.context import Info
from api.graphql.scalars import Money
from api.imports import service
from api.imports.models import CsvPreset, Import, ImportRow, RowOutcome
from api.imports.parsed import CsvMapping
from api.imports.presets import mapping_from_json
from api.imports.service import ImportCounts, ImportOutcome, RowResult

MAX_ROWS_PAGE = 1000

strawberry.enum(
    RowOutcome, name="ImportRowOutcome",
    description="NEW: recorded; DUPLICATE: already in the ledger; REFUSED: see column and reason; "
    "SKIPPED: nothing to record (a zero amount, or a row the bank has not booked: pending, reverted).",
)
RowOutcomeEnum = RowOutcome  # the domain enum, decorated in place above


@strawberry.type(name="CsvMapping", description="How a CSV export is read; columns are named by header text.")
class CsvMappingNode:
    encoding: str
    delimiter: str
    quote_char: str
    header_line: int = strawberry.field(
        description="1-based line of the header row; 0 when the file has none (columns Column 1, Column 2…).")
    date_column: str
    date_format: str = strawberry.field(
        description="A strptime format, e.g. %d.%m.%Y; %R is a Minguo-era year (Taiwan: 113 is 2024).")
    amount_column: str | None
    debit_column: str | None
    credit_column: str | None
    payee_column: str | None
    description_column: str | None
    external_id_column: str | None
    currency_column: str | None
    direction_column: str | None = strawberry.field(
        description="A column saying which way each amount went (Af/Bij, S/H, Debit/Credit, DR/CR); \"\" is "
        "the header's unnamed column.")
    status_column: str | None = strawberry.field(
        description="A column saying whether the bank has booked each row; rows marked pending, reverted, "
        "declined… are skipped.")
    fee_column: str | None = strawberry.field(
        description="A fee charged on top of each amount (Revolut): taken off the amount.")
    decimal_separator: str
    thousands_separator: str
    negate: bool = strawberry.field(description="Flip signed amounts (exports showing spending as positive).")

    @classmethod
    def from_mapping(cls, mapping: CsvMapping) -> CsvMappingNode:
        """Translate the parser's mapping."""
        return cls(**asdict(mapping))


@strawberry.input(description="A CSV mapping, e.g. the detected one as the user corrected it.")
class CsvMappingInput:
    encoding: str = "utf-8"
    delimiter: str = ","
    quote_char: str = '"'
    header_line: int = 1
    date_column: str = "Date"
    date_format: str = "%Y-%m-%d"
    amount_column: str | None = None
    debit_column: str | None = None
    credit_column: str | None = None
    payee_column: str | None = None
    description_column: str | None = None
    external_id_column: str | None = None
    currency_column: str | None = None
    direction_column: str | None = None
    status_column: str | None = None
    fee_column: str | None = None
    decimal_separator: str = "."
    thousands_separator: str = ""
    negate: bool = False

    def to_mapping(self) -> CsvMapping:
        """The parser's mapping."""
        return CsvMapping(**{field.name: getattr(self, field.name) for field in fields(CsvMapping)})


@strawberry.type(name="ImportCounts", description="Rows of a file per outcome.")
class ImportCountsNode:
    new: int
    duplicate: int
    refused: int
    skipped: int
    total: int

    @classmethod
    def from_counts(cls, counts: ImportCounts) -> ImportCountsNode:
        """Translate the service's counts."""
        return cls(new=counts.new, duplicate=counts.duplicate, refused=counts.refused, skipped=counts.skipped,
                   total=counts.total)


@strawberry.type(name="ImportRow", description="What became of one row of a file.")
class ImportRowNode:
    line: int = strawberry.field(description="1-based line of the file where the row starts.")
    outcome: RowOutcomeEnum
    record_id: strawberry.ID | None = strawberry.field(
        description="NEW: the record created; DUPLICATE: the record it matches (null if since deleted)."
    )
    column: str | None = strawberry.field(description="REFUSED: the column to blame, when one is.")
    reason: str | None
    date: datetime.date | None = strawberry.field(description="As read from the file (results only).")
    amount: Money | None = strawberry.field(description="Signed, negative = money out (results only).")
    payee: str | None
    description: str | None
    category_id: strawberry.ID | None = strawberry.field(description="Set by a rule (results only).")
    tags: list[str]

    @classmethod
    def from_result(cls, result: RowResult) -> ImportRowNode:
        """A row of an import's or preview's answer, with what the file said."""
        transaction = result.transaction
        return cls(
            line=result.line, outcome=result.outcome, record_id=_id(result.record_id), column=result.column,
            reason=result.reason,
            date=transaction.occurred_on if transaction else None,
            amount=Money(transaction.amount) if transaction else None,
            payee=transaction.payee if transaction else None,
            description=transaction.description if transaction else None,
            category_id=_id(result.category_id), tags=list(result.tags),
        )

    @classmethod
    def from_model(cls, row: ImportRow) -> ImportRowNode:
        """A stored row of a kept import (the record holds what the file said)."""
        return cls(line=row.line, outcome=row.outcome, record_id=_id(row.record_id), column=row.column,
                   reason=row.reason, date=None, amount=None, payee=None, description=None, category_id=None,
                   tags=[])


def stored_counts(stored: Import) -> ImportCounts:
    """A kept import's counts."""
    return ImportCounts(stored.new_count, stored.duplicate_count, stored.refused_count, stored.skipped_count)


def _id(value: int | None) -> strawberry.ID | None:
    return strawberry.ID(str(value)) if value is not None else None


@strawberry.type(name="Import", description="A file imported into an account, kept to look at or undo.")
class ImportNode:
    id: strawberry.ID
    account_id: strawberry.ID
    file_name: str
    format: str = strawberry.field(
        description="csv, xlsx, xls, txt (Key: value blocks), ofx, qif, camt or mt940.")
    created_at: datetime.datetime
    undone_at: datetime.datetime | None = strawberry.field(description="When undone as a whole; else null.")
    counts: ImportCountsNode

    @strawberry.field(description="The account imported into.")
    async def account(self, info: Info) -> AccountNode:
        account = await info.context.loader(load_accounts_by_id).load(int(self.account_id))
        return AccountNode.from_model(account)

    @strawberry.field(description=f"The file's rows in line order, after `afterLine`; `first` at most "
                                  f"{MAX_ROWS_PAGE}.")
    async def rows(self, info: Info, first: int = 100, after_line: int | None = None) -> list[ImportRowNode]:
        context = info.context
        limit = min(max(first, 1), MAX_ROWS_PAGE)
        rows = await service.list_import_rows(context.session, context.user.id, int(self.id), limit,
                                              after_line)
        return [ImportRowNode.from_model(row) for row in rows]

    @classmethod
    def from_model(cls, stored: Import) -> ImportNode:
        """Translate the ORM object."""
        counts = stored_counts(stored)
        return cls(id=strawberry.ID(str(stored.id)), account_id=strawberry.ID(str(stored.account_id)),
                   file_name=stored.file_name, format=stored.format, created_at=stored.created_at,
                   undone_at=stored.undone_at, counts=ImportCountsNode.from_counts(counts))


@strawberry.type(description="What an import (or its preview) did with every row.")
class ImportResult:
    kept: bool = strawberry.field(
        description="Whether the rows were written: false for a preview, and when a row was refused "
        "without skipInvalid (then nothing was written)."
    )
    import_: ImportNode | None = strawberry.field(name="import", description="The import, when kept.")
    account_id: strawberry.ID
    file_name: str
    format: str
    mapping: CsvMappingNode | None = strawberry.field(
        description="CSV: the mapping used (detected unless given): show it, let the user correct it."
    )
    columns: list[str] = strawberry.field(description="CSV: the header's columns, when detected.")
    notes: list[str] = strawberry.field(description="What detection guessed or skipped, to check.")
    counts: ImportCountsNode
    rows: list[ImportRowNode] = strawberry.field(
        description="The first rows (and refused rows beyond them); `import.rows` pages through all."
    )
    rows_truncated: bool

    @classmethod
    def from_outcome(
        cls, outcome: ImportOutcome, stored: Import | None, columns: list[str], notes: list[str]
    ) -> ImportResult:
        """Translate the service's answer."""
        return cls(
            kept=outcome.kept, import_=ImportNode.from_model(stored) if stored is not None else None,
            account_id=strawberry.ID(str(outcome.account_id)), file_name=outcome.file_name,
            format=outcome.format,
            mapping=CsvMappingNode.from_mapping(outcome.mapping) if outcome.mapping is not None else None,
            columns=columns, notes=notes, counts=ImportCountsNode.from_counts(outcome.counts),
            rows=[ImportRowNode.from_result(result) for result in outcome.rows],
            rows_truncated=outcome.rows_truncated,
        )

    @classmethod
    def from_stored(cls, stored: Import, rows: list[ImportRow]) -> ImportResult:
        """The answer to a retry: the import the first request made, as it is now."""
        node = ImportNode.from_model(stored)
        return cls(
            kept=True, import_=node, account_id=node.account_id, file_name=stored.file_name,
            format=stored.format, mapping=None, columns=[], notes=[], counts=node.counts,
            rows=[ImportRowNode.from_model(row) for row in rows],
            rows_truncated=len(rows) < node.counts.total,
        )


@strawberry.type(name="CsvPreset", description="A saved CSV mapping of an account, by name.")
class CsvPresetNode:
    id: strawberry.ID
    account_id: strawberry.ID
    name: str
    mapping: CsvMappingNode
    updated_at: datetime.datetime

    @classmethod
    def from_model(cls, preset: CsvPreset) -> CsvPresetNode:
        """Translate the ORM object."""
        return cls(id=strawberry.ID(str(preset.id)), account_id=strawberry.ID(str(preset.account_id)),
                   name=preset.name, mapping=CsvMappingNode.from_mapping(mapping_from_json(preset.mapping)),
                   updated_at=preset.updated_at)
