"""Rules applied to records already stored: a dry run that counts and shows samples, or the real thing.

Records are read in id order, a batch at a time (memory stays flat however long the history), and
changed through the ledger writer in the caller's transaction, so roll-ups move with them. Money in
or out comes from the kind: income is in, an expense out, a refund (a negative expense) in; transfers
are never touched by rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.categories.models import Category, CategoryKind
from api.ledger import writer
from api.ledger.models import Record, RecordKind
from api.ledger.writer import RecordValues
from api.money import from_minor_units
from api.records.filters import RecordCriteria, record_conditions
from api.records.validation import normalize_tags
from api.rules.matching import RuleActions, RuleSet, record_kind
from api.rules.models import Rule
from api.rules.service import list_rules

MAX_SAMPLES = 5
BATCH_SIZE = 1000


@dataclass(frozen=True)
class RecordState:
    """What a rule can change in a record; the amount as stored (a refund is a negative expense)."""

    kind: RecordKind
    amount: Decimal
    currency: str
    payee: str
    category_id: int | None
    tags: tuple[str, ...]


@dataclass(frozen=True)
class ChangeSample:
    """One record a rule changes (or would), before and after."""

    record_id: int
    occurred_on: date
    before: RecordState
    after: RecordState


@dataclass
class RuleOutcome:
    """How many records one rule changed (or would), and the first few of them."""

    rule: Rule
    changed: int = 0
    samples: list[ChangeSample] = field(default_factory=list)


@dataclass(frozen=True)
class Application:
    """The result of applying the rules: per rule, in order, and the total."""

    dry_run: bool
    outcomes: list[RuleOutcome]

    @property
    def changed(self) -> int:
        """Records changed by any rule (each record is changed by its first matching rule only)."""
        return sum(outcome.changed for outcome in self.outcomes)


async def apply_rules(
    session: AsyncSession, user_id: int, criteria: RecordCriteria, dry_run: bool
) -> Application:
    """Match every income and expense record the criteria select; write the changes unless `dry_run`."""
    rules = await list_rules(session, user_id)
    rule_set = RuleSet.from_rules(rules)
    outcomes = {rule.id: RuleOutcome(rule) for rule in rules}
    kinds = await session.execute(select(Category.id, Category.kind).where(Category.user_id == user_id))
    category_kinds = {category_id: kind for category_id, kind in kinds}
    conditions = await record_conditions(session, user_id, criteria)
    conditions.append(Record.kind != RecordKind.TRANSFER)
    last_id = 0
    while rule_set:
        batch = list(await session.scalars(
            select(Record).where(*conditions, Record.id > last_id).order_by(Record.id).limit(BATCH_SIZE)
        ))
        if not batch:
            break
        last_id = batch[-1].id
        updates = _changes(batch, rule_set, category_kinds, outcomes)
        if not dry_run:
            await writer.update_records(session, updates)
        for record in batch:  # done with them: keep the identity map from growing with the history
            session.expunge(record)
    return Application(dry_run=dry_run, outcomes=list(outcomes.values()))


def _changes(
    records: Sequence[Record],
    rule_set: RuleSet,
    category_kinds: dict[int, CategoryKind],
    outcomes: dict[int, RuleOutcome],
) -> list[tuple[Record, RecordValues]]:
    """The records the rules change, with their new values; counts and samples go to `outcomes`."""
    updates = []
    for record in records:
        signed_minor = record.amount_minor if record.kind is RecordKind.INCOME else -record.amount_minor
        amount = from_minor_units(signed_minor, record.currency)
        actions = rule_set.match(record.account_id, amount, record.payee, record.description)
        if actions is None:
            continue
        values = _new_values(record, signed_minor, actions, category_kinds)
        before, after = _state(record), _state(values)
        if before == after:
            continue
        outcome = outcomes[actions.rule_id]
        outcome.changed += 1
        if len(outcome.samples) < MAX_SAMPLES:
            outcome.samples.append(ChangeSample(record.id, record.occurred_on, before, after))
        updates.append((record, values))
    return updates


def _new_values(
    record: Record, signed_minor: int, actions: RuleActions, category_kinds: dict[int, CategoryKind]
) -> RecordValues:
    """The record with the actions applied; money in put in an expense category becomes a refund."""
    kind, amount_minor, category_id = record.kind, record.amount_minor, record.category_id
    if actions.category_id is not None:
        category_id = actions.category_id
        kind = record_kind(Decimal(signed_minor), category_kinds[category_id])
        amount_minor = signed_minor if kind is RecordKind.INCOME else -signed_minor
    return RecordValues(
        account_id=record.account_id,
        kind=kind,
        amount_minor=amount_minor,
        currency=record.currency,
        occurred_on=record.occurred_on,
        payee=actions.payee if actions.payee is not None else record.payee,
        description=record.description,
        notes=record.notes,
        category_id=category_id,
        counterpart_account_id=None,
        counterpart_amount_minor=None,
        tags=normalize_tags([*record.tag_names, *actions.tags], f"records[{record.id}].tags"),
    )


def _state(entry: Record | RecordValues) -> RecordState:
    tags = entry.tag_names if isinstance(entry, Record) else entry.tags
    return RecordState(
        kind=entry.kind,
        amount=from_minor_units(entry.amount_minor, entry.currency),
        currency=entry.currency,
        payee=entry.payee,
        category_id=entry.category_id,
        tags=tuple(tags),
    )
