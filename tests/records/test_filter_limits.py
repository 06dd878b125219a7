"""Every list of a record filter is bounded: too many values are BAD_USER_INPUT, not a database failure."""

from __future__ import annotations

import pytest

from api.records.inputs import MAX_FILTER_VALUES

RECORDS = "query ($filter: RecordFilter) { records(filter: $filter) { nodes { id } } }"
SUMMARY = """query ($filter: RecordFilter) {
  summary(from: "2026-01-01", to: "2026-01-31", filter: $filter) { totals { expense } }
}"""

LISTS = {
    "accountIds": lambda count: [str(index + 1) for index in range(count)],
    "categoryIds": lambda count: [str(index + 1) for index in range(count)],
    "tags": lambda count: [f"tag{index}" for index in range(count)],
    "kinds": lambda count: ["EXPENSE"] * count,
}


@pytest.mark.parametrize("query", [RECORDS, SUMMARY], ids=["records", "summary"])
@pytest.mark.parametrize("name", LISTS)
def test_a_list_over_the_limit_is_bad_user_input_naming_it(alice, query, name):
    error = alice.error(query, {"filter": {name: LISTS[name](MAX_FILTER_VALUES + 1)}})
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": f"filter.{name}",
        "reason": f"at most {MAX_FILTER_VALUES} values (got {MAX_FILTER_VALUES + 1})",
    }


@pytest.mark.parametrize("name", LISTS)
def test_a_list_at_the_limit_is_answered(alice, name):
    assert alice.ok(RECORDS, {"filter": {name: LISTS[name](MAX_FILTER_VALUES)}})["records"]["nodes"] == []


def test_forty_thousand_account_ids_are_refused_before_the_database(alice):
    error = alice.error(RECORDS, {"filter": {"accountIds": LISTS["accountIds"](40_000)}})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "filter.accountIds"
