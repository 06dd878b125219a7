"""Listing records costs the same number of SQL statements for 5 records as for 50 (no N+1)."""

from __future__ import annotations

from typing import Any

from tests.accounts.operations import create_account
from tests.accounts.query_counter import counted_queries
from tests.conftest import GraphQL
from tests.records.operations import CREATE_RECORDS, RECORDS, category_id, record_input


def varied_records(user: GraphQL, count: int) -> None:
    """Expenses, income and transfers over several accounts, categories and tags."""
    currencies = ["EUR", "USD", "JPY", "EUR"]
    accounts = [create_account(user, f"Account {n}", currency=code) for n, code in enumerate(currencies)]
    categories = [category_id(user, name) for name in ("Food / Groceries", "Travel", "Health / Doctor")]
    salary = category_id(user, "Salary")
    inputs: list[dict[str, Any]] = []
    for n in range(count):
        account, other = accounts[n % 4], accounts[(n + 1) % 4]
        amount = str(100 + n)
        if n % 3 == 0:
            fields = {"kind": "TRANSFER", "counterpartAccountId": other["id"], "counterpartAmount": amount}
        elif n % 3 == 1:
            fields = {"kind": "INCOME", "categoryId": salary}
        else:
            fields = {"categoryId": categories[n // 3 % len(categories)], "tags": [f"t{n}", "x"]}
        inputs.append(record_input(account, amount=amount, **fields))
    user.ok(CREATE_RECORDS, {"inputs": inputs})


def statements_to_list(user: GraphQL, client) -> int:
    """How many SQL statements one full listing with every related field takes."""
    with counted_queries(client) as statements:
        user.ok(RECORDS, {"first": 50})
    return len(statements)


def test_listing_fifty_records_takes_as_many_statements_as_five(client, make_user):
    few, many = make_user(), make_user()
    varied_records(few, 5)
    varied_records(many, 50)
    assert statements_to_list(few, client) == statements_to_list(many, client) <= 10
