"""Issue 12's import targets: a bank CSV through `importFile` over HTTP and through the service the CLI
runs, against raw `executemany` of the same rows; and the server's memory while a far larger file imports.

Each run imports the file into a fresh account of a user of its own (with rules, so every row is
matched), then undoes the import, so every run writes into a table of the same size. The raw rows
are exactly those the import stored, read back before the undo and written with the DB-API driver's
`executemany` in batches of the importer's size, one transaction, then deleted again.
"""

from __future__ import annotations

import asyncio
import json
import random
import secrets
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, text

from api.config import Settings
from api.database import create_sync_engine
from api.imports import service
from api.imports.reading import open_file
from api.imports.service import BATCH_ROWS
from api.rules import load_rule_set
from api.state import AppState
from bench.context import BenchContext
from bench.load import MEMORY_LIMIT_MB
from bench.measure import Figure, Ratio
from bench.queries import CREATE_ACCOUNT, REGISTER
from bench.server import GraphQLClient, GraphQLError

IMPORT_RATE_TARGET = 100_000
"""Rows per second, end to end (issue 12)."""
RAW_RATIO_TARGET = 4.0
"""The import at most this many times slower than raw executemany of the same rows (issue 12)."""
IMPORT_HINT = (
    "raw executemany writes only `records`; the import also writes its rows' outcomes and the roll-ups, "
    "and a cProfile of api.imports.service.import_transactions (2026-12-02) spent a third of its time "
    "waiting for SQLite and the rest in Python, about 60 us a row under the profiler: validation 13 us, "
    "minor units 6 us, fingerprints 5 us, the writer's batches 10 us, rules 2 us"
)
EXPENSE_PAYEES = (
    "Coffee Corner", "Grocer Fresh Market", "City Transit", "Corner Bakery", "Fuel Station 24",
    "Online Books", "Pharmacy Plus", "Streaming Service", "Hardware Depot", "Noodle Bar",
    "Cinema Royal", "Mobile Carrier", "Electric Utility", "Gym Membership", "Pet Supplies",
)
INCOME_PAYEES = ("ACME Corp Payroll", "Tax Refund", "Interest")
# Rules as a user writes them: the first few payees get a category (and a tag), the rest stay uncategorized.
RULED_PAYEES = {"Coffee": "Food", "Grocer": "Food", "Transit": "Transport", "Fuel": "Transport",
                "Utility": "Housing"}
IMPORT_FILE = """
mutation($file: Upload!, $accountId: ID!) {
  answer: importFile(file: $file, accountId: $accountId) {
    kept import { id } counts { new duplicate refused total }
  }
}
"""
PREVIEW_IMPORT = """
mutation($file: Upload!, $accountId: ID!) {
  answer: previewImport(file: $file, accountId: $accountId) { kept counts { new duplicate refused total } }
}
"""
UNDO_IMPORT = "mutation($id: ID!) { undoImport(id: $id) { id undoneAt } }"
CREATE_RULE = "mutation($input: RuleInput!) { createRule(input: $input) { id } }"
EXPENSE_CATEGORIES = "{ categories(kind: EXPENSE) { id name } }"
RECORD_COLUMNS = ("user_id", "account_id", "kind", "amount_minor", "currency", "occurred_on", "payee",
                  "description", "notes", "category_id", "counterpart_account_id", "counterpart_amount_minor",
                  "created_at", "updated_at")


def write_bank_csv(path: Path, rows: int, end: date, seed: int = 12) -> int:
    """A bank's CSV export of `rows` transactions over the years before `end`, oldest first, streamed.

    Spending at a handful of shops, a salary each month, and now and then the same purchase twice
    on one day (two coffees), which an import must keep as two rows: returns how many such repeats.
    """
    generator = random.Random(seed)
    days = 5 * 365
    start = end - timedelta(days=days)
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write("Date,Payee,Description,Amount\r\n")
        previous = ""
        repeats = 0
        for index in range(rows):
            if previous and generator.random() < 0.01:
                file.write(previous)  # the same purchase again, the same day
                repeats += 1
                continue
            day = start + timedelta(days=index * days // rows)
            if generator.random() < 0.02:
                payee, amount = generator.choice(INCOME_PAYEES), generator.randint(1_000, 500_000)
            else:
                payee, amount = generator.choice(EXPENSE_PAYEES), -generator.randint(50, 30_000)
            euros, cents = divmod(abs(amount), 100)
            sign = "-" if amount < 0 else ""
            previous = (f"{day.isoformat()},{payee},Card {generator.randint(1000, 9999)} ref {index},"
                        f"{sign}{euros}.{cents:02d}\r\n")
            file.write(previous)
    return repeats


@dataclass
class Importer:
    """A user of its own with one account and rules, importing over HTTP."""

    client: GraphQLClient
    user_id: int
    account_id: str
    email: str

    def import_file(self, path: Path, query: str = IMPORT_FILE, timeout: float = 3600) -> dict[str, Any]:
        """POST the file as a GraphQL multipart request (importFile, or previewImport); its answer, which
        must refuse no row."""
        variables = {"file": None, "accountId": self.account_id}
        operations = json.dumps({"query": query, "variables": variables})
        with path.open("rb") as file:
            response = self.client.client.post(
                f"{self.client.url}/graphql",
                data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
                files={"0": (path.name, file, "text/csv")},
                headers={"Authorization": f"Bearer {self.client.token}"},
                timeout=httpx.Timeout(timeout),
            )
        body = response.json()
        if response.status_code != 200 or body.get("errors") or body["data"]["answer"]["counts"]["refused"]:
            raise GraphQLError(f"{response.status_code}: {str(body)[:2000]}")
        result: dict[str, Any] = body["data"]["answer"]
        return result

    def undo(self, import_id: str | int) -> None:
        """Undo an import (its records deleted through the writer)."""
        self.client.execute(UNDO_IMPORT, {"id": str(import_id)})


def register_importer(context: BenchContext) -> Importer:
    """A new user with a checking account and a rule per ruled payee."""
    client = GraphQLClient(context.api_server.url)
    email = f"bench-importer-{secrets.token_hex(4)}@example.com"
    registered = client.execute(REGISTER, {"e": email, "p": "bench-importer-password"})
    client.token = registered["register"]["accessToken"]
    account = client.execute(CREATE_ACCOUNT, {"input": {
        "name": "Checking", "type": "CHECKING", "currency": "EUR", "openingBalance": "0.00",
    }})["createAccount"]
    categories = {category["name"]: category["id"]
                  for category in client.execute(EXPENSE_CATEGORIES)["categories"]}
    for pattern, category in RULED_PAYEES.items():
        client.execute(CREATE_RULE, {"input": {
            "name": pattern, "payee": {"match": "CONTAINS", "pattern": pattern}, "direction": "OUT",
            "categoryId": categories.get(category), "tags": ["imported"],
        }})
    user_id = int(client.execute("{ me { id } }")["me"]["id"])
    return Importer(client, user_id, str(account["id"]), email)


def import_through_service(database_url: str, work_dir: Path, importer: Importer, path: Path) -> int:
    """What `fintrack import` runs, in this process: open, rules, import, commit; returns the import's id."""
    settings = Settings(data_dir=work_dir / "service-data", database_url=database_url)

    async def run() -> int:
        state = AppState.from_settings(settings)
        try:
            async with state.session_factory() as session:
                with path.open("rb") as stream:
                    opened = open_file(stream, path.name)
                    rules = await load_rule_set(session, importer.user_id)
                    outcome = await service.import_transactions(
                        session, importer.user_id, int(importer.account_id), opened.source, rules)
                if not outcome.kept or outcome.import_id is None:
                    raise RuntimeError(f"the service kept nothing: {outcome.counts}")
                await session.commit()
                return outcome.import_id
        finally:
            await state.engine.dispose()

    return asyncio.run(run())


def stored_rows(engine: Engine, import_id: int) -> list[tuple[Any, ...]]:
    """The records an import created, as the driver returns them (ready to write back as they are)."""
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(
            f"SELECT {', '.join(RECORD_COLUMNS)} FROM records WHERE id IN "  # nosec B608: constant columns
            "(SELECT record_id FROM import_rows WHERE import_id = :import_id AND outcome = 'new') ORDER BY id"
        ), {"import_id": import_id})]


def insert_raw(engine: Engine, rows: list[tuple[Any, ...]]) -> float:
    """Seconds to write the rows with the driver's executemany (batches of the importer's size, one
    transaction); they are deleted afterwards."""
    placeholder = "?" if engine.dialect.paramstyle == "qmark" else "%s"
    statement = (f"INSERT INTO records ({', '.join(RECORD_COLUMNS)}) "  # nosec B608: constant columns
                 f"VALUES ({', '.join([placeholder] * len(RECORD_COLUMNS))})")
    with engine.connect() as connection:
        highest = connection.execute(text("SELECT COALESCE(MAX(id), 0) FROM records")).scalar_one()
        connection.commit()
        started = time.perf_counter()
        for offset in range(0, len(rows), BATCH_ROWS):
            connection.exec_driver_sql(statement, rows[offset:offset + BATCH_ROWS])
        connection.commit()
        seconds = time.perf_counter() - started
        connection.execute(text("DELETE FROM records WHERE id > :highest"), {"highest": highest})
        connection.commit()
    return seconds


def measure_imports(context: BenchContext) -> None:
    """Targets 12a and 12b: rows per second over HTTP and through the service, against raw executemany."""
    rows = context.size.import_rows
    path = context.work_dir / f"bank-export-{rows}.csv"
    repeats = write_bank_csv(path, rows, context.end)
    importer = register_importer(context)
    http = Figure(f"import of a {rows:,}-row CSV over HTTP (importFile, multipart)", "rows/s")
    through_service = Figure(f"import of the {rows:,}-row CSV through the service (the CLI's path)", "rows/s")
    raw = Figure(f"raw executemany of the same {rows:,} records (DB-API driver)", "rows/s")
    engine = create_sync_engine(context.database_url)
    try:
        for _ in range(context.size.runs):
            started = time.perf_counter()
            result = importer.import_file(path)
            http.samples.append(rows / (time.perf_counter() - started))
            import_id = int(result["import"]["id"])
            written = stored_rows(engine, import_id)
            importer.undo(import_id)
            started = time.perf_counter()
            service_import = import_through_service(context.database_url, context.work_dir, importer, path)
            through_service.samples.append(rows / (time.perf_counter() - started))
            importer.undo(service_import)
            raw.samples.append(len(written) / insert_raw(engine, written))
    finally:
        engine.dispose()
    counts = result["counts"]
    http.note = (f"{counts['new']:,} new ({repeats:,} same-day repeats among them), "
                 f"{counts['duplicate']:,} duplicates, {len(RULED_PAYEES)} rules")
    target = Figure("import target", "rows/s", [IMPORT_RATE_TARGET])
    context.results.add(http, through_service, raw)
    context.results.compare(Ratio("12a", "raw executemany / import over HTTP (rows/s)", raw, http,
                                  RAW_RATIO_TARGET), IMPORT_HINT)
    context.results.compare(Ratio("12b", f"import over HTTP / {IMPORT_RATE_TARGET:,} rows/s", http, target, 1,
                                  at_most=False),
                            f"raw executemany itself writes {raw.median:,.0f} rows/s on this machine")


def measure_large_import(context: BenchContext) -> None:
    """Target 12c: the API server's highest RSS while a file of a million rows goes through the import
    over HTTP, as a preview: every step of an import but writing the records, because a million
    records are more than one user may hold (`api.ledger.capacity`, 800,000 entries: every sum stays
    within 64 bits), and the ledger refuses the import that would pass it."""
    rows = context.size.large_import_rows
    path = context.work_dir / f"bank-export-{rows}.csv"
    write_bank_csv(path, rows, context.end, seed=13)
    importer = register_importer(context)
    samples = context.api_server.memory.samples
    before = len(samples)
    idle = max(samples[-10:], default=0)
    started = time.perf_counter()
    result = importer.import_file(path, PREVIEW_IMPORT)
    seconds = time.perf_counter() - started
    time.sleep(0.3)  # one more sample after the answer
    during = samples[before:] or [0]
    peak = Figure(f"API server RSS previewing the import of a {rows:,}-row CSV over HTTP, highest sample",
                  "MB", [max(during) / 2**20])
    peak.note = (f"{path.stat().st_size / 2**20:,.0f} MB file, {rows / seconds:,.0f} rows/s, "
                 f"{result['counts']['new']:,} new; {idle / 2**20:,.0f} MB before it")
    limit = Figure("RSS limit", "MB", [MEMORY_LIMIT_MB])
    context.results.add(peak)
    ratio = Ratio("12c", f"RSS importing {rows:,} rows / {MEMORY_LIMIT_MB} MB", peak, limit, 1)
    grown = (max(during) - idle) / 2**20
    context.results.compare(ratio, f"the import itself added {grown:,.0f} MB to the {idle / 2**20:,.0f} MB "
                                   "the server held before it (earlier benchmarks: see target 6)")
    path.unlink()
