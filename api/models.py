"""Imports every domain's models so `Base.metadata` is complete (Alembic, tests)."""

from api.accounts.models import Account, AccountType
from api.auth.attempts import LoginAttempt
from api.auth.models import AuthSession, RefreshToken
from api.budgets.models import Budget, Rollover
from api.categories.models import Category, CategoryKind
from api.database import Base
from api.goals.models import Goal
from api.idempotency.models import IdempotencyKey
from api.imports.models import CsvPreset, Import, ImportRow, RowOutcome
from api.ledger.models import MonthlyRollup, Record, RecordKind, RecordTag, RollupKind
from api.recurring.models import DismissedSuggestion, Schedule, ScheduleOccurrence
from api.rules.models import Rule
from api.users.models import User

__all__ = [
    "Account",
    "AccountType",
    "AuthSession",
    "Base",
    "Budget",
    "Category",
    "LoginAttempt",
    "CategoryKind",
    "CsvPreset",
    "DismissedSuggestion",
    "Goal",
    "IdempotencyKey",
    "Import",
    "ImportRow",
    "MonthlyRollup",
    "Record",
    "RecordKind",
    "RecordTag",
    "RefreshToken",
    "Rollover",
    "RollupKind",
    "RowOutcome",
    "Rule",
    "Schedule",
    "ScheduleOccurrence",
    "User",
]
