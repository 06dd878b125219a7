"""A records page asked for beside other root fields: they share the request's session in turn."""

from __future__ import annotations

from tests.accounts.operations import create_account
from tests.conftest import GraphQL
from tests.records.operations import CREATE_RECORDS, record_input

PAGE_AND_MORE = """
{
  a: records(first: 2) { totalCount edges { cursor node { id tags account { name } } } }
  accounts { id name }
  b: records(first: 3) { edges { node { id } } pageInfo { hasNextPage } }
  me { id }
}
"""


def test_a_page_beside_other_root_fields_answers_them_all(alice: GraphQL):
    account = create_account(alice, "Main")
    alice.ok(CREATE_RECORDS, {"inputs": [record_input(account, tags=["x"]) for _ in range(4)]})
    data = alice.ok(PAGE_AND_MORE)
    assert data["a"]["totalCount"] == 4
    assert [edge["node"]["tags"] for edge in data["a"]["edges"]] == [["x"], ["x"]]
    assert len(data["b"]["edges"]) == 3 and data["b"]["pageInfo"]["hasNextPage"] is True
    assert data["accounts"] == [{"id": account["id"], "name": "Main"}]
