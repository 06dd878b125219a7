"""Keyset pagination: newest first, every record exactly once, cursors that survive equal dates."""

from __future__ import annotations

from typing import Any

import pytest

from tests.accounts.operations import create_account
from tests.conftest import GraphQL
from tests.records.operations import CREATE_RECORDS, listed_ids, record_input

PAGE = """
query($filter: RecordFilter, $first: Int!, $after: String) {
  records(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } }
  }
}
"""


def create_many(user: GraphQL, account: dict[str, Any], dates: list[str]) -> list[dict[str, Any]]:
    """One record per date, created in the order given; returns them with their ids."""
    inputs = [record_input(account, date=day, payee=f"#{index}") for index, day in enumerate(dates)]
    return user.ok(CREATE_RECORDS, {"inputs": inputs})["createRecords"]


def newest_first(records: list[dict[str, Any]]) -> list[str]:
    """Ids ordered by date, then id, both descending."""
    return [record["id"] for record in sorted(records, key=lambda r: (r["date"], int(r["id"])), reverse=True)]


def walk(user: GraphQL, first: int, record_filter: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every page of the listing, following endCursor until hasNextPage is false."""
    pages, after = [], None
    while True:
        page = user.ok(PAGE, {"first": first, "after": after, "filter": record_filter})["records"]
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            return pages
        after = page["pageInfo"]["endCursor"]


@pytest.fixture
def records(alice: GraphQL) -> list[dict[str, Any]]:
    """45 records: 20 on one day and 10 on another, interleaved with 15 on days of their own."""
    account = create_account(alice)
    crowded = ["2026-03-01"] * 20 + ["2026-02-15"] * 10
    own_days = [f"2026-01-{day:02d}" for day in range(1, 16)]
    interleaved = [day for pair in zip(crowded, own_days) for day in pair]
    return create_many(alice, account, interleaved + crowded[len(own_days):])


def test_listing_is_newest_first_by_date_then_id(alice, records):
    assert listed_ids(alice) == newest_first(records)


@pytest.mark.parametrize("first", [1, 7, 20, 44, 45, 46])
def test_walking_all_pages_returns_every_record_once_in_order(alice, records, first):
    pages = walk(alice, first)
    walked = [edge["node"]["id"] for page in pages for edge in page["edges"]]
    assert walked == newest_first(records)
    assert len(pages) == -(-len(records) // first)
    assert all(len(page["edges"]) == first for page in pages[:-1])
    assert all(page["totalCount"] == len(records) for page in pages)
    assert all(page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"] for page in pages)


def test_walking_a_filtered_listing_stays_within_the_filter(alice, records):
    crowded_day = {"dateFrom": "2026-03-01", "dateTo": "2026-03-01"}
    pages = walk(alice, 6, crowded_day)
    walked = [edge["node"]["id"] for page in pages for edge in page["edges"]]
    assert walked == newest_first([record for record in records if record["date"] == "2026-03-01"])
    assert {page["totalCount"] for page in pages} == {20}


def test_a_record_added_while_paging_does_not_shift_later_pages(alice, records):
    first_page = alice.ok(PAGE, {"first": 10})["records"]
    create_many(alice, {"id": records[0]["account"]["id"]}, ["2026-04-01"])
    second_page = alice.ok(PAGE, {"first": 10, "after": first_page["pageInfo"]["endCursor"]})["records"]
    assert [edge["node"]["id"] for edge in second_page["edges"]] == newest_first(records)[10:20]


def test_default_page_is_fifty_records(alice):
    account = create_account(alice)
    create_many(alice, account, ["2026-01-01"] * 51)
    page = alice.ok("{ records { totalCount nodes { id } pageInfo { hasNextPage } } }")["records"]
    assert (len(page["nodes"]), page["totalCount"], page["pageInfo"]["hasNextPage"]) == (50, 51, True)


def test_empty_listing_has_no_cursor(alice):
    page = alice.ok(PAGE, {"first": 10})["records"]
    assert page == {"totalCount": 0, "pageInfo": {"hasNextPage": False, "endCursor": None}, "edges": []}


@pytest.mark.parametrize("first", [0, -1, 501])
def test_page_size_outside_1_to_500_is_refused(alice, first):
    error = alice.error(PAGE, {"first": first})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("BAD_USER_INPUT", "first")


def test_page_size_of_500_is_accepted(alice):
    assert alice.ok(PAGE, {"first": 500})["records"]["edges"] == []


@pytest.mark.parametrize("after", ["", "not a cursor", "MjAyNi0wMS0wMQ==", "MjAyNi0xMy0wMToz", "é" * 10])
def test_malformed_cursor_is_refused(alice, after):
    error = alice.error(PAGE, {"first": 10, "after": after})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("BAD_USER_INPUT", "after")


def test_deep_pages_through_crowded_days_return_every_record_once_in_order(alice):
    account = create_account(alice)
    days = ["2026-05-02"] * 500 + ["2026-05-01"] * 400 + ["2026-04-30", "2026-05-02"] * 150
    batches = [days[start:start + 500] for start in range(0, len(days), 500)]
    created = [record for batch in batches for record in create_many(alice, account, batch)]
    pages = walk(alice, 97)
    walked = [edge["node"]["id"] for page in pages for edge in page["edges"]]
    assert walked == newest_first(created)
    assert {page["totalCount"] for page in pages} == {len(created)}
