"""The cost check remembers each user's counts and its estimates: fewer statements, the same refusals."""

from __future__ import annotations

from api.graphql.remembered_costs import NEEDS_COUNTS, RememberedCosts, estimate_key
from api.users.counts import OwnedCounts
from tests.accounts.query_counter import counted_queries
from tests.graphql.test_query_cost import CREATE_ACCOUNT, DAILY_BALANCES, assert_too_costly, open_accounts

MONTH = 'query($from: Date!, $to: Date!) { summary(from: $from, to: $to) { totals { currency } } }'
COUNTS_STATEMENT = "count(DISTINCT accounts.currency)"


def counts_read(alice, query: str, variables: dict | None = None) -> int:
    """How many times answering the query read the user's counts."""
    with counted_queries(alice.client) as statements:
        alice.ok(query, variables)
    return sum(COUNTS_STATEMENT in statement for statement in statements)


def test_a_summary_asked_again_reads_the_users_counts_once(alice):
    variables = {"from": "2026-01-01", "to": "2026-01-31"}
    assert counts_read(alice, MONTH, variables) == 1
    assert counts_read(alice, MONTH, variables) == 0
    assert counts_read(alice, MONTH, {"from": "2025-01-01", "to": "2025-12-31"}) == 0


def test_a_mutation_forgets_the_users_counts_and_new_accounts_are_counted(alice):
    open_accounts(alice, 3)
    assert len(alice.ok("{ " + DAILY_BALANCES + " }")["summary"]["balances"]) == 3  # fits with 3
    for index in range(17):
        alice.ok(CREATE_ACCOUNT, {"input": {"name": f"More {index}", "type": "CASH", "currency": "EUR"}})
    assert_too_costly(alice.execute("{ " + DAILY_BALANCES + " }"))


def test_users_do_not_share_counts(alice, bob):
    open_accounts(alice, 20)
    assert_too_costly(alice.execute("{ " + DAILY_BALANCES + " }"))
    assert bob.ok("{ " + DAILY_BALANCES + " }")["summary"]["balances"] == []


def test_counts_expire():
    remembered: RememberedCosts[OwnedCounts] = RememberedCosts(max_age_seconds=0.0)
    remembered.remember_counts(1, OwnedCounts(accounts=2), remembered.forgotten)
    assert remembered.counts_of(1) is None


def test_counts_read_while_a_mutation_ran_are_not_kept():
    remembered: RememberedCosts[OwnedCounts] = RememberedCosts()
    before = remembered.forgotten
    remembered.forget(None)  # a mutation of someone's finished while the counts were read
    remembered.remember_counts(1, OwnedCounts(accounts=2), before)
    assert remembered.counts_of(1) is None
    remembered.remember_counts(1, OwnedCounts(accounts=2), remembered.forgotten)
    assert remembered.counts_of(1) == OwnedCounts(accounts=2)
    remembered.forget(1)
    assert remembered.counts_of(1) is None


def test_estimates_are_kept_per_counts_and_budget_and_bounded():
    remembered: RememberedCosts[OwnedCounts] = RememberedCosts(max_estimates=2)
    key = estimate_key(MONTH, None, {"from": "2026-01-01", "to": "2026-01-31"})
    remembered.remember_estimate(key, None, 100, NEEDS_COUNTS)
    remembered.remember_estimate(key, OwnedCounts(accounts=1), 100, 42)
    assert remembered.estimate(key, None, 100) == NEEDS_COUNTS
    assert remembered.estimate(key, OwnedCounts(accounts=2), 100) is None
    assert remembered.estimate(key, OwnedCounts(accounts=1), 50) is None
    remembered.remember_estimate(key, OwnedCounts(accounts=3), 100, 43)  # pushes out the oldest used
    assert remembered.estimate(key, OwnedCounts(accounts=1), 100) is None
    assert remembered.estimate(key, None, 100) == NEEDS_COUNTS


def test_large_or_unencodable_variables_have_no_key():
    assert estimate_key(MONTH, None, {"from": "x" * 5000}) is None
    assert estimate_key(MONTH, None, {"file": object()}) is None
    assert estimate_key(None, None, {}) is None
    assert estimate_key(MONTH, "A", {"a": 1, "b": 2}) == estimate_key(MONTH, "A", {"b": 2, "a": 1})
