"""How many amounts a user may hold, so that no sum of them overflows a signed 64-bit integer.

Every sum the product computes (a roll-up row, a balance: opening plus legs, a summary over any
range, the totals of accounts in one currency) adds up some of one user's entries: the legs of
their records (a transfer has two, its departure and its arrival) and their accounts' opening
balances. SQLite raises on an intermediate sum beyond 2^63 - 1 and PostgreSQL on a bigint cast
of one, whatever order the rows come in, so what bounds them all is the count of entries times
the largest amount (`api.money.MAX_MINOR_UNITS`). The writer refuses a write that would take a
user past `MAX_ENTRIES_PER_USER`; accounts count as one entry each.
"""

from __future__ import annotations

from sqlalchemy import Integer, Select, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.errors import InvalidInput
from api.ledger.models import MonthlyRollup
from api.money import MAX_MINOR_UNITS

LARGEST_SUM = 2**63 - 1
"""The largest value of a signed 64-bit integer: SQLite's INTEGER and PostgreSQL's bigint."""

MAX_ENTRIES_PER_USER = 800_000
"""Legs plus accounts per user: 800,000 × 10^13 = 8 × 10^18, below 2^63 - 1 ≈ 9.22 × 10^18.

Far beyond a personal ledger (200 records a day for ten years is 730,000). The check reads what
is committed, so writers racing each other may overshoot it by their batches together; the
122,337 entries left below the overflow (`HEADROOM_ENTRIES`) leave room for that.
"""

HEADROOM_ENTRIES = LARGEST_SUM // MAX_MINOR_UNITS - MAX_ENTRIES_PER_USER


def _entry_count_query() -> Select[tuple[int]]:
    """The user's legs (from the roll-ups' counts) plus their accounts, for `_USER_ID`: built once, as
    every write runs it (built per call, it cost twice the statement's execution)."""
    legs = select(func.coalesce(func.sum(MonthlyRollup.record_count), 0)).where(
        MonthlyRollup.user_id == _USER_ID
    ).scalar_subquery()
    accounts = select(func.count()).select_from(Account).where(Account.user_id == _USER_ID).scalar_subquery()
    return select(legs + accounts)


_USER_ID = bindparam("capacity_user_id", type_=Integer)
_ENTRY_COUNT = _entry_count_query()


async def entry_count(session: AsyncSession, user_id: int) -> int:
    """The user's legs (from the roll-ups' counts) plus their accounts."""
    return int(await session.scalar(_ENTRY_COUNT, {_USER_ID.key: user_id}) or 0)


async def ensure_room_for(session: AsyncSession, user_id: int, added: int, field: str = "input") -> None:
    """Raise InvalidInput if `added` more entries would take the user past MAX_ENTRIES_PER_USER."""
    if added <= 0:
        return
    held = await entry_count(session, user_id)
    if held + added > MAX_ENTRIES_PER_USER:
        raise InvalidInput(
            field,
            f"a user holds at most {MAX_ENTRIES_PER_USER:,} entries (record legs and accounts; "
            f"a transfer counts twice): {held:,} held, {added:,} more asked for",
        )
