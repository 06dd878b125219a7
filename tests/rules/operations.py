"""GraphQL operations and small factories shared by the rule tests."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQL

RULE_FIELDS = """
id position name payee { match pattern } description { match pattern } caseSensitive
minAmount maxAmount direction tags setPayee account { id } category { id name }
"""
RULES = f"{{ rules {{ {RULE_FIELDS} }} }}"
CREATE_RULE = f"mutation($input: RuleInput!) {{ createRule(input: $input) {{ {RULE_FIELDS} }} }}"
UPDATE_RULE = f"""
mutation($id: ID!, $input: UpdateRuleInput!) {{ updateRule(id: $id, input: $input) {{ {RULE_FIELDS} }} }}
"""
DELETE_RULE = "mutation($id: ID!) { deleteRule(id: $id) }"
REORDER_RULES = "mutation($ids: [ID!]!) { reorderRules(ids: $ids) { id position } }"
SNAPSHOT = "kind amount currency payee tags category { id name }"
APPLY_RULES = f"""
mutation($dryRun: Boolean, $filter: RecordFilter) {{
  applyRules(dryRun: $dryRun, filter: $filter) {{
    dryRun changedCount
    rules {{
      rule {{ id name }} changedCount
      samples {{ recordId date before {{ {SNAPSHOT} }} after {{ {SNAPSHOT} }} }}
    }}
  }}
}}
"""


def create_rule(user: GraphQL, name: str = "Rule", **fields: Any) -> dict[str, Any]:
    """Create a rule (tagging "ruled" unless another action is given) and return it."""
    if not {"categoryId", "tags", "setPayee"} & set(fields):
        fields["tags"] = ["ruled"]
    return user.ok(CREATE_RULE, {"input": {"name": name, **fields}})["createRule"]


def rule_names(user: GraphQL) -> list[str]:
    """The names `rules` lists, in order."""
    return [rule["name"] for rule in user.ok(RULES)["rules"]]


def apply_rules(
    user: GraphQL, dry_run: bool = True, record_filter: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The applyRules result."""
    return user.ok(APPLY_RULES, {"dryRun": dry_run, "filter": record_filter})["applyRules"]
