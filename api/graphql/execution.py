"""Strawberry's executor with fast paths for plain values, which pages and summaries are mostly made of.

graphql-core completes every field and every list item on its own: resolve info, a path entry,
nullability and awaitable checks and the leaf's coercion, each through a few calls. A page of 50
records or a five-year summary answers thousands of values that need none of it:

- **Plain fields**: a field without a resolver, permission, argument or middleware is the source's
  attribute. Its answer is computed directly when its type is a scalar or an enum (coerced for
  output), a list of them, or an object type (or a list of one) whose selected fields are all plain
  in turn: a page's edges, their nodes and the nodes' accounts are answered in one pass. An
  object's other fields (resolvers) go through graphql-core as before, and the answer keeps the
  order of the query.
- **Lists of plain values**: a list a resolver returns of scalars or enums (a five-year income
  statement holds about 2,800 amounts in `amounts`, `totalIncome`…), or of objects whose selected
  fields are all plain, is completed in one pass.

Whatever could need more (a null for a non-null type, an awaitable, a coercion that fails or gives
null, `@defer`, `@stream`, an `is_type_of` check, middleware) takes graphql-core's own path, which
then builds the same answer or the same located error: a plain field only reads an attribute, so
computing it twice is harmless.

**Plans outlive the request.** How to answer a selection follows from the schema and the parsed
document alone, unless a directive's argument is a variable (`@include(if: $x)` and the like) or
the document defers or streams. ParserCache hands every request of the same text the same document,
so such plans are kept per (schema, operation) and found again by the identity of the field nodes:
building them took about a millisecond of a one-month summary.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
import dataclasses
from dataclasses import dataclass
from functools import partial
from types import GeneratorType
from typing import Any, TypeVar

from graphql import (
    DirectiveNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLID,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLString,
    OperationDefinitionNode,
    VariableNode,
    is_leaf_type,
    visit,
)
from graphql.language import BREAK, Visitor
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

STRAWBERRY_FIELD = "strawberry-definition"  # where Strawberry keeps its field on graphql-core's
STREAM_DIRECTIVE = "stream"
DEFER_DIRECTIVE = "defer"
# Operations whose plans are kept: as many as ParserCache keeps documents (api.schema).
KEPT_OPERATIONS = 256

T = TypeVar("T")
Complete = Callable[[Any], Any]
"""A plain value (never None) to its output value; raises `_FullCompletionNeeded` when it cannot. A leaf's
is its type's own coercion (one call per value, a summary has thousands), so its output may be None or
Undefined: the caller then leaves the value to graphql-core."""


class _FullCompletionNeeded(Exception):
    """A value the fast path does not answer: graphql-core completes its field instead."""


@dataclass(frozen=True)
class _PlainField:
    """A field answered as `complete(getattr(source, attribute))`."""

    response_name: str
    attribute: str
    complete: Complete
    nullable: bool


@dataclass(frozen=True)
class _Plan:
    """An object's fields split into plain ones and the rest (still a grouped field set), in query order."""

    plain: tuple[_PlainField, ...]
    rest: GroupedFieldSet
    order: tuple[str, ...]


@dataclass
class _OperationPlans:
    """The plans of one operation of one schema, kept across requests: by the shape of a selection
    (its type and the identity of its field nodes, which the kept document keeps alive)."""

    schema: GraphQLSchema
    operation: OperationDefinitionNode
    is_awaitable_item: _AwaitableByType
    plans: dict[Hashable, _Plan | None] = dataclasses.field(default_factory=dict)
    completions: dict[Hashable, Complete | None] = dataclasses.field(default_factory=dict)


class _KeptPlans:
    """The most recently used operations' plans; None for an operation whose plans depend on its variables."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._operations: OrderedDict[tuple[int, int], _OperationPlans | None] = OrderedDict()

    def of(self, schema: GraphQLSchema, operation: OperationDefinitionNode,
           fragments: Iterable[FragmentDefinitionNode], is_awaitable: Callable[[Any], bool]
           ) -> _OperationPlans | None:
        key = (id(schema), id(operation))
        if key in self._operations:
            self._operations.move_to_end(key)
            return self._operations[key]
        kept = (_OperationPlans(schema, operation, _AwaitableByType(is_awaitable))
                if _plans_are_static([operation, *fragments]) else None)
        self._operations[key] = kept
        if len(self._operations) > self._size:
            self._operations.popitem(last=False)
        return kept


class _VariableSelectionFinder(Visitor):
    """Stops at the first directive or fragment argument whose effect can change between requests."""

    found = False

    def enter_directive(self, node: DirectiveNode, *_: Any) -> Any:
        if node.name.value in (DEFER_DIRECTIVE, STREAM_DIRECTIVE) or any(
            isinstance(argument.value, VariableNode) for argument in node.arguments or ()
        ):
            return self._found()
        return None

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> Any:
        return self._found() if node.arguments else None  # graphql-core's experimental fragment arguments

    def _found(self) -> Any:
        self.found = True
        return BREAK


def _plans_are_static(definitions: Iterable[OperationDefinitionNode | FragmentDefinitionNode]) -> bool:
    """Whether every request of the operation collects the same fields (see the module's docstring)."""
    finder = _VariableSelectionFinder()
    for definition in definitions:
        visit(definition, finder)
        if finder.found:
            return False
    return True


def _remembered(kept: dict[Hashable, T], key: Hashable, build: Callable[[], T]) -> T:
    """What `kept` holds under the key, built first on a miss (building may keep nested entries)."""
    if key not in kept:
        kept[key] = build()
    return kept[key]


def _shape(field_details_list: FieldDetailsList) -> tuple[int, ...]:
    return tuple(id(details.node) for details in field_details_list)


_KEPT_PLANS = _KeptPlans(KEPT_OPERATIONS)


class PlainValueExecutor(StrawberryGraphQLCoreExecutionContext):
    """Answers plain fields and lists of plain values directly; everything else as graphql-core does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # By the grouped field set's identity (graphql-core memoizes them per request); the set is
        # kept alive with its plan so that its id cannot be reused.
        self._plans: dict[int, tuple[GroupedFieldSet, _Plan | None]] = {}
        self._list_completions: dict[int, tuple[FieldDetailsList, Complete | None]] = {}
        manager = self.middleware_manager
        self._without_middleware = manager is None or not manager.middlewares
        fragments = (details.definition for details in self.fragments.values())
        self._kept = (_KEPT_PLANS.of(self.schema, self.operation, fragments, self.is_awaitable)
                      if self._without_middleware else None)
        self._is_awaitable_item = (self._kept.is_awaitable_item if self._kept is not None
                                   else _AwaitableByType(self.is_awaitable))

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        plan = self._plan(parent_type, grouped_field_set)
        plain_values = _plain_values(plan, source_value) if plan is not None else None
        if plan is None or plain_values is None:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        if not plan.rest:
            return plain_values
        others = super().execute_fields(parent_type, source_value, path, plan.rest, position_context)
        if isinstance(others, dict):
            return _in_order(plan.order, plain_values, others)
        awaited_others = others

        async def merged() -> dict[str, Any]:
            return _in_order(plan.order, plain_values, await awaited_others)

        return merged()

    def complete_iterable_value(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo,
        path: Path,
        items: Iterable[Any],
        position_context: Any,
    ) -> AwaitableOrValue[list[Any]]:
        if isinstance(items, (list, tuple)) and self.get_stream_usage(field_details_list, path) is None:
            complete = self._list_completion(item_type, field_details_list)
            plain_items = _plain_items(complete, items) if complete is not None else None
            if plain_items is not None:
                return plain_items
        return super().complete_iterable_value(
            item_type, field_details_list, info, path, items, position_context
        )

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet) -> _Plan | None:
        """How to answer this selection of the type (None: no field is plain), looked up once per request."""
        cached = self._plans.get(id(grouped_field_set))
        if cached is not None:
            return cached[1]
        if self._kept is None:
            plan = self._new_plan(parent_type, grouped_field_set) if self._without_middleware else None
        else:
            key = (parent_type, tuple((name, _shape(details)) for name, details in grouped_field_set.items()))
            plan = _remembered(self._kept.plans, key, lambda: self._new_plan(parent_type, grouped_field_set))
        self._plans[id(grouped_field_set)] = (grouped_field_set, plan)
        return plan

    def _list_completion(self, item_type: GraphQLOutputType, field_details_list: FieldDetailsList
                         ) -> Complete | None:
        """How to answer a list of the type at once (None: only graphql-core can), once per request."""
        cached = self._list_completions.get(id(field_details_list))
        if cached is not None:
            return cached[1]
        if self._kept is None:
            complete = self._completion(GraphQLList(item_type), field_details_list)
        else:
            key = (item_type, _shape(field_details_list))
            complete = _remembered(self._kept.completions, key,
                                   lambda: self._completion(GraphQLList(item_type), field_details_list))
        self._list_completions[id(field_details_list)] = (field_details_list, complete)
        return complete

    def _new_plan(self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet) -> _Plan | None:
        plain = []
        rest: GroupedFieldSet = {}
        for response_name, field_details_list in grouped_field_set.items():
            field_def = self.schema.get_field(parent_type, field_details_list[0].node.name.value)
            plain_field = self._plain_field(response_name, field_def, field_details_list)
            if plain_field is None:
                rest[response_name] = field_details_list
            else:
                plain.append(plain_field)
        if not plain:
            return None
        return _Plan(plain=tuple(plain), rest=rest, order=tuple(grouped_field_set))

    def _plain_field(
        self, response_name: str, field_def: GraphQLField | None, field_details_list: FieldDetailsList
    ) -> _PlainField | None:
        """The field as a plain one: Strawberry's own attribute read, no arguments, nothing deferred."""
        attribute = _attribute(field_def)
        if attribute is None or field_def is None or not _is_immediate(field_details_list):
            return None
        field_type = field_def.type
        complete = self._completion(field_type, field_details_list)
        if complete is None:
            return None
        return _PlainField(response_name, attribute, complete, not isinstance(field_type, GraphQLNonNull))

    def _completion(
        self, output_type: GraphQLOutputType, field_details_list: FieldDetailsList
    ) -> Complete | None:
        """How to answer a value of this type directly (None: only graphql-core can)."""
        if isinstance(output_type, GraphQLNonNull):
            output_type = output_type.of_type
        if output_type is GraphQLString or output_type is GraphQLID:
            return partial(_text_leaf, output_type.coerce_output_value)
        if is_leaf_type(output_type):
            return output_type.coerce_output_value
        if isinstance(output_type, GraphQLList):
            item_type = output_type.of_type
            complete_item = self._completion(item_type, field_details_list)
            if complete_item is None:
                return None
            item_nullable = not isinstance(item_type, GraphQLNonNull)
            return partial(_list, complete_item, item_nullable, self._is_awaitable_item)
        if isinstance(output_type, GraphQLObjectType) and output_type.is_type_of is None:
            grouped_field_set, defer_usages, forbidden = self.collect_subfields(
                output_type, field_details_list
            )
            plan = self._plan(output_type, grouped_field_set) if not defer_usages and not forbidden else None
            if plan is None or plan.rest:
                return None
            return partial(_object, plan, self._is_awaitable_item)
        return None


class _AwaitableByType:
    """`is_awaitable`, remembered per type of value that is not: a five-year summary's 3,700 Decimals
    and 700 row objects each took it in full (a Decimal is not among the types it knows at once).

    Whether a value can be awaited follows from its class (`await` looks `__await__` up on the type),
    except a generator's, which its code flags say: generators are always checked.
    """

    def __init__(self, is_awaitable: Callable[[Any], bool]) -> None:
        self._is_awaitable = is_awaitable
        self._never: set[type] = set()

    def __call__(self, value: Any) -> bool:
        kind = type(value)
        if kind in self._never:
            return False
        if self._is_awaitable(value):
            return True
        if kind is not GeneratorType:
            self._never.add(kind)
        return False


def _attribute(field_def: GraphQLField | None) -> str | None:
    """The attribute a field reads when Strawberry resolves it with `getattr` and it takes no arguments."""
    if field_def is None or field_def.args or not getattr(field_def.resolve, "_is_default", False):
        return None
    strawberry_field = field_def.extensions.get(STRAWBERRY_FIELD)
    if strawberry_field is None or not strawberry_field.is_basic_field:
        return None
    if strawberry_field.default_resolver is not getattr:
        return None
    return str(strawberry_field.python_name)


def _is_immediate(field_details_list: FieldDetailsList) -> bool:
    """Asked for without arguments, `@defer` or `@stream`: its answer goes in the response at once."""
    return all(
        details.defer_usage is None and not details.node.arguments
        and not any(directive.name.value == STREAM_DIRECTIVE for directive in details.node.directives or ())
        for details in field_details_list
    )


def _plain_items(complete: Complete, items: list[Any] | tuple[Any, ...]) -> list[Any] | None:
    """A list's output values, or None when any item needs graphql-core's full completion."""
    try:
        return complete(items)
    except Exception:  # graphql-core's path reports it, located at the item
        return None


def _plain_values(plan: _Plan, source: Any) -> dict[str, Any] | None:
    """The plain fields' output values, or None when any needs graphql-core's full completion."""
    values: dict[str, Any] = {}
    try:
        for field in plan.plain:
            value = getattr(source, field.attribute)
            if value is None:
                if not field.nullable:
                    return None
                values[field.response_name] = None
            else:
                output = field.complete(value)
                if output is None or output is Undefined:
                    return None
                values[field.response_name] = output
    except Exception:  # graphql-core's path reports it, located at the field
        return None
    return values


def _text_leaf(coerce: Callable[[Any], Any], value: Any) -> Any:
    """A String or ID: a `str` is its own output (most of a page's values), anything else is coerced."""
    return value if type(value) is str else coerce(value)


def _list(
    complete_item: Complete, item_nullable: bool, is_awaitable: Callable[[Any], bool], items: Any
) -> list[Any]:
    if not isinstance(items, (list, tuple)):
        raise _FullCompletionNeeded  # any other iterable (or a stream) is graphql-core's to walk
    completed: list[Any] = []
    for item in items:
        if item is None:
            if not item_nullable:
                raise _FullCompletionNeeded
            completed.append(None)
        elif is_awaitable(item):
            raise _FullCompletionNeeded
        else:
            output = complete_item(item)
            if output is None or output is Undefined:
                raise _FullCompletionNeeded
            completed.append(output)
    return completed


def _object(plan: _Plan, is_awaitable: Callable[[Any], bool], value: Any) -> dict[str, Any]:
    values = _plain_values(plan, value) if not is_awaitable(value) else None
    if values is None:
        raise _FullCompletionNeeded
    return values


def _in_order(order: tuple[str, ...], plain: dict[str, Any], others: dict[str, Any]) -> dict[str, Any]:
    """Both parts of an object's answer in the query's order (a field graphql-core dropped stays out)."""
    return {name: plain[name] if name in plain else others[name]
            for name in order if name in plain or name in others}
