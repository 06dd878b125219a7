"""GraphQL operations and small factories shared by the category tests."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQL

CATEGORY_FIELDS = "id name kind color parentId fullName"

CATEGORIES = f"query($kind: CategoryKind) {{ categories(kind: $kind) {{ {CATEGORY_FIELDS} }} }}"
CATEGORY = f"""
query($id: ID!) {{
  category(id: $id) {{ {CATEGORY_FIELDS} parent {{ id name }} children {{ id name fullName }} }}
}}
"""
CREATE_CATEGORY = f"""
mutation($input: CreateCategoryInput!) {{ createCategory(input: $input) {{ {CATEGORY_FIELDS} }} }}
"""
UPDATE_CATEGORY = f"""
mutation($id: ID!, $input: UpdateCategoryInput!) {{
  updateCategory(id: $id, input: $input) {{ {CATEGORY_FIELDS} }}
}}
"""
DELETE_CATEGORY = "mutation($id: ID!) { deleteCategory(id: $id) }"


def create_category(user: GraphQL, name: str, kind: str = "EXPENSE", **fields: Any) -> dict[str, Any]:
    """Create a category for the user and return it."""
    return user.ok(CREATE_CATEGORY, {"input": {"name": name, "kind": kind, **fields}})["createCategory"]


def categories_by_full_name(user: GraphQL, kind: str | None = None) -> dict[str, dict[str, Any]]:
    """The user's categories keyed by full name ("Food / Groceries")."""
    categories = user.ok(CATEGORIES, {"kind": kind})["categories"]
    return {category["fullName"]: category for category in categories}
