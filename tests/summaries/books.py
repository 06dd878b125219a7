"""Test data for summaries, entered through the API like a client would, and the summary query."""

from __future__ import annotations

from typing import Any

from tests.accounts.operations import UPDATE_ACCOUNT, create_account
from tests.conftest import GraphQL

CATEGORIES = "{ categories { id name parentId } }"
CREATE_CATEGORY = "mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id } }"
CREATE_RECORDS = "mutation($inputs: [RecordInput!]!) { createRecords(inputs: $inputs) { id } }"
SUMMARY = """
query($from: Date!, $to: Date!, $filter: RecordFilter, $period: Period! = MONTH) {
  summary(from: $from, to: $to, filter: $filter, period: $period) { %s }
}
"""


def summary(
    user: GraphQL,
    selection: str,
    date_from: str,
    date_to: str,
    period: str = "MONTH",
    record_filter: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The requested fields of the user's summary."""
    variables = {"from": date_from, "to": date_to, "period": period, "filter": record_filter}
    return user.ok(SUMMARY % selection, variables)["summary"]


def summary_error(user: GraphQL, date_from: str, date_to: str, selection: str = "from", **variables: Any):
    """The first error of a summary query that must fail."""
    return user.error(SUMMARY % selection, {"from": date_from, "to": date_to, **variables})


def account(user: GraphQL, name: str, currency: str, opening: str = "0", archived: bool = False) -> str:
    """Open an account and return its id."""
    account_id = create_account(user, name, currency=currency, openingBalance=opening)["id"]
    if archived:
        user.ok(UPDATE_ACCOUNT, {"id": account_id, "input": {"archived": True}})
    return account_id


def category(user: GraphQL, *path: str) -> str:
    """The id of one of the user's categories by its names from the top, e.g. ("Food", "Groceries")."""
    categories = user.ok(CATEGORIES)["categories"]
    parent_id = None
    for name in path:
        parent_id = next(
            item["id"] for item in categories if item["name"] == name and item["parentId"] == parent_id
        )
    assert parent_id is not None
    return parent_id


def subcategory(user: GraphQL, name: str, parent_id: str, kind: str = "EXPENSE") -> str:
    """Create a category below another and return its id."""
    category_input = {"name": name, "kind": kind, "parentId": parent_id}
    return user.ok(CREATE_CATEGORY, {"input": category_input})["createCategory"]["id"]


def add(user: GraphQL, *inputs: dict[str, Any]) -> None:
    """Create the records in one batch."""
    user.ok(CREATE_RECORDS, {"inputs": list(inputs)})


def income(account_id: str, amount: str, on: str, category_id: str | None = None, payee: str = "",
           **fields: Any) -> dict[str, Any]:
    """An INCOME RecordInput."""
    return _record("INCOME", account_id, amount, on, categoryId=category_id, payee=payee, **fields)


def expense(account_id: str, amount: str, on: str, category_id: str | None = None, payee: str = "",
            **fields: Any) -> dict[str, Any]:
    """An EXPENSE RecordInput."""
    return _record("EXPENSE", account_id, amount, on, categoryId=category_id, payee=payee, **fields)


def transfer(account_id: str, to_account_id: str, amount: str, on: str, arrived: str | None = None
             ) -> dict[str, Any]:
    """A TRANSFER RecordInput; `arrived` is the counterpart amount between currencies."""
    return _record("TRANSFER", account_id, amount, on, counterpartAccountId=to_account_id,
                   counterpartAmount=arrived)


def _record(kind: str, account_id: str, amount: str, on: str, **fields: Any) -> dict[str, Any]:
    return {"accountId": account_id, "kind": kind, "amount": amount, "date": on, **fields}
