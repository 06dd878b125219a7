"""Query cost: an estimate of an operation's work, refused over a budget before any resolver runs.

Every field costs its `weight` each time it is resolved; a field that yields a list multiplies
the cost of its selections by the number of items it is expected to yield, estimated from its
arguments (inherited from the fields above it, e.g. a summary's dates and period) and from counts
of what the user owns (accounts, currencies...), loaded with one cheap query when the document
asks for a field that needs them (the walk stops at the first such field, and the counts are
loaded then; they and the estimates are remembered for a while, see api.graphql.remembered_costs).
Introspection fields are free: their size is the schema's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from anyio import to_thread
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableDefinitionNode,
    get_named_type,
    get_operation_ast,
    is_input_object_type,
    is_list_type,
    type_from_ast,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from sqlalchemy import inspect
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from api.errors import DomainError
from api.graphql.context import Context
from api.graphql.remembered_costs import NEEDS_COUNTS, RememberedCosts, estimate_key

QUERY_TOO_COSTLY_CODE = "QUERY_TOO_COSTLY"

Counts = TypeVar("Counts")
Arguments = Mapping[str, Any]


@dataclass(frozen=True)
class FieldCost(Generic[Counts]):
    """What one field costs: `weight` per resolution, and for lists how many items each one yields."""

    weight: int = 1
    items: Callable[[Arguments, Counts], int] | None = None
    uses_counts: bool = False


@dataclass(frozen=True)
class CostModel(Generic[Counts]):
    """The costs of a schema's fields by (type name, field name); unlisted fields cost 1, one item."""

    fields: Mapping[tuple[str, str], FieldCost[Counts]]
    load_counts: Callable[[Context], Awaitable[Counts]]


class _OverBudget(Exception):
    """Raised inside the walk as soon as the running total passes the budget: no need to go on."""


class CountsNeeded(Exception):
    """Raised by a walk without counts that reaches a field whose estimate multiplies by them."""


class _CostWalk(Generic[Counts]):
    """Adds up the cost of one operation, stopping early once it passes `stop_above` (if given)."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: VariableValues,
                 model: CostModel[Counts], counts: Counts | None, stop_above: int | None) -> None:
        self.schema = schema
        self.fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self.variables = variables
        self.model = model
        self.counts = counts
        self.stop_above = stop_above
        self.total = 0

    def operation(self, operation: OperationDefinitionNode) -> int:
        """The operation's cost, or the first running total over `stop_above`."""
        root = self.schema.get_root_type(operation.operation)
        if root is None:  # not a valid operation: validation reports it, there is nothing to run
            return 0
        try:
            self._selections(operation.selection_set, root, 1, {})
        except _OverBudget:
            pass
        return self.total

    def _selections(self, selection_set: SelectionSetNode, parent: GraphQLObjectType, multiplier: int,
                    arguments: Arguments) -> None:
        for node, node_parent in self._fields(selection_set, parent):
            name = node.name.value
            if name.startswith("__"):
                continue
            definition = node_parent.fields[name]
            cost = self.model.fields.get((node_parent.name, name), FieldCost())
            if cost.uses_counts and self.counts is None:
                raise CountsNeeded
            field_arguments = {**arguments, **get_argument_values(definition, node, self.variables)}
            # At least one item: walking a selection always costs, even over an empty list.
            items = max(1, cost.items(field_arguments, cast(Counts, self.counts))) if cost.items else 1
            child_type = get_named_type(definition.type)
            walks_objects = node.selection_set is not None and isinstance(child_type, GraphQLObjectType)
            # A list of objects costs through its items' fields; a list of scalars per item.
            self.total += cost.weight * multiplier * (1 if walks_objects else items)
            if self.stop_above is not None and self.total > self.stop_above:
                raise _OverBudget
            if walks_objects and node.selection_set is not None:
                self._selections(node.selection_set, child_type, multiplier * items, field_arguments)

    def _fields(self, selection_set: SelectionSetNode,
                parent: GraphQLObjectType) -> Iterator[tuple[FieldNode, GraphQLObjectType]]:
        """The fields of a selection set with the type they are selected on, fragments included."""
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield selection, parent
                continue
            fragment: FragmentDefinitionNode | InlineFragmentNode
            if isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments[selection.name.value]
            elif isinstance(selection, InlineFragmentNode):
                fragment = selection
            else:
                continue
            condition = fragment.type_condition
            fragment_type = self.schema.get_type(condition.name.value) if condition else parent
            # The schema has no interfaces or unions: a valid fragment is on the parent's own type.
            if isinstance(fragment_type, GraphQLObjectType):
                yield from self._fields(fragment.selection_set, fragment_type)


def operation_cost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode,
                   variables: VariableValues, model: CostModel[Counts], counts: Counts | None,
                   stop_above: int | None = None) -> int:
    """The estimated cost of a validated operation with coerced variables (at least `stop_above` + 1).

    Without counts (None), raises CountsNeeded on reaching a field whose estimate uses them.
    """
    return _CostWalk(schema, document, variables, model, counts, stop_above).operation(operation)


def estimate_variables(
    schema: GraphQLSchema, definitions: Sequence[VariableDefinitionNode], raw: Mapping[str, Any]
) -> VariableValues | list[GraphQLError]:
    """The variables coerced as far as an estimate needs them: a list of input objects only counts.

    Such a list (createRecords' 500 inputs) is coerced from its first item and stands as that many
    copies of it: execution coerces every item anyway, and coercing them here as well cost a quarter
    of a createRecords request. What does not coerce is left to execution to refuse.
    """
    counted = {
        name: len(value)
        for definition in definitions
        if isinstance(value := raw.get(name := definition.variable.name.value), list) and len(value) > 1
        and _is_list_of_input_objects(schema, definition)
    }
    trimmed = {**raw, **{name: raw[name][:1] for name in counted}}
    variables = get_variable_values(schema, definitions, trimmed)
    if isinstance(variables, VariableValues):
        for name, length in counted.items():
            variables.coerced[name] = variables.coerced[name] * length
    return variables


def _is_list_of_input_objects(schema: GraphQLSchema, definition: VariableDefinitionNode) -> bool:
    variable_type = type_from_ast(schema, definition.type)
    nullable = variable_type.of_type if isinstance(variable_type, GraphQLNonNull) else variable_type
    return is_list_type(nullable) and is_input_object_type(get_named_type(nullable))


def too_costly_error(cost: int, budget: int) -> GraphQLError:
    """The refusal, with the figures a client needs to trim its query."""
    return GraphQLError(
        f"The query costs at least {cost} points, more than the budget of {budget}; "
        "ask for fewer aliases, records, accounts or periods",
        extensions={"code": QUERY_TOO_COSTLY_CODE, "cost": cost, "budget": budget},
    )


class QueryCostLimiter(SchemaExtension, Generic[Counts]):
    """Refuses an operation whose estimated cost is over the budget (`max_query_cost`), before it runs.

    The user's counts and the estimates of queries are remembered between requests
    (api.graphql.remembered_costs); every mutation forgets its user's counts.
    """

    def __init__(self, model: CostModel[Counts]) -> None:
        self.model = model

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        document = context.graphql_document
        operation = get_operation_ast(document, context.operation_name) if document else None
        if document is not None and operation is not None:
            await self._check(document, operation)
        yield
        if operation is not None and operation.operation is OperationType.MUTATION:
            request: Context = context.context
            RememberedCosts.of(request.state).forget(_signed_in_user_id(request))

    async def _check(self, document: DocumentNode, operation: OperationDefinitionNode) -> None:
        context = self.execution_context
        request: Context = context.context
        budget = request.state.settings.max_query_cost
        remembered = RememberedCosts.of(request.state)
        # Mutations are not remembered: they are not sent again alike, and their variables are large.
        key = (estimate_key(context.query, context.operation_name, context.variables)
               if operation.operation is OperationType.QUERY else None)
        # The counts cost a query: loaded only when the walk reaches a field whose estimate uses them
        # (a records page never does; a summary does at its first part).
        cost = remembered.estimate(key, None, budget)
        if cost is None:
            cost = await self._estimate(document, operation, None, budget)
            if cost is None:  # variables that do not coerce fail the operation before any resolver
                return
            remembered.remember_estimate(key, None, budget, cost)
        if cost == NEEDS_COUNTS:
            counts = await self._counts(request, remembered)
            cost = remembered.estimate(key, counts, budget)
            if cost is None:
                cost = await self._estimate(document, operation, counts, budget)
                if cost is None:
                    return
                remembered.remember_estimate(key, counts, budget, cost)
        if cost > budget:
            context.result = ExecutionResult(data=None, errors=[too_costly_error(cost, budget)])

    async def _estimate(self, document: DocumentNode, operation: OperationDefinitionNode,
                        counts: Counts | None, budget: int) -> int | None:
        """The walk's total (NEEDS_COUNTS without counts when it needs them), or None when the
        variables do not coerce: there is nothing to estimate then."""
        context = self.execution_context
        schema = context.schema._schema
        variables = estimate_variables(schema, operation.variable_definitions or (), context.variables or {})
        if not isinstance(variables, VariableValues):
            return None
        try:
            return await self._walk(document, operation_cost, schema, document, operation, variables,
                                    self.model, counts, budget)
        except CountsNeeded:
            return NEEDS_COUNTS

    async def _counts(self, request: Context, remembered: RememberedCosts[Any]) -> Counts:
        """The signed-in user's counts, remembered for a while; anyone else's from the model."""
        if not request.request.headers.get("authorization"):
            return await self.model.load_counts(request)
        try:
            user = await request.authenticate()
        except DomainError:  # the model answers for nobody; the fields' permissions refuse later
            return await self.model.load_counts(request)
        counts = remembered.counts_of(user.id)
        if counts is None:
            forgotten_before = remembered.forgotten
            counts = await self.model.load_counts(request)
            remembered.remember_counts(user.id, counts, forgotten_before)
        return cast(Counts, counts)

    @staticmethod
    async def _walk(document: DocumentNode, walk: Callable[..., int], *arguments: Any) -> int:
        """Run the walk here when it visits each written field at most once (no fragment definitions:
        validation bounds the fields), else off the event loop: fragments spread again and again may
        take a few milliseconds before the total passes the budget."""
        if not any(isinstance(definition, FragmentDefinitionNode) for definition in document.definitions):
            return walk(*arguments)
        return await to_thread.run_sync(walk, *arguments)


def _signed_in_user_id(request: Context) -> int | None:
    """The id of the request's signed-in user, if it authenticated; read from the identity key: a
    mutation that rolled back expired the user, and `user.id` would reload it (sync IO)."""
    try:
        user = request.user
    except DomainError:
        return None
    identity = inspect(user).identity
    return int(identity[0]) if identity else int(user.id)
