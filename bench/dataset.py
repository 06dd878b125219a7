"""The benchmark dataset, written through the product's own services and cached for later runs.

Users come from `add_user`, accounts from `create_account`, and every record goes through
`create_records` in batches, one transaction per batch, exactly as an import would: when the ledger
writer behind that function gets faster, generating gets faster too (and the rate is reported).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.service import create_account
from api.auth.passwords import PasswordHasher
from api.auth.service import add_user
from api.categories.service import list_categories
from api.config import Settings
from api.demo import load_demo_data
from api.demo.history import DemoData, DemoRecord
from api.migrate import upgrade_database
from api.records.service import create_records
from api.records.validation import RecordFields
from api.state import AppState
from bench.history import layered_history, years_before
from bench.sizes import DatasetSize
from bench.snapshot import snapshot_commit

DEFAULT_CACHE_DIR = Path(__file__).resolve().parent / ".cache"
CACHE_DIR_VARIABLE = "BENCH_CACHE_DIR"
SERVICE_BATCH_SIZE = 500
# Benchmark users sign in over HTTP, so their passwords are fixed and kept in the manifest.
PASSWORD_PREFIX = "bench-password-"


@dataclass(frozen=True)
class BenchUser:
    """A generated user and how to sign in as them."""

    email: str
    password: str
    user_id: int
    record_count: int


@dataclass
class Manifest:
    """What a cached dataset holds; written last, so a manifest means the dataset is complete."""

    size: str
    database_url: str
    start: str
    end: str
    users: list[BenchUser]
    demo: BenchUser
    seconds: float
    records_written: int
    bcrypt_rounds: int
    generated_at: str = field(default_factory=lambda: date.today().isoformat())
    generated_with: str = field(default_factory=lambda: snapshot_commit() or "work tree")
    """The commit whose services wrote the records (later commits migrate the database forward)."""

    @property
    def big_user(self) -> BenchUser:
        """The user every per-user figure is measured on (the one with the most records)."""
        return self.users[0]

    @property
    def records_per_second(self) -> float:
        """Generation rate through `create_records` (user creation and history building included)."""
        return self.records_written / self.seconds if self.seconds else 0.0

    def save(self, path: Path) -> None:
        """Write the manifest as JSON."""
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """Read a manifest written by `save`."""
        raw = json.loads(path.read_text())
        raw["users"] = [BenchUser(**user) for user in raw["users"]]
        raw["demo"] = BenchUser(**raw["demo"])
        return cls(**raw)


def cache_dir() -> Path:
    """Where datasets and run copies live: bench/.cache, or BENCH_CACHE_DIR (the smoke test's own)."""
    return Path(os.environ.get(CACHE_DIR_VARIABLE) or DEFAULT_CACHE_DIR)


def sqlite_path(size: DatasetSize) -> Path:
    """Where the cached SQLite database of this size lives."""
    return cache_dir() / f"{size.name}.sqlite3"


def manifest_path(size: DatasetSize, database_url: str | None) -> Path:
    """The manifest of this size, one per PostgreSQL database (by URL digest) or the SQLite file."""
    if database_url is None:
        return cache_dir() / f"{size.name}.manifest.json"
    digest = hashlib.sha256(database_url.encode()).hexdigest()[:12]
    return cache_dir() / f"{size.name}.{digest}.manifest.json"


def ensure_dataset(
    size: DatasetSize, database_url: str | None = None, progress: Callable[[str], None] = print
) -> Manifest:
    """The cached dataset of this size, generated first when missing."""
    path = manifest_path(size, database_url)
    if path.exists():
        return Manifest.load(path)
    cache_dir().mkdir(parents=True, exist_ok=True)
    if database_url is None:
        # Generate beside the final name: an interrupted run never leaves a half-filled cache behind.
        partial = sqlite_path(size).with_suffix(".partial.sqlite3")
        for leftover in cache_dir().glob(f"{partial.name}*"):
            leftover.unlink()
        manifest = generate(size, f"sqlite:///{partial}", progress)
        shutil.move(partial, sqlite_path(size))
        manifest.database_url = f"sqlite:///{sqlite_path(size)}"
    else:
        manifest = generate(size, database_url, progress)
    manifest.save(path)
    return manifest


def generate(size: DatasetSize, database_url: str, progress: Callable[[str], None] = print) -> Manifest:
    """Migrate the database and write every user of this size into it."""
    upgrade_database(database_url)
    data_dir = cache_dir() / "generator-data"
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(data_dir=data_dir, database_url=database_url, bcrypt_rounds=size.bcrypt_rounds)
    return asyncio.run(_generate(size, settings, progress))


async def _generate(size: DatasetSize, settings: Settings, progress: Callable[[str], None]) -> Manifest:
    state = AppState.from_settings(settings)
    end = date.today()
    started = time.monotonic()
    users: list[BenchUser] = []
    try:
        for index in range(size.user_count):
            count = size.big_user_records if index == 0 else size.other_user_records
            history = layered_history(end, size.years, count, seed=index + 1)
            users.append(await write_user(state, f"bench-user-{index:02d}@example.com",
                                          f"{PASSWORD_PREFIX}{index:02d}", history))
            written = sum(user.record_count for user in users)
            progress(f"user {index + 1}/{size.user_count}: {count} records "
                     f"({written / (time.monotonic() - started):.0f} records/s so far)")
        credentials = await load_demo_data(state, today=end)
        demo = BenchUser(credentials.email, credentials.password, 0, credentials.record_count)
    finally:
        await state.engine.dispose()
    seconds = time.monotonic() - started
    return Manifest(
        size=size.name, database_url=make_url(settings.resolved_database_url).render_as_string(),
        start=years_before(end, size.years).isoformat(), end=end.isoformat(), users=users, demo=demo,
        seconds=round(seconds, 1), records_written=sum(user.record_count for user in users),
        bcrypt_rounds=size.bcrypt_rounds,
    )


async def write_user(state: AppState, email: str, password: str, history: DemoData) -> BenchUser:
    """One user with the history's accounts, then its records in batches, a transaction each."""
    async with state.session_factory() as session:
        user = await add_user(session, PasswordHasher(state.settings.bcrypt_rounds), email, password)
        account_ids = {
            account.name: (await create_account(
                session, user.id, account.name, account.type, account.currency, account.opening_balance
            )).id
            for account in history.accounts
        }
        category_ids = await category_ids_by_full_name(session, user.id)
        await session.commit()
        user_id = user.id
    for batch in batched(history.records, SERVICE_BATCH_SIZE):
        fields = [record_fields(record, account_ids, category_ids) for record in batch]
        async with state.session_factory() as session:
            await create_records(session, user_id, fields, max_count=SERVICE_BATCH_SIZE)
            await session.commit()
    return BenchUser(email, password, user_id, len(history.records))


async def category_ids_by_full_name(session: AsyncSession, user_id: int) -> dict[str, int]:
    """The user's categories keyed as the demo history names them ("Parent / Child")."""
    categories = await list_categories(session, user_id, None)
    names = {category.id: category.name for category in categories}
    return {
        f"{names[category.parent_id]} / {category.name}" if category.parent_id else category.name: category.id
        for category in categories
    }


def record_fields(
    record: DemoRecord, account_ids: dict[str, int], category_ids: dict[str, int]
) -> RecordFields:
    """The service input for one history record."""
    return RecordFields(
        account_id=account_ids[record.account],
        kind=record.kind,
        amount=record.amount,
        date=record.occurred_on,
        payee=record.payee,
        description=record.description,
        category_id=category_ids[record.category] if record.category else None,
        tags=record.tags,
        counterpart_account_id=(
            account_ids[record.counterpart_account] if record.counterpart_account else None
        ),
        counterpart_amount=record.counterpart_amount,
    )


def batched(items: Sequence[DemoRecord], size: int) -> Iterator[Sequence[DemoRecord]]:
    """Consecutive slices of at most `size` items."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
