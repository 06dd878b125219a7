"""Target 8: Fava's income statement and `hledger balance -M` against this API's five-year income
statement, on the big user's history written as a Beancount file and an hledger journal."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from api.database import create_sync_engine
from api.money import format_decimal, from_minor_units
from bench.context import BenchContext
from bench.dataset import DEFAULT_CACHE_DIR
from bench.ledger_files import (
    OPENING_BALANCES, Entry, Posting, account_component, beancount_text, hledger_text,
)
from bench.measure import Ratio, interleaved
from bench.queries import income_statement_query
from bench.server import free_port, serving

PEERS_VENV = DEFAULT_CACHE_DIR / "peers-venv"  # one install serves every cache directory
FAVA_VERSION = "fava==1.30.*"  # peers are pinned like the project: a new release must not move the figure
PEER_RUNS = 3  # each hledger run parses the whole journal again: a few runs keep the load bounded
PEERS_HINT = "see target 1's part-by-part profile: the income statement shares the summary's reads"
_RECORDS = text("""
    SELECT r.kind, r.amount_minor, r.currency, r.occurred_on, r.payee, r.description,
           a.name AS account, a.type AS account_type,
           c.name AS category, p.name AS parent_category,
           ca.name AS counterpart, ca.type AS counterpart_type, ca.currency AS counterpart_currency,
           r.counterpart_amount_minor
    FROM records r
    JOIN accounts a ON a.id = r.account_id
    LEFT JOIN categories c ON c.id = r.category_id
    LEFT JOIN categories p ON p.id = c.parent_id
    LEFT JOIN accounts ca ON ca.id = r.counterpart_account_id
    WHERE r.user_id = :user_id
    ORDER BY r.occurred_on, r.id
""")
_ACCOUNTS = text("SELECT name, type, currency, opening_balance_minor FROM accounts WHERE user_id = :user_id")


def ledger_account(name: str, account_type: str) -> str:
    """Cards and loans are liabilities, everything else an asset."""
    root = "Liabilities" if account_type.upper() in {"CREDIT_CARD", "LOAN"} else "Assets"
    return f"{root}:{account_component(name)}"


def _money(minor: int, currency: str) -> str:
    return format_decimal(from_minor_units(minor, currency))


def _entry(row: Any) -> Entry:
    """One record as a balanced transaction."""
    account = ledger_account(row.account, row.account_type)
    amount = _money(row.amount_minor, row.currency)
    occurred_on = row.occurred_on
    if not isinstance(occurred_on, date):  # SQLite hands back the ISO text
        occurred_on = date.fromisoformat(occurred_on)
    kind = row.kind.lower()
    if kind == "transfer":
        target = ledger_account(row.counterpart, row.counterpart_type)
        arrived = _money(row.counterpart_amount_minor, row.counterpart_currency)
        price = f"{amount} {row.currency}" if row.counterpart_currency != row.currency else None
        postings = (Posting(target, arrived, row.counterpart_currency, price),
                    Posting(account, f"-{amount}", row.currency))
    else:
        root = "Income" if kind == "income" else "Expenses"
        names = [name for name in (row.parent_category, row.category) if name] or ["Uncategorized"]
        category = ":".join([root, *map(account_component, names)])
        sign = ("", "-") if kind == "income" else ("-", "")
        postings = (Posting(account, f"{sign[0]}{amount}", row.currency),
                    Posting(category, f"{sign[1]}{amount}", row.currency))
    return Entry(occurred_on, row.payee, row.description, postings)


def export_ledgers(context: BenchContext, directory: Path) -> tuple[Path, Path, int]:
    """Write the big user's records (and opening balances) as history.beancount and history.journal."""
    user_id = context.manifest.big_user.user_id
    engine = create_sync_engine(context.database_url)
    try:
        with engine.connect() as connection:
            entries = [_entry(row) for row in connection.execute(_RECORDS, {"user_id": user_id})]
            accounts = connection.execute(_ACCOUNTS, {"user_id": user_id}).all()
    finally:
        engine.dispose()
    opened_on = context.start - timedelta(days=1)
    openings = [
        Entry(opened_on, "Opening balance", account.name, (
            Posting(ledger_account(account.name, account.type),
                    _money(account.opening_balance_minor, account.currency), account.currency),
            Posting(OPENING_BALANCES, _money(-account.opening_balance_minor, account.currency),
                    account.currency),
        ))
        for account in accounts if account.opening_balance_minor
    ]
    every_entry = openings + entries
    names = {posting.account for entry in every_entry for posting in entry.postings}
    beancount = directory / "history.beancount"
    journal = directory / "history.journal"
    beancount.write_text(beancount_text(every_entry, names, opened_on - timedelta(days=1)))
    journal.write_text(hledger_text(every_entry))
    return beancount, journal, len(entries)


def fava_executable(install: bool) -> Path | None:
    """Fava in a virtualenv of its own under the bench cache (never a project dependency); installed
    when missing if `install` allows it (the smoke test does not reach for the network)."""
    fava = PEERS_VENV / "bin" / "fava"
    if not fava.exists():
        if not install:
            return None
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)  # nosec B603
        subprocess.run([str(PEERS_VENV / "bin" / "pip"), "install", "-q", FAVA_VERSION],  # nosec B603
                       check=True)
    return fava


def measure_peers(context: BenchContext) -> None:
    """Interleaved: the API's income statement, Fava's income statement JSON and `hledger balance -M`."""
    directory = context.work_dir / "peers"
    directory.mkdir(exist_ok=True)
    beancount, journal, count = export_ledgers(context, directory)
    client = context.big_user_client()
    query, asked_as = income_statement_query(context.types)
    variables = {"from": context.start.isoformat(), "to": context.end.isoformat()}
    actions = {f"API five-year income statement ({asked_as})": lambda: client.execute(query, variables)}
    hledger = shutil.which("hledger")
    if hledger:
        actions[f"`hledger balance -M`, {count:,} transactions"] = lambda: subprocess.run(  # nosec B603
            [hledger, "-f", str(journal), "balance", "-M"], check=True, capture_output=True)
    else:
        context.results.not_measured["hledger"] = "`hledger` is not on PATH (apt-get install hledger)"
    fava = fava_executable(context.install_peers)
    if fava is None:
        context.results.not_measured["Fava"] = f"not installed in {PEERS_VENV} (`python -m bench run` would)"
        measure_against_peers(context, actions, asked_as)
        return
    port = free_port()
    fava_command = [str(fava), "--host", "127.0.0.1", "--port", str(port), str(beancount)]
    with serving(fava_command, {"PATH": "/usr/bin:/bin"}, directory / "fava.log", port, "/") as fava_server:
        with httpx.Client(timeout=600, base_url=fava_server.url) as fava_client:
            slug = re.match(r"/([^/]+)/", httpx.URL(str(fava_client.get("/").headers["location"])).path)
            endpoint = f"/{slug.group(1) if slug else 'bench'}/api/income_statement?interval=month"
            actions[f"Fava income statement JSON (by month), {count:,} transactions"] = \
                lambda: fava_client.get(endpoint).raise_for_status()
            measure_against_peers(context, actions, asked_as)


def measure_against_peers(
    context: BenchContext, actions: dict[str, Callable[[], object]], asked_as: str
) -> None:
    """Time the API and every available peer round after round; compare the API with the fastest."""
    figures = interleaved(actions, min(context.size.runs, PEER_RUNS))
    api, *peers = figures.values()
    context.results.add(*figures.values())
    context.results.notes.append(f"Target 8 asks the API for {asked_as}.")
    if not peers:
        return
    fastest = min(peers, key=lambda figure: figure.median)
    peer_name = fastest.name.split(",")[0]
    ratio = Ratio("8", f"API income statement / fastest peer ({peer_name})", api, fastest, 0.1)
    context.results.compare(ratio, PEERS_HINT)
