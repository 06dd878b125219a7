"""The pure matcher: first match wins, text conditions, amount range, direction, account; the regex guard."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest

from api.errors import InvalidInput
from api.rules.matching import RuleSet
from api.rules.models import Direction, Rule, TextMatch
from api.rules.patterns import LONGEST_TEXT, check_pattern, text_test

_ids = iter(range(1, 10_000))


def rule(**fields: Any) -> Rule:
    """An unsaved rule tagging its own id unless told otherwise."""
    rule_id = next(_ids)
    defaults: dict[str, Any] = {"case_sensitive": False, "direction": Direction.ANY, "tags": [f"r{rule_id}"]}
    return Rule(id=rule_id, position=rule_id, name=f"r{rule_id}", **{**defaults, **fields})


def payee_rule(match: TextMatch, pattern: str, **fields: Any) -> Rule:
    return rule(payee_match=match, payee_pattern=pattern, **fields)


def matched(rules: list[Rule], amount: str = "-10", payee: str = "", description: str = "", account: int = 1):
    """The id of the rule that matches, or None."""
    actions = RuleSet.from_rules(rules).match(account, Decimal(amount), payee, description)
    return actions.rule_id if actions is not None else None


def test_first_matching_rule_wins():
    first, second = payee_rule(TextMatch.CONTAINS, "shop"), payee_rule(TextMatch.CONTAINS, "shop")
    assert matched([first, second], payee="Shop") == first.id
    assert matched([second, first], payee="Shop") == second.id


def test_text_is_case_insensitive_unless_told():
    loose = payee_rule(TextMatch.EQUALS, "REWE Markt")
    strict = payee_rule(TextMatch.EQUALS, "REWE Markt", case_sensitive=True)
    assert matched([loose], payee="rewe markt") == loose.id
    assert matched([strict], payee="rewe markt") is None
    assert matched([strict], payee="REWE Markt") == strict.id


def test_contains_equals_and_regex():
    assert matched([payee_rule(TextMatch.CONTAINS, "mazo")], payee="AMAZON.DE") is not None
    assert matched([payee_rule(TextMatch.EQUALS, "amazon")], payee="Amazon.de") is None
    regex = payee_rule(TextMatch.REGEX, r"^amzn\s{1,3}mktp")
    assert matched([regex], payee="AMZN Mktp DE") == regex.id
    assert matched([regex], payee="x AMZN Mktp") is None


def test_description_condition_and_payee_must_both_hold():
    both = rule(payee_match=TextMatch.CONTAINS, payee_pattern="bank",
                description_match=TextMatch.CONTAINS, description_pattern="fee")
    assert matched([both], payee="My Bank", description="Monthly FEE") == both.id
    assert matched([both], payee="My Bank", description="Transfer") is None


def test_amount_range_is_signed_and_inclusive():
    small_spend = rule(min_amount="-20.00", max_amount="-5.00")
    assert matched([small_spend], amount="-20.00") == small_spend.id
    assert matched([small_spend], amount="-5.00") == small_spend.id
    assert matched([small_spend], amount="-20.01") is None
    assert matched([small_spend], amount="10.00") is None


def test_direction():
    money_in, money_out = rule(direction=Direction.IN), rule(direction=Direction.OUT)
    assert matched([money_in, money_out], amount="3") == money_in.id
    assert matched([money_in, money_out], amount="-3") == money_out.id


def test_account_condition():
    only_two = rule(account_id=2)
    assert matched([only_two], account=1) is None
    assert matched([only_two], account=2) == only_two.id


def test_a_rule_without_actions_is_skipped():
    emptied, fallback = rule(category_id=None, tags=[]), rule()
    assert matched([emptied, fallback]) == fallback.id


def test_repeated_texts_give_the_same_answer_as_fresh_ones():
    rules = [payee_rule(TextMatch.CONTAINS, "a", account_id=1), payee_rule(TextMatch.CONTAINS, "b")]
    rule_set = RuleSet.from_rules(rules)
    for _ in range(2):
        assert rule_set.match(1, Decimal(-1), "ab", "").rule_id == rules[0].id
        assert rule_set.match(2, Decimal(-1), "ab", "").rule_id == rules[1].id
        assert rule_set.match(2, Decimal(-1), "zz", "") is None


@pytest.mark.parametrize("pattern", [r"^paypal \*netflix", r"amzn.*mktp", r"(?:a|b)*c", r"\d{4}\s{1,3}x+"])
def test_accepted_patterns_stay_fast_on_their_worst_text(pattern):
    check_pattern(TextMatch.REGEX, pattern, "pattern")
    test = text_test(TextMatch.REGEX, pattern, case_sensitive=False)
    for text in (" " * LONGEST_TEXT, "a" * LONGEST_TEXT, "ab" * (LONGEST_TEXT // 2), "1" * LONGEST_TEXT):
        start = time.perf_counter()
        test(text, text.casefold())
        assert time.perf_counter() - start < 1  # linear: a runaway pattern takes minutes on this text


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(x|xx)*y", r".*.*x", r"\s+\s+\s+x", r"(a)\1", r"(?(1)a|b)"])
def test_runaway_patterns_are_refused(pattern):
    with pytest.raises(InvalidInput) as refused:
        check_pattern(TextMatch.REGEX, pattern, "input.payee.pattern")
    assert refused.value.field == "input.payee.pattern"
