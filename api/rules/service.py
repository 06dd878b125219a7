"""Rules: plain functions over a session, always scoped to one user; the caller commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import InvalidInput, NotFound
from api.rules.matching import RuleSet
from api.rules.models import Rule, TextMatch
from api.rules.validation import RuleFields, TextCondition, validate_rule

MAX_RULES = 200
"""Rules per user: every imported row is tested against them, and `rules` lists them all."""


async def list_rules(session: AsyncSession, user_id: int) -> list[Rule]:
    """The user's rules in the order they are tried."""
    rows = await session.scalars(
        select(Rule).where(Rule.user_id == user_id).order_by(Rule.position, Rule.id)
    )
    return list(rows)


async def load_rule_set(session: AsyncSession, user_id: int) -> RuleSet:
    """The user's rules compiled for matching: load once, then call `match` per transaction."""
    return RuleSet.from_rules(await list_rules(session, user_id))


async def get_rule(session: AsyncSession, user_id: int, rule_id: int) -> Rule:
    """The user's rule with this id; another user's id is NotFound like a missing one."""
    rule = await session.scalar(select(Rule).where(Rule.id == rule_id, Rule.user_id == user_id))
    if rule is None:
        raise NotFound("Rule", rule_id)
    return rule


async def create_rule(session: AsyncSession, user_id: int, fields: RuleFields, path: str) -> Rule:
    """Validate and add a rule after the user's last one; errors name its fields under `path`."""
    count, last_position = (
        await session.execute(
            select(func.count(), func.max(Rule.position)).where(Rule.user_id == user_id)
        )
    ).one()
    if count >= MAX_RULES:
        raise InvalidInput(path, f"at most {MAX_RULES} rules; delete or merge some first")
    columns = await validate_rule(session, user_id, fields, path)
    rule = Rule(user_id=user_id, position=(last_position or 0) + 1, **asdict(columns))
    session.add(rule)
    await session.flush()
    return rule


async def update_rule(
    session: AsyncSession, user_id: int, rule_id: int, changes: Mapping[str, Any], path: str
) -> Rule:
    """Apply the named changes (RuleFields names; the others keep their values), then validate the whole."""
    rule = await get_rule(session, user_id, rule_id)
    columns = await validate_rule(session, user_id, replace(_rule_fields(rule), **changes), path)
    for column, value in asdict(columns).items():
        setattr(rule, column, value)
    await session.flush()
    return rule


async def delete_rule(session: AsyncSession, user_id: int, rule_id: int) -> int:
    """Delete the user's rule; the others keep their order. Returns the id."""
    rule = await get_rule(session, user_id, rule_id)
    await session.delete(rule)
    await session.flush()
    return rule_id


async def reorder_rules(
    session: AsyncSession, user_id: int, rule_ids: Sequence[int], path: str = "ids"
) -> list[Rule]:
    """Put the user's rules in the order given, which must name each of them exactly once."""
    rules = {rule.id: rule for rule in await list_rules(session, user_id)}
    seen: set[int] = set()
    for index, rule_id in enumerate(rule_ids):
        if rule_id not in rules:
            raise NotFound("Rule", rule_id)
        if rule_id in seen:
            raise InvalidInput(f"{path}[{index}]", f"rule {rule_id} is listed twice")
        seen.add(rule_id)
    missing = sorted(set(rules) - seen)
    if missing:
        listed = ", ".join(map(str, missing))
        raise InvalidInput(path, f"must list every one of your rules; missing: {listed}")
    for position, rule_id in enumerate(rule_ids, start=1):
        rules[rule_id].position = position
    await session.flush()
    return [rules[rule_id] for rule_id in rule_ids]


def _rule_fields(rule: Rule) -> RuleFields:
    """The stored rule as input fields, for an update that names only some of them."""
    return RuleFields(
        name=rule.name,
        payee=_condition(rule.payee_match, rule.payee_pattern),
        description=_condition(rule.description_match, rule.description_pattern),
        case_sensitive=rule.case_sensitive,
        min_amount=Decimal(rule.min_amount) if rule.min_amount is not None else None,
        max_amount=Decimal(rule.max_amount) if rule.max_amount is not None else None,
        account_id=rule.account_id,
        direction=rule.direction,
        category_id=rule.category_id,
        tags=tuple(rule.tags),
        set_payee=rule.set_payee,
    )


def _condition(match: TextMatch | None, pattern: str | None) -> TextCondition | None:
    return TextCondition(match, pattern) if match is not None and pattern is not None else None
