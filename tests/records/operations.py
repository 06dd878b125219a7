"""GraphQL operations and small factories shared by the record tests."""

from __future__ import annotations

from typing import Any

from tests.categories.operations import categories_by_full_name
from tests.conftest import GraphQL

RECORD_FIELDS = """
id kind amount currency date payee description notes tags createdAt updatedAt counterpartAmount
account { id name currency } category { id name } counterpartAccount { id name currency }
"""
RECORD = f"query($id: ID!) {{ record(id: $id) {{ {RECORD_FIELDS} }} }}"
RECORDS = f"""
query($filter: RecordFilter, $first: Int! = 50, $after: String) {{
  records(filter: $filter, first: $first, after: $after) {{
    totalCount
    pageInfo {{ hasNextPage endCursor }}
    edges {{ cursor node {{ id date }} }}
    nodes {{ {RECORD_FIELDS} }}
  }}
}}
"""
RECORD_IDS = """
query($filter: RecordFilter, $first: Int! = 500, $after: String) {
  records(filter: $filter, first: $first, after: $after) {
    nodes { id } pageInfo { hasNextPage endCursor }
  }
}
"""
CREATE_RECORD = f"mutation($input: RecordInput!) {{ createRecord(input: $input) {{ {RECORD_FIELDS} }} }}"
CREATE_RECORDS = f"""
mutation($inputs: [RecordInput!]!) {{ createRecords(inputs: $inputs) {{ {RECORD_FIELDS} }} }}
"""
UPDATE_RECORD = f"""
mutation($id: ID!, $input: UpdateRecordInput!) {{
  updateRecord(id: $id, input: $input) {{ {RECORD_FIELDS} }}
}}
"""
DELETE_RECORD = "mutation($id: ID!) { deleteRecord(id: $id) }"


def record_input(account: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A RecordInput for the account: an expense of 12.50 on 2026-01-15 unless told otherwise."""
    return {"accountId": account["id"], "kind": "EXPENSE", "amount": "12.50", "date": "2026-01-15", **fields}


def create_record(user: GraphQL, account: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """Create a record on the account and return it."""
    return user.ok(CREATE_RECORD, {"input": record_input(account, **fields)})["createRecord"]


def category_id(user: GraphQL, full_name: str) -> str:
    """The id of one of the user's default categories, e.g. "Food / Groceries"."""
    return categories_by_full_name(user)[full_name]["id"]


def listed_ids(user: GraphQL, record_filter: dict[str, Any] | None = None) -> list[str]:
    """Ids of the user's records matching the filter, in listing order (one page of up to 500)."""
    return [node["id"] for node in user.ok(RECORD_IDS, {"filter": record_filter})["records"]["nodes"]]
