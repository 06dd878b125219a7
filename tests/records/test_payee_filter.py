"""`payees`: records of exactly these payees, for a drill-down that must not catch look-alikes."""

from __future__ import annotations

from typing import Any

import pytest

from api.records.inputs import MAX_FILTER_VALUES
from api.records.validation import MAX_PAYEE_LENGTH
from tests.accounts.operations import create_account
from tests.conftest import GraphQL
from tests.records.operations import CREATE_RECORDS, RECORD_IDS, category_id

COUNT = "query($filter: RecordFilter) { records(filter: $filter, first: 1) { totalCount } }"
LISTED = RECORD_IDS.replace("nodes { id }", "nodes { id payee description }")


@pytest.fixture
def ids(alice: GraphQL, bob: GraphQL) -> dict[str, str]:
    """Alice's Rewe and its look-alikes over whole months (which roll-ups count); Bob shops at Rewe too."""
    ids = {"main": create_account(alice, "Main")["id"], "food": category_id(alice, "Food / Groceries")}
    records = [
        ("Rewe", "", "2026-01-01"), ("Rewe", "weekly shop", "2026-01-31"), ("Rewe", "", "2026-02-15"),
        ("Rewe Markt", "", "2026-01-10"), ("rewe", "", "2026-01-11"),
        ("Kiosk", "bought at Rewe", "2026-01-12"), ("Lidl", "", "2026-02-02"),
    ]
    alice.ok(CREATE_RECORDS, {"inputs": [
        {"accountId": ids["main"], "kind": "EXPENSE", "amount": "10.00", "date": day, "payee": payee,
         "description": description, "categoryId": ids["food"]}
        for payee, description, day in records
    ]})
    bobs = create_account(bob, "Bob's")["id"]
    bob.ok(CREATE_RECORDS, {"inputs": [
        {"accountId": bobs, "kind": "EXPENSE", "amount": "1.00", "date": "2026-01-05", "payee": "Rewe"}
    ]})
    return ids


def listed(user: GraphQL, record_filter: dict[str, Any]) -> list[tuple[str, str]]:
    """(payee, description) of the records the filter selects, sorted."""
    nodes = user.ok(LISTED, {"filter": record_filter})["records"]["nodes"]
    return sorted((node["payee"], node["description"]) for node in nodes)


def count(user: GraphQL, record_filter: dict[str, Any]) -> int:
    return user.ok(COUNT, {"filter": record_filter})["records"]["totalCount"]


def test_payees_match_exactly_not_as_a_search(alice, ids):
    assert listed(alice, {"payees": ["Rewe"]}) == [("Rewe", ""), ("Rewe", ""), ("Rewe", "weekly shop")]
    assert len(listed(alice, {"search": "Rewe"})) == 6  # the search also finds the look-alikes
    assert listed(alice, {"payees": ["Rewe Mar"]}) == []
    assert listed(alice, {"payees": ["rewe", "Lidl"]}) == [("Lidl", ""), ("rewe", "")]


def test_payees_combine_with_the_other_filters(alice, ids):
    january = {"dateFrom": "2026-01-01", "dateTo": "2026-01-31"}
    assert listed(alice, {"payees": ["Rewe"], **january}) == [("Rewe", ""), ("Rewe", "weekly shop")]
    assert listed(alice, {"payees": ["Rewe"], "search": "weekly"}) == [("Rewe", "weekly shop")]
    assert listed(alice, {"payees": ["Rewe"], "uncategorized": True}) == []


@pytest.mark.parametrize("dates", [{}, {"dateFrom": "2026-01-01", "dateTo": "2026-02-28"},
                                   {"dateFrom": "2026-01-01", "dateTo": "2026-02-14"}])
def test_total_count_counts_the_payees_records_not_the_months(alice, ids, dates):
    # Whole months come from roll-ups for other filters; they do not know payees.
    record_filter = {"payees": ["Rewe"], **dates}
    assert count(alice, record_filter) == len(listed(alice, record_filter))


def test_other_users_records_of_the_payee_stay_theirs(alice, bob, ids):
    assert listed(bob, {"payees": ["Rewe"]}) == [("Rewe", "")]
    assert count(bob, {"payees": ["Rewe"]}) == 1


@pytest.mark.parametrize(("payees", "field"), [
    (["Rewe"] * (MAX_FILTER_VALUES + 1), "filter.payees"),
    (["Rewe", "x" * (MAX_PAYEE_LENGTH + 1)], "filter.payees[1]"),  # longer than any payee stored
])
def test_too_many_or_too_long_payees_are_refused_naming_the_field(alice, payees, field):
    error = alice.error(RECORD_IDS, {"filter": {"payees": payees}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("BAD_USER_INPUT", field)


def test_an_empty_list_of_payees_does_not_filter(alice, ids):
    assert count(alice, {"payees": []}) == 7
