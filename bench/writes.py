"""Target 4: `createRecords` over HTTP in batches against raw `executemany` of the same rows."""

from __future__ import annotations

import secrets
import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select

from api.database import create_sync_engine, utc_now
from api.demo.history import DemoRecord
from api.ledger.models import Record
from api.money import format_decimal, to_minor_units
from bench.context import BenchContext
from bench.dataset import batched
from bench.history import layered_history
from bench.measure import Figure, Ratio
from bench.queries import CREATE_ACCOUNT, CREATE_RECORDS, REGISTER
from bench.server import GraphQLClient

WRITER_SEED = 9_999
WRITE_HINT = (
    "the records themselves go in as fast as raw: timed inside the server (2026-12-02), a batch of 500 took "
    "29.7 ms, of which the records' executemany 8.1 ms, roll-ups 2.4, tags 0.7, graphql-core's coercion of "
    "the 500 input objects 3.9, loading accounts and categories 1.1, validation about 1, and HTTP, JSON, "
    "Strawberry's conversion, the answer and the commit the other 12: what surrounds the insert costs more "
    "than the insert"
)


AccountsByName = dict[str, dict[str, Any]]


def register_writer(
    context: BenchContext, history_accounts: Sequence[Any]
) -> tuple[GraphQLClient, AccountsByName]:
    """A new user for this run's writes, with the history's accounts (id and currency by name)."""
    client = GraphQLClient(context.api_server.url)
    email = f"bench-writer-{secrets.token_hex(4)}@example.com"
    registered = client.execute(REGISTER, {"e": email, "p": "bench-writer-password"})
    client.token = registered["register"]["accessToken"]
    accounts = {}
    for account in history_accounts:
        created = client.execute(CREATE_ACCOUNT, {"input": {
            "name": account.name, "type": account.type.name, "currency": account.currency,
            "openingBalance": format_decimal(account.opening_balance),
        }})["createAccount"]
        accounts[account.name] = {"id": int(created["id"]), "currency": account.currency}
    return client, accounts


def record_input(record: DemoRecord, accounts: AccountsByName) -> dict[str, Any]:
    """The GraphQL input of a history record; uncategorized, untagged so raw rows can be identical."""
    fields: dict[str, Any] = {
        "accountId": str(accounts[record.account]["id"]), "kind": record.kind.name,
        "amount": format_decimal(record.amount), "date": record.occurred_on.isoformat(),
        "payee": record.payee, "description": record.description,
    }
    if record.counterpart_account:
        fields["counterpartAccountId"] = str(accounts[record.counterpart_account]["id"])
        fields["counterpartAmount"] = format_decimal(record.counterpart_amount or record.amount)
    return fields


def record_row(record: DemoRecord, user_id: int, accounts: AccountsByName) -> dict[str, Any]:
    """The `records` row the API stores for the same input."""
    account = accounts[record.account]
    counterpart = accounts.get(record.counterpart_account or "")
    now = utc_now()
    return {
        "user_id": user_id, "account_id": account["id"], "kind": record.kind,
        "amount_minor": to_minor_units(record.amount, account["currency"]), "currency": account["currency"],
        "occurred_on": record.occurred_on, "payee": record.payee, "description": record.description,
        "notes": "", "category_id": None,
        "counterpart_account_id": counterpart["id"] if counterpart else None,
        "counterpart_amount_minor": (
            to_minor_units(record.counterpart_amount or record.amount, counterpart["currency"])
            if counterpart else None
        ),
        "created_at": now, "updated_at": now,
    }


def measure_writes(context: BenchContext) -> None:
    """Rows per second, batch by batch, through the API and straight into the table."""
    size = context.size
    history = layered_history(context.end, size.years, size.write_batches * size.batch_size, seed=WRITER_SEED)
    client, accounts = register_writer(context, history.accounts)
    batches = list(batched(history.records, size.batch_size))
    api_rate = Figure(f"createRecords over HTTP, batches of {size.batch_size}", "rows/s")
    for batch in batches:
        inputs = [record_input(record, accounts) for record in batch]
        started = time.perf_counter()
        client.execute(CREATE_RECORDS, {"inputs": inputs})
        api_rate.samples.append(len(batch) / (time.perf_counter() - started))
    user_id = int(client.execute("{ me { id } }")["me"]["id"])
    raw_rate = Figure(f"raw executemany of the same rows, batches of {size.batch_size}", "rows/s")
    raw_rate.samples.extend(insert_raw(context.database_url, batches, user_id, accounts))
    context.results.add(api_rate, raw_rate)
    ratio = Ratio("4", "createRecords / raw executemany", api_rate, raw_rate, 0.5, at_most=False)
    context.results.compare(ratio, WRITE_HINT)


def insert_raw(database_url: str, batches: Sequence[Sequence[DemoRecord]], user_id: int,
               accounts: AccountsByName) -> list[float]:
    """Rows per second of each batch as one Core `executemany` and commit; the rows are removed after,
    so that the API's roll-ups still match the records."""
    engine = create_sync_engine(database_url)
    table = Record.__table__
    rates = []
    try:
        with engine.connect() as connection:
            highest_before = connection.scalar(select(func.max(table.c.id))) or 0
            for batch in batches:
                rows = [record_row(record, user_id, accounts) for record in batch]
                started = time.perf_counter()
                connection.execute(insert(table), rows)
                connection.commit()
                rates.append(len(rows) / (time.perf_counter() - started))
            connection.execute(table.delete().where(table.c.user_id == user_id, table.c.id > highest_before))
            connection.commit()
    finally:
        engine.dispose()
    return rates
