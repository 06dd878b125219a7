"""Due recurring records appear on first access: before a query reads records or balances, they are made.

Between two hourly sweeps a schedule can fall due (midnight in the user's time zone); a query
that reads what the record would change first creates the signed-in user's due records, in a
transaction of its own. Mutations are left alone: they read what they change themselves.

Once a user's due records are made, nothing else can fall due for them that day: creating or
changing a schedule makes its own due records at once, and the next date of every other schedule
is after today. So the process remembers, per user, the day (in their zone) it last made them
(`DueRecordChecks`) and skips the check for the rest of that day, sparing every read a
session and a query. Two things could still make a date due within the day without making its
record: unarchiving an account (its schedules waited) and whatever a future mutation may do.
Every mutation of a user therefore forgets that user's day in this process; another worker's
mutation is seen when the remembered check expires (`max_age_seconds`), or by the hourly sweep.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from datetime import date

from graphql import FieldNode, OperationType, get_operation_ast
from sqlalchemy import inspect
from strawberry.extensions import SchemaExtension

from api.database import utc_now
from api.errors import DomainError
from api.recurring.materialize import materialize_on_access
from api.users.models import User
from api.users.service import today_in_zone

logger = logging.getLogger("api.recurring")

READING_FIELDS = frozenset({
    "accounts", "account", "records", "record", "summary", "exportRecordsCsv", "budgetReport", "goals",
    "schedules", "upcoming",
})
"""Root query fields whose answers include records, or balances and sums of them."""


class DueRecordChecks:
    """The day (in the user's zone) each user's due records were last made by this process, for a while."""

    def __init__(self, max_age_seconds: float = 30.0, max_users: int = 10_000) -> None:
        self.max_age_seconds = max_age_seconds
        self.max_users = max_users
        self._made: OrderedDict[int, tuple[str, date, float]] = OrderedDict()
        self.forgotten = 0
        """How many times a user was forgotten: a check that saw a forget begin after it remembers nothing."""

    def made_today(self, user: User, today: date) -> bool:
        """Whether this user's due records were made today (in the same zone), recently enough."""
        made = self._made.get(user.id)
        if made is None:
            return False
        time_zone, day, at = made
        return time_zone == user.time_zone and day == today and time.monotonic() - at < self.max_age_seconds

    def remember(self, user: User, today: date, forgotten_before: int) -> None:
        """The user's due records through `today` exist now, unless a mutation came since the check began."""
        if self.forgotten != forgotten_before:
            return
        self._made[user.id] = (user.time_zone, today, time.monotonic())
        self._made.move_to_end(user.id)
        while len(self._made) > self.max_users:
            self._made.popitem(last=False)

    def forget(self, user_id: int) -> None:
        """Something of the user's changed: check again on their next read."""
        self._made.pop(user_id, None)
        self.forgotten += 1


class DueRecordsExtension(SchemaExtension):
    """Creates the signed-in user's due records before a query that reads records runs."""

    async def on_execute(self) -> AsyncIterator[None]:
        if self._reads_records():
            await self._materialize()
        yield
        if self._operation_type() is OperationType.MUTATION:
            self._forget_signed_in_user()

    def _operation_type(self) -> OperationType | None:
        execution = self.execution_context
        if execution.graphql_document is None:
            return None
        operation = get_operation_ast(execution.graphql_document, execution.operation_name)
        return operation.operation if operation is not None else None

    def _reads_records(self) -> bool:
        execution = self.execution_context
        if execution.graphql_document is None or execution.result is not None:
            return False
        operation = get_operation_ast(execution.graphql_document, execution.operation_name)
        if operation is None or operation.operation is not OperationType.QUERY:
            return False
        return any(isinstance(selection, FieldNode) and selection.name.value in READING_FIELDS
                   for selection in operation.selection_set.selections)

    def _checks(self) -> DueRecordChecks | None:
        """The app's remembered checks (None when the app keeps none: check on every read)."""
        try:
            return self.execution_context.context.state.provided(DueRecordChecks)
        except KeyError:
            return None

    def _forget_signed_in_user(self) -> None:
        checks = self._checks()
        if checks is None:
            return
        try:
            user = self.execution_context.context.user
        except DomainError:  # nobody signed in: nothing to forget
            return
        # The id from the identity key, not the attribute: a mutation that rolled back (previewImport
        # writes nothing) expired the user, and `user.id` would reload it, sync IO on the async session.
        identity = inspect(user).identity
        checks.forget(identity[0] if identity else user.id)

    async def _materialize(self) -> None:
        context = self.execution_context.context
        if not context.request.headers.get("authorization"):
            return
        try:
            user = await context.authenticate()
        except DomainError:  # not signed in: the fields' permission classes answer that
            return
        now = utc_now()
        today = today_in_zone(user.time_zone, now)
        checks = self._checks()
        if checks is not None and checks.made_today(user, today):
            return
        forgotten_before = checks.forgotten if checks is not None else 0
        try:
            await materialize_on_access(context.state.session_factory, user, now)
        except Exception:  # the read still answers; the next read or the hourly sweep tries again
            logger.exception("Creating due recurring records on access failed")
            return
        if checks is not None:
            checks.remember(user, today, forgotten_before)
