"""Bounds on what a GraphQL document costs before it runs: its length, its selections, its validation.

graphql-core's token limit (`MaxTokensLimiter`) counts a comment as one token however long it is,
so the source length is bounded too, comments included character by character. Validation is
quadratic in the number of selections (the overlapping-fields rule compares them pairwise), so that
number is bounded before validating. A valid document is remembered by its text without comments
or layout: sending a different comment each time no longer buys a fresh validation. The exact text
of a valid document is remembered too, so that a client repeating its query (the usual case) costs
a dictionary lookup instead of printing the document again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import cast

from graphql import (
    ASTValidationRule,
    DocumentNode,
    ExecutableDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    SelectionSetNode,
    print_ast,
)
from graphql.language import FieldNode, InlineFragmentNode
from strawberry.extensions import SchemaExtension

from api.graphql.errors import VALIDATION_FAILED_CODE


def count_selections(document: DocumentNode) -> int:
    """Fields, fragment spreads and inline fragments written in the document (fragments not expanded)."""
    count = 0
    pending: list[SelectionSetNode] = [
        definition.selection_set
        for definition in document.definitions
        if isinstance(definition, ExecutableDefinitionNode)
    ]
    while pending:
        selection_set = pending.pop()
        count += len(selection_set.selections)
        for selection in selection_set.selections:
            if isinstance(selection, (FieldNode, InlineFragmentNode)) and selection.selection_set:
                pending.append(selection.selection_set)
    return count


class _ValidDocuments:
    """The canonical texts of documents that passed validation, most recently used kept."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.texts: OrderedDict[tuple[GraphQLSchema, str], None] = OrderedDict()

    def __contains__(self, key: tuple[GraphQLSchema, str]) -> bool:
        if key not in self.texts:
            return False
        self.texts.move_to_end(key)
        return True

    def add(self, key: tuple[GraphQLSchema, str]) -> None:
        self.texts[key] = None
        if len(self.texts) > self.maxsize:
            self.texts.popitem(last=False)


class DocumentSizeLimiter(SchemaExtension):
    """Refuses, while parsing, a document longer than `max_length` characters (comments included)."""

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length

    def on_operation(self) -> Iterator[None]:
        options = self.execution_context.parse_options
        # graphql-core's parse() takes max_source_length; Strawberry's ParseOptions declares only max_tokens.
        options["max_source_length"] = self.max_length  # type: ignore[typeddict-unknown-key]
        yield


class BoundedValidation(SchemaExtension):
    """Validation with bounded work: too many selections are refused unvalidated, valid texts cached.

    Replaces Strawberry's `ValidationCache`, which never hits here: the depth and alias limiters
    build new rule classes for every request, and the rules are part of its key. The rules are the
    same for every request of one schema, so the schema and the canonical text make the key.
    """

    _valid_documents: dict[int, _ValidDocuments] = {}
    _valid_sources: dict[int, _ValidDocuments] = {}

    def __init__(self, max_selections: int, maxsize: int = 256) -> None:
        self.max_selections = max_selections
        self.valid_documents = self._valid_documents.setdefault(maxsize, _ValidDocuments(maxsize))
        self.valid_sources = self._valid_sources.setdefault(maxsize, _ValidDocuments(maxsize))

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = cast(DocumentNode, context.graphql_document)  # validation only follows a parse
        rules = context.validation_rules
        schema = context.schema._schema
        source_key = (schema, context.query or "")
        if context.query is not None and source_key in self.valid_sources:
            context.pre_execution_errors = []
        else:
            context.pre_execution_errors = self._errors(schema, document, rules)
            if not context.pre_execution_errors and context.query is not None:
                self.valid_sources.add(source_key)
        yield

    def _errors(
        self, schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
    ) -> list[GraphQLError]:
        selections = count_selections(document)
        if selections > self.max_selections:
            message = f"{selections} selections found. Allowed: {self.max_selections}"
            return [GraphQLError(message, extensions={"code": VALIDATION_FAILED_CODE})]
        key = (schema, print_ast(document))
        if key in self.valid_documents:
            return []
        from strawberry.schema.schema import validate_document  # a cycle at import time

        errors = validate_document(schema, document, rules)
        if not errors:
            self.valid_documents.add(key)
        return errors
