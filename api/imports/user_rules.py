"""The user's rules as the importer applies them, loaded once per import."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from api.imports.service import RuleActions, RuleMatcher


class _NoRules:
    """Until the rules engine lands: no rule matches."""

    def match(self, account_id: int, amount: Decimal, payee: str, description: str) -> RuleActions | None:
        return None


async def load_user_rules(session: AsyncSession, user_id: int) -> RuleMatcher:
    """The user's rules, first match wins."""
    return _NoRules()
