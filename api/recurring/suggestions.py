"""Schedules suggested from the user's history: the analytics package's recurring-payment finder, per account.

The API imports the pure finder (`analytics.recurring`) instead of keeping a second copy; the
rule that `analytics` never imports `api` is untouched (the dependency goes one way). The finder
works on polars frames (`api.recurring.series`), loaded on the first suggestion asked for: an API
worker that never suggests anything does not hold polars (about 50 MB).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import NotFound
from api.ledger.models import Record, RecordKind
from api.money import from_minor_units
from api.recurring.dates import Unit
from api.recurring.models import DismissedSuggestion, Schedule
from api.recurring.service import ScheduleFields, create_schedule

HISTORY_DAYS = 800
"""How far back the finder looks: long enough for three yearly payments."""
HistoryRow = tuple[object, ...]
"""(kind, payee, currency, amount as Decimal, date, category id) of one income or expense."""


@dataclass(frozen=True)
class Suggestion:
    """A series of similar payments that looks like a schedule, and the schedule it would make."""

    key: str
    account_id: int
    kind: RecordKind
    payee: str
    cadence: str
    unit: Unit
    every: int
    typical_amount: Decimal
    currency: str
    occurrences: int
    last_date: date
    next_expected: date
    category_id: int | None

    def schedule_fields(self, estimated: bool) -> ScheduleFields:
        """The schedule accepting this suggestion creates: from the next expected date on."""
        return ScheduleFields(
            account_id=self.account_id, kind=self.kind, amount=self.typical_amount, unit=self.unit,
            every=self.every, start_on=self.next_expected,
            day_of_month=self.last_date.day if self.unit is Unit.MONTH else None,
            estimated=estimated, category_id=self.category_id, payee=self.payee,
        )


async def list_suggestions(session: AsyncSession, user_id: int, today: date) -> list[Suggestion]:
    """Series still running that have no schedule yet and were not dismissed; soonest first."""
    dismissed = set(await session.scalars(
        select(DismissedSuggestion.suggestion_key).where(DismissedSuggestion.user_id == user_id)
    ))
    scheduled = {
        (account_id, kind, payee.casefold())
        for account_id, kind, payee in await session.execute(
            select(Schedule.account_id, Schedule.kind, Schedule.payee).where(Schedule.user_id == user_id)
        )
    }
    return [
        suggestion for suggestion in await _find(session, user_id, today)
        if suggestion.key not in dismissed
        and (suggestion.account_id, suggestion.kind, suggestion.payee.casefold()) not in scheduled
    ]


async def accept_suggestion(
    session: AsyncSession, user_id: int, key: str, today: date, estimated: bool
) -> Schedule:
    """Create the suggested schedule."""
    suggestion = await _get(session, user_id, key, today)
    return await create_schedule(session, user_id, suggestion.schedule_fields(estimated), today)


async def dismiss_suggestion(session: AsyncSession, user_id: int, key: str, today: date) -> str:
    """Remember that the user does not want this suggestion (again); returns its key."""
    await _get(session, user_id, key, today)
    if await session.get(DismissedSuggestion, (user_id, key)) is None:
        session.add(DismissedSuggestion(user_id=user_id, suggestion_key=key))
        await session.flush()
    return key


async def _get(session: AsyncSession, user_id: int, key: str, today: date) -> Suggestion:
    for suggestion in await _find(session, user_id, today):
        if suggestion.key == key:
            return suggestion
    raise NotFound("Suggestion", key)


async def _find(session: AsyncSession, user_id: int, today: date) -> list[Suggestion]:
    """Every series the finder sees in the user's recent income and expenses, still running at `today`."""
    rows = await session.execute(
        select(Record.account_id, Record.kind, Record.payee, Record.currency, Record.amount_minor,
               Record.occurred_on, Record.category_id)
        .where(Record.user_id == user_id, Record.kind.in_([RecordKind.INCOME, RecordKind.EXPENSE]),
               Record.amount_minor > 0, func.trim(Record.payee) != "",
               Record.occurred_on > today - timedelta(days=HISTORY_DAYS), Record.occurred_on <= today)
    )
    by_account: dict[int, list[HistoryRow]] = {}
    for account_id, kind, payee, currency, amount_minor, occurred_on, category_id in rows:
        by_account.setdefault(account_id, []).append(
            (kind.value, payee, currency, from_minor_units(amount_minor, currency), occurred_on, category_id)
        )
    from api.recurring.series import suggestions_in  # polars, on first use (see the module's docstring)

    return suggestions_in(by_account, today)
