"""GraphQL operations and small factories shared by the account tests."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQL

ACCOUNT_FIELDS = "id name type currency openingBalance balance archived createdAt updatedAt"

ACCOUNTS = f"""
query($includeArchived: Boolean! = false) {{
  accounts(includeArchived: $includeArchived) {{ {ACCOUNT_FIELDS} }}
}}
"""
ACCOUNT = f"query($id: ID!) {{ account(id: $id) {{ {ACCOUNT_FIELDS} }} }}"
CREATE_ACCOUNT = f"""
mutation($input: CreateAccountInput!) {{ createAccount(input: $input) {{ {ACCOUNT_FIELDS} }} }}
"""
UPDATE_ACCOUNT = f"""
mutation($id: ID!, $input: UpdateAccountInput!) {{
  updateAccount(id: $id, input: $input) {{ {ACCOUNT_FIELDS} }}
}}
"""
DELETE_ACCOUNT = "mutation($id: ID!) { deleteAccount(id: $id) }"


def create_account(user: GraphQL, name: str = "Checking", **fields: Any) -> dict[str, Any]:
    """Create an account for the user (EUR checking unless told otherwise) and return it."""
    account_input = {"name": name, "type": "CHECKING", "currency": "EUR", **fields}
    return user.ok(CREATE_ACCOUNT, {"input": account_input})["createAccount"]


def account_names(user: GraphQL, include_archived: bool = False) -> list[str]:
    """The names `accounts` lists, in order."""
    accounts = user.ok(ACCOUNTS, {"includeArchived": include_archived})["accounts"]
    return [account["name"] for account in accounts]


def assert_not_found(error: dict[str, Any], entity: str, identifier: str) -> None:
    """The exact error a missing id gets, so another user's id can be shown to look the same."""
    assert error["message"] == f"{entity} {identifier} was not found"
    assert error["extensions"] == {"code": "NOT_FOUND"}


def assert_bad_input(error: dict[str, Any], field: str, reason_part: str) -> None:
    """The error is BAD_USER_INPUT for this field, with a reason that says why."""
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["extensions"]["field"] == field
    assert reason_part in error["extensions"]["reason"]
