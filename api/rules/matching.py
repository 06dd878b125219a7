"""The pure matcher: a user's rules compiled once, then asked about one transaction at a time.

The importer calls `RuleSet.match` for every row of a file (up to a million), so everything that
does not depend on the row is done in `RuleSet.from_rules`: patterns compiled, amounts parsed,
directions and accounts turned into bit masks; a text is casefolded once for all rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from api.categories.models import CategoryKind
from api.ledger.models import RecordKind
from api.rules.models import Direction, Rule
from api.rules.patterns import TextTest, text_test

_SIGNS = {Direction.IN: 1, Direction.OUT: -1, Direction.ANY: 0}


@dataclass(frozen=True)
class RuleActions:
    """What the first matching rule sets: a category, tags to add, a cleaned-up payee (None: keep)."""

    rule_id: int
    category_id: int | None
    tags: tuple[str, ...]
    payee: str | None


@dataclass(frozen=True)
class _CompiledRule:
    """A rule's conditions in the form `match` tests fastest; None means the condition always holds."""

    account_id: int | None
    sign: int
    min_amount: Decimal | None
    max_amount: Decimal | None
    payee_test: TextTest | None
    description_test: TextTest | None
    actions: RuleActions


class RuleSet:
    """A user's rules in order; `match` gives the actions of the first rule whose conditions all hold.

    Each rule is a bit (bit 0 = the first rule). A row's candidates are the AND of four masks: the
    rules its direction passes, its account passes, its payee passes and its description passes;
    the lowest candidate bit whose amount range holds wins. Text masks are memoised per distinct
    payee and description (bank files repeat them endlessly), so a repeated text costs one dict
    look-up instead of a test per rule. The memo is bounded and lives as long as the set (one import).
    """

    def __init__(self, rules: Sequence[_CompiledRule]) -> None:
        self._rules = tuple(rules)
        every = (1 << len(self._rules)) - 1
        self._sign_masks = {
            sign: _mask(rule.sign in (0, sign) for rule in self._rules) for sign in (1, -1)
        }
        self._any_account = _mask(rule.account_id is None for rule in self._rules)
        self._account_masks: dict[int, int] = {}
        self._payee = _TextMasks([(1 << index, rule.payee_test) for index, rule in enumerate(self._rules)
                                  if rule.payee_test is not None], every)
        self._description = _TextMasks([(1 << index, rule.description_test)
                                        for index, rule in enumerate(self._rules)
                                        if rule.description_test is not None], every)

    @classmethod
    def from_rules(cls, rules: Sequence[Rule]) -> RuleSet:
        """Compile stored rules, already in order; one left without actions (category deleted) is skipped."""
        return cls([_compile(rule) for rule in rules if _has_actions(rule)])

    def __len__(self) -> int:
        """How many rules can match (those with actions)."""
        return len(self._rules)

    def match(self, account_id: int, amount: Decimal, payee: str, description: str) -> RuleActions | None:
        """The first matching rule's actions for a transaction; `amount` is signed (negative = money out)."""
        candidates = self._sign_masks[1 if amount > 0 else -1] & self._account_mask(account_id)
        if candidates:
            candidates &= self._payee.mask(payee)
        if candidates:
            candidates &= self._description.mask(description)
        while candidates:
            lowest = candidates & -candidates
            rule = self._rules[lowest.bit_length() - 1]
            if (rule.min_amount is None or amount >= rule.min_amount) and (
                rule.max_amount is None or amount <= rule.max_amount
            ):
                return rule.actions
            candidates ^= lowest
        return None

    def _account_mask(self, account_id: int) -> int:
        mask = self._account_masks.get(account_id)
        if mask is None:
            mask = self._any_account | _mask(rule.account_id == account_id for rule in self._rules)
            self._account_masks[account_id] = mask
        return mask


class _TextMasks:
    """Which rules one text field (payee or description) lets through, memoised per distinct text."""

    MAX_REMEMBERED = 100_000  # distinct texts; then the memo starts afresh (memory stays bounded)

    def __init__(self, tests: list[tuple[int, TextTest]], every: int) -> None:
        self._tests = tests
        self._untested = every & ~sum(bit for bit, _ in tests)
        self._remembered: dict[str, int] = {}

    def mask(self, text: str) -> int:
        """Rules without a condition on this field, and those whose condition the text passes."""
        if not self._tests:
            return self._untested
        mask = self._remembered.get(text)
        if mask is None:
            folded = text.casefold()
            mask = self._untested
            for bit, test in self._tests:
                if test(text, folded):
                    mask |= bit
            if len(self._remembered) >= self.MAX_REMEMBERED:
                self._remembered.clear()
            self._remembered[text] = mask
        return mask


def _mask(flags: Iterable[bool]) -> int:
    """Bit i set where flag i is true."""
    return sum(1 << index for index, flag in enumerate(flags) if flag)


def record_kind(amount: Decimal, category_kind: CategoryKind | None) -> RecordKind:
    """Income or expense for a signed amount: money in put in an expense category is a refund (EXPENSE)."""
    if amount < 0 or category_kind is CategoryKind.EXPENSE:
        return RecordKind.EXPENSE
    return RecordKind.INCOME


def _has_actions(rule: Rule) -> bool:
    return rule.category_id is not None or bool(rule.tags) or rule.set_payee is not None


def _compile(rule: Rule) -> _CompiledRule:
    return _CompiledRule(
        account_id=rule.account_id,
        sign=_SIGNS[rule.direction],
        min_amount=Decimal(rule.min_amount) if rule.min_amount is not None else None,
        max_amount=Decimal(rule.max_amount) if rule.max_amount is not None else None,
        payee_test=(
            text_test(rule.payee_match, rule.payee_pattern, rule.case_sensitive)
            if rule.payee_match is not None and rule.payee_pattern is not None else None
        ),
        description_test=(
            text_test(rule.description_match, rule.description_pattern, rule.case_sensitive)
            if rule.description_match is not None and rule.description_pattern is not None else None
        ),
        actions=RuleActions(
            rule_id=rule.id, category_id=rule.category_id, tags=tuple(rule.tags or ()), payee=rule.set_payee
        ),
    )
