"""Query depth, alias and token limits refuse oversized documents with a coded error, before executing."""

from __future__ import annotations

from api.schema import MAX_ALIASES, MAX_QUERY_DEPTH, MAX_TOKENS


def nested_categories(depth: int) -> str:
    """A query whose deepest field is `depth` levels down: categories { parent { parent ... } }."""
    return "{ categories { " + "parent { " * (depth - 1) + "id" + " }" * depth + " }"


def test_query_within_the_depth_limit_runs(alice):
    assert "categories" in alice.ok(nested_categories(MAX_QUERY_DEPTH))


def test_query_deeper_than_the_limit_is_refused(alice):
    error = alice.error(nested_categories(MAX_QUERY_DEPTH + 1))
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert "depth" in error["message"]


def test_too_many_aliases_are_refused(anonymous):
    aliases = " ".join(f"a{index}: __typename" for index in range(MAX_ALIASES + 1))
    error = anonymous.error("{ " + aliases + " }")
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert "aliases" in error["message"]


def test_aliases_within_the_limit_run(anonymous):
    aliases = " ".join(f"a{index}: __typename" for index in range(MAX_ALIASES))
    assert len(anonymous.ok("{ " + aliases + " }")) == MAX_ALIASES


def test_too_many_tokens_are_refused(anonymous):
    error = anonymous.error("{ " + "__typename " * MAX_TOKENS + "}")
    assert error["extensions"] == {"code": "GRAPHQL_PARSE_FAILED"}
    assert "tokens" in error["message"]
