"""Sign-in attempts kept in the database, so that every worker and server counts the same ones.

Each attempt is a row per limited key (`login_attempts`). Checking and recording happen in one
short transaction of their own, committed whatever the request does afterwards (a failed sign-in
rolls the request back, but its attempt must stay counted):

1. PostgreSQL only: a transaction-scoped advisory lock, so concurrent attempts from any process
   take turns (every attempt shares the "everyone" key, so finer locks would serialise them anyway).
   SQLite needs none: the INSERT below takes the database's single write lock, which is held until
   the commit; inserting before reading also avoids SQLite's refusal to upgrade a read transaction
   whose snapshot another writer has made stale.
2. INSERT the attempt under every key, then SELECT the keys' recent times (index on key, time).
3. Over a limit: roll back, so a refused attempt is not counted. Otherwise commit; once a minute per
   process the same transaction deletes rows older than any rule remembers.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Double, Index, String, and_, delete, insert, or_, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.orm import Mapped, mapped_column

from api.auth.rate_limit import MINUTE, LimitedKey
from api.database import Base

# pg_advisory_xact_lock takes a bigint; any constant no other part of the app uses will do.
POSTGRESQL_LOCK_ID = 0x66696E747261636B  # "fintrack" in ASCII
PRUNE_INTERVAL_SECONDS = MINUTE


class LoginAttempt(Base):
    """One sign-in attempt under one limited key, at a wall-clock time in seconds since the epoch."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key_attempted_at", "key", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # A SHA-256 of the key: fixed width, and the table is no readable list of who tried which email.
    key: Mapped[str] = mapped_column(String(64))
    attempted_at: Mapped[float] = mapped_column(Double)


def key_digest(key: str) -> str:
    """The stored form of a limited key."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class DatabaseAttemptStore:
    """The AttemptStore of the server: attempt times in `login_attempts`, shared by every process."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._next_prune = float("-inf")

    async def start_attempt(self, keys: Sequence[LimitedKey], now: float) -> float:
        """The longest wait the keys' rules ask for; when none, the attempt is recorded under every key."""
        digests = [key_digest(limited.key) for limited in keys]
        table = LoginAttempt.__table__
        async with self._engine.connect() as connection:
            await self._take_turns(connection)
            inserted = await connection.execute(
                insert(table).values([{"key": digest, "attempted_at": now} for digest in digests])
                .returning(table.c.id)
            )
            own_ids = set(inserted.scalars())
            recent = await connection.execute(
                select(table.c.id, table.c.key, table.c.attempted_at)
                .where(or_(*(
                    and_(table.c.key == digest, table.c.attempted_at > now - limited.rule.memory_seconds)
                    for digest, limited in zip(digests, keys)
                )))
                .order_by(table.c.attempted_at, table.c.id)
            )
            times: dict[str, list[float]] = defaultdict(list)
            for row_id, digest, attempted_at in recent:
                if row_id not in own_ids:
                    times[digest].append(attempted_at)
            wait = max(limited.rule.wait(times[digest], now) for digest, limited in zip(digests, keys))
            if wait > 0:
                await connection.rollback()
                return wait
            if now >= self._next_prune:
                self._next_prune = now + PRUNE_INTERVAL_SECONDS
                oldest_kept = now - max(limited.rule.memory_seconds for limited in keys)
                await connection.execute(delete(table).where(table.c.attempted_at <= oldest_kept))
            await connection.commit()
        return 0.0

    async def clear(self, keys: Sequence[str]) -> None:
        """Forget these keys' attempts."""
        table = LoginAttempt.__table__
        async with self._engine.begin() as connection:
            await connection.execute(delete(table).where(table.c.key.in_([key_digest(key) for key in keys])))

    async def _take_turns(self, connection: AsyncConnection) -> None:
        """On PostgreSQL, wait for other processes' attempts to commit (SQLite: see the module docstring)."""
        if connection.dialect.name == "postgresql":
            await connection.execute(text("SELECT pg_advisory_xact_lock(:lock_id)"),
                                     {"lock_id": POSTGRESQL_LOCK_ID})
