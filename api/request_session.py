"""The request's database session, and how concurrently resolved fields share it: decided here, once.

The decision: every GraphQL request has one database session (STYLE habit 4), and every resolver
of the request uses it. Its operations take turns (`SerializedAsyncSession`); no loader or summary
part opens a short session of its own. Where one resolver can compute what its fields show, it does
so in sequence and hands plain values down: a records page loads the page, then its accounts and
categories, then its count, and builds nodes whose nested fields await nothing.

Why one session that takes turns:
- GraphQL resolves sibling fields concurrently (root fields side by side, the parts of a summary,
  DataLoaders of different kinds), and an AsyncSession refuses overlapping operations. The lock
  queues them; uncontended it costs microseconds, and concurrency then changes only their order.
- Short sessions would read different snapshots within one response (a page against its
  totalCount, one summary part against another), would not see what a mutation has flushed but
  not committed, and would each hold a pooled connection (fields x requests against a pool of
  5 + 10; on SQLite a thread each).

Why in sequence where possible: what concurrency costs here is tasks, not queries. A records page
of 50 whose nodes resolved account, category, counterpart account and amount through DataLoaders
created about 250 asyncio tasks to run five queries; carrying the loaded values creates none.
DataLoaders stay for fields asked for rarely and across many parents (`Account.balance`,
`Category.parent`), where one batched query on demand beats loading everything up front.

Tests: tests/test_request_session.py.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

from sqlalchemy.ext.asyncio import AsyncSession

# The wrapped method's own type, overloads and type parameters included (`execute`, `get`,
# `run_sync`): a ParamSpec would keep the parameters but lose the overloads the base class declares.
Method = TypeVar("Method", bound=Callable[..., Awaitable[Any]])


def _one_at_a_time(method: Method) -> Method:
    @functools.wraps(method)
    async def serialized(self: SerializedAsyncSession, *args: Any, **kwargs: Any) -> Any:
        async with self.operation_lock:
            return await method(self, *args, **kwargs)

    # Same parameters and result as `method`; only the lock is added around the call.
    return cast(Method, serialized)


class SerializedAsyncSession(AsyncSession):
    """An AsyncSession whose operations queue instead of overlapping.

    Each wrapped method runs its work in a greenlet and never awaits another one, so the lock is
    never taken twice by the same operation.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.operation_lock = asyncio.Lock()

    execute = _one_at_a_time(AsyncSession.execute)
    # mypy cannot solve a type variable against `scalar`'s overloads (one takes TypedReturnsRows[Never],
    # SQLAlchemy's workaround for python/mypy#20651); the wrapper keeps them all at run time.
    scalar = _one_at_a_time(AsyncSession.scalar)  # type: ignore[assignment, arg-type]
    get = _one_at_a_time(AsyncSession.get)
    get_one = _one_at_a_time(AsyncSession.get_one)
    refresh = _one_at_a_time(AsyncSession.refresh)
    run_sync = _one_at_a_time(AsyncSession.run_sync)
    delete = _one_at_a_time(AsyncSession.delete)
    merge = _one_at_a_time(AsyncSession.merge)
    flush = _one_at_a_time(AsyncSession.flush)
    commit = _one_at_a_time(AsyncSession.commit)
    rollback = _one_at_a_time(AsyncSession.rollback)
    close = _one_at_a_time(AsyncSession.close)
    connection = _one_at_a_time(AsyncSession.connection)
