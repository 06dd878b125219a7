"""The GraphQL operations the benchmarks time; the summary asks for every part the schema has.

The summary selection is built from introspection, so a part added to `Summary` (such as the income
statement issue 11 asks for) is measured as soon as it exists, without editing the benchmarks.
"""

from __future__ import annotations

from typing import Any

ME = "{ me { id } }"
INTROSPECT_TYPES = """
{ __schema { types { name kind fields { name args { name type { kind } defaultValue }
  type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
"""
RECORD_PAGE = """
query Page($after: String) {
  records(first: 50, after: $after) {
    edges { cursor node {
      id kind amount currency date payee description tags
      account { id name } category { id name } counterpartAccount { id name } counterpartAmount
    } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
# The same page with nothing but cursors: what the page costs without its nested fields.
RECORD_PAGE_CURSORS = """
query Page($after: String) { records(first: 50, after: $after) { edges { cursor } pageInfo { hasNextPage } } }
"""
CREATE_RECORDS = "mutation($inputs: [RecordInput!]!) { createRecords(inputs: $inputs) { id } }"
REGISTER = "mutation($e: String!, $p: String!) { register(email: $e, password: $p) { accessToken } }"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"
CREATE_ACCOUNT = "mutation($input: CreateAccountInput!) { createAccount(input: $input) { id name } }"
INCOME_STATEMENT_FIELD = "incomeStatement"
# Referenced objects are asked for by id only: the figure is the summary's, not the object graph's.
REFERENCE_TYPES = {"Account", "Category", "User"}


def _named_type(type_ref: dict[str, Any]) -> dict[str, Any]:
    while type_ref.get("ofType"):
        type_ref = type_ref["ofType"]
    return type_ref


def selection(type_name: str, types: dict[str, dict[str, Any]], depth: int = 4) -> str:
    """Every leaf field of an object type, nested objects included, as a selection set."""
    parts = []
    for field in types[type_name]["fields"] or []:
        if any(arg["type"]["kind"] == "NON_NULL" and arg["defaultValue"] is None for arg in field["args"]):
            continue  # a field that needs arguments we cannot guess
        named = _named_type(field["type"])
        if named["kind"] != "OBJECT":
            parts.append(field["name"])
        elif named["name"] in REFERENCE_TYPES:
            parts.append(f"{field['name']} {{ id }}")
        elif depth > 1:
            parts.append(f"{field['name']} {selection(named['name'], types, depth - 1)}")
    return "{ " + " ".join(parts) + " }"


def schema_types(introspection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Types by name from an introspection answer."""
    return {type_["name"]: type_ for type_ in introspection["__schema"]["types"]}


def summary_query(types: dict[str, dict[str, Any]], parts: list[str] | None = None) -> str:
    """A summary over $from..$to by month with the given parts (default: every part)."""
    fields = {field["name"]: field for field in types["Summary"]["fields"]}
    chosen = [name for name in (parts or list(fields)) if name in fields]
    body = " ".join(_field_selection(fields[name], types) for name in chosen)
    return (
        "query Summary($from: Date!, $to: Date!) "
        f"{{ summary(from: $from, to: $to, period: MONTH) {{ {body} }} }}"
    )


def _field_selection(field: dict[str, Any], types: dict[str, dict[str, Any]]) -> str:
    named = _named_type(field["type"])
    if named["kind"] != "OBJECT":
        return str(field["name"])
    return f"{field['name']} {selection(named['name'], types, 3)}"


def summary_parts(types: dict[str, dict[str, Any]]) -> list[str]:
    """The summary's parts (its object-valued fields), in schema order."""
    fields = types["Summary"]["fields"]
    return [field["name"] for field in fields if _named_type(field["type"])["kind"] == "OBJECT"]


def has_income_statement(types: dict[str, dict[str, Any]]) -> bool:
    """Whether the summary has issue 11's income statement part yet."""
    return any(field["name"] == INCOME_STATEMENT_FIELD for field in types["Summary"]["fields"])


def income_statement_query(types: dict[str, dict[str, Any]]) -> tuple[str, str]:
    """The API's answer to a monthly income statement, and how it was asked (for the report)."""
    if has_income_statement(types):
        return summary_query(types, [INCOME_STATEMENT_FIELD]), "summary.incomeStatement"
    return summary_query(types, ["byCategory", "byPeriod"]), (
        "summary.byCategory + byPeriod (no incomeStatement part in the API yet)"
    )
