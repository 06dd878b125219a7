"""A page reads its records' tags in its own statement, as JSON arrays (`api.records.tag_lists`)."""

from __future__ import annotations

from tests.accounts.operations import create_account
from tests.records.operations import RECORDS, create_record

# Characters JSON escapes or encodes, and cases that sort apart.
UNUSUAL_TAGS = ['say "hi"', "back\\slash", "tab\there", "Zoë", "zoe", "日本", "emoji 🎉", "A", "a", "[1]"]


def test_a_page_lists_each_records_tags_as_written_and_sorted(alice):
    account = create_account(alice)
    tagged = create_record(alice, account, tags=UNUSUAL_TAGS, date="2026-03-02")
    untagged = create_record(alice, account, date="2026-03-01")
    nodes = alice.ok(RECORDS)["records"]["nodes"]
    assert [(node["id"], node["tags"]) for node in nodes] == [
        (tagged["id"], sorted(UNUSUAL_TAGS)), (untagged["id"], []),
    ]
    assert tagged["tags"] == sorted(UNUSUAL_TAGS)  # what the mutation answered: the same order


def test_a_page_lists_only_its_own_records_tags(alice, bob):
    mine = create_record(alice, create_account(alice), tags=["mine"])
    create_record(bob, create_account(bob), tags=["theirs"])
    assert [(node["id"], node["tags"]) for node in alice.ok(RECORDS)["records"]["nodes"]] == [
        (mine["id"], ["mine"]),
    ]
