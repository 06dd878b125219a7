"""Parsing and validation are bounded: document length (comments count), selections, cached validation."""

from __future__ import annotations

from graphql import get_introspection_query, parse, print_ast

from analytics import queries
from api.graphql.limits import BoundedValidation
from api.schema import MAX_DOCUMENT_LENGTH, MAX_SELECTIONS, MAX_TOKENS, schema


def test_4900_duplicate_fields_are_refused_before_validation(anonymous):
    document = "{ " + "__typename " * 4900 + "}"
    assert len(document) > 50_000
    error = anonymous.error(document)
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert error["message"] == f"4900 selections found. Allowed: {MAX_SELECTIONS}"


def test_duplicate_nested_selections_are_refused(alice):
    error = alice.error("{ " + "me { id } " * (MAX_SELECTIONS // 2 + 1) + "}")
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert "selections" in error["message"]


def test_selections_up_to_the_limit_run(anonymous):
    assert anonymous.ok("{ " + "__typename " * MAX_SELECTIONS + "}") == {"__typename": "Query"}


def test_playground_introspection_and_the_dashboard_summary_run(alice):
    assert alice.ok(get_introspection_query(descriptions=True))["__schema"]["queryType"]["name"] == "Query"
    summary = queries.summary_query(queries.SUMMARY_PARTS)
    variables = {"from": "2025-01-01", "to": "2025-12-31", "period": "MONTH", "filter": None,
                 "payeeLimit": 8, "payeeKind": "EXPENSE"}
    assert alice.ok(summary, variables)["summary"]["period"] == "MONTH"


def test_long_comment_is_refused_while_parsing(anonymous):
    error = anonymous.error("#" + "x" * MAX_DOCUMENT_LENGTH + "\n{ __typename }")
    assert error["extensions"] == {"code": "GRAPHQL_PARSE_FAILED"}
    assert str(MAX_DOCUMENT_LENGTH) in error["message"]


def test_comments_count_as_tokens(anonymous):
    error = anonymous.error("#\n" * MAX_TOKENS + "{ __typename }")
    assert error["extensions"] == {"code": "GRAPHQL_PARSE_FAILED"}
    assert "tokens" in error["message"]


def test_a_different_comment_each_time_reuses_the_validation(anonymous):
    document = "query CommentedPing { __typename }"
    for attempt in range(3):
        assert anonymous.ok(f"# attempt {attempt}\n{document}") == {"__typename": "Query"}
    [cache] = BoundedValidation._valid_documents.values()
    validated = [text for (validated_schema, text) in cache.texts if validated_schema is schema._schema]
    assert validated.count(print_ast(parse(document))) == 1


def test_a_repeated_document_is_not_printed_again(anonymous, monkeypatch):
    document = "query RepeatedPing { __typename }"
    assert anonymous.ok(document) == {"__typename": "Query"}
    printed = []
    monkeypatch.setattr("api.graphql.limits.print_ast", lambda node: printed.append(node) or "")
    assert anonymous.ok(document) == {"__typename": "Query"}
    assert printed == []


def test_an_invalid_document_stays_invalid_when_repeated(anonymous):
    for _ in range(2):
        assert anonymous.error("{ noSuchField }")["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
