"""Strawberry's executor with fast paths for plain values, which pages and summaries are mostly made of.

graphql-core completes every field and every list item on its own: resolve info, a path entry,
nullability and awaitable checks and the leaf's coercion, each through a few calls. A page of 50
records or a five-year summary answers thousands of values that need none of it:

- **Plain fields**: a field without a resolver, permission, argument or middleware whose type is
  a scalar or an enum is the source's attribute, coerced for output. An object's plain fields are
  answered directly; the others (nested objects, resolvers) go through graphql-core as before,
  and the answer keeps the order of the query.
- **Lists of plain values**: a list of scalars or enums (a five-year income statement holds about
  2,800 amounts in `amounts`, `totalIncome`…) is coerced in one pass.

Whatever could need more (a null for a non-null type, an awaitable, a coercion that fails or gives
null, `@stream`, middleware) takes graphql-core's own path, which then builds the same answer or
the same located error: a plain field only reads an attribute, so computing it twice is harmless.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

STRAWBERRY_FIELD = "strawberry-definition"  # where Strawberry keeps its field on graphql-core's


@dataclass(frozen=True)
class _PlainField:
    """A field answered as `coerce(getattr(source, attribute))`."""

    response_name: str
    attribute: str
    coerce: Any
    nullable: bool


@dataclass(frozen=True)
class _Plan:
    """An object's fields split into plain ones and the rest (still a grouped field set), in query order."""

    plain: tuple[_PlainField, ...]
    rest: GroupedFieldSet
    order: tuple[str, ...]


class PlainValueExecutor(StrawberryGraphQLCoreExecutionContext):
    """Answers plain fields and lists of plain values directly; everything else as graphql-core does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # By the grouped field set's identity (graphql-core memoizes them per request); the set is
        # kept alive with its plan so that its id cannot be reused.
        self._plans: dict[int, tuple[GroupedFieldSet, _Plan | None]] = {}
        manager = self.middleware_manager
        self._without_middleware = manager is None or not manager.middlewares

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        plan = self._plan(parent_type, grouped_field_set)
        plain_values = self._plain_values(plan, source_value) if plan is not None else None
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
        if isinstance(items, (list, tuple)):
            completed = self._completed_leaves(item_type, items)
            if completed is not None and self.get_stream_usage(field_details_list, path) is None:
                return completed
        return super().complete_iterable_value(
            item_type, field_details_list, info, path, items, position_context
        )

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet) -> _Plan | None:
        """How to answer this selection of the type (None: no field is plain), computed once per request."""
        cached = self._plans.get(id(grouped_field_set))
        if cached is not None:
            return cached[1]
        plan = self._new_plan(parent_type, grouped_field_set) if self._without_middleware else None
        self._plans[id(grouped_field_set)] = (grouped_field_set, plan)
        return plan

    def _new_plan(self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet) -> _Plan | None:
        plain = []
        rest: GroupedFieldSet = {}
        for response_name, field_details_list in grouped_field_set.items():
            node = field_details_list[0].node
            field_def = self.schema.get_field(parent_type, node.name.value)
            plain_field = _plain_field(response_name, field_def) if not node.arguments else None
            if plain_field is None:
                rest[response_name] = field_details_list
            else:
                plain.append(plain_field)
        if not plain:
            return None
        return _Plan(plain=tuple(plain), rest=rest, order=tuple(grouped_field_set))

    @staticmethod
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
                    continue
                output = field.coerce(value)
                if output is None or output is Undefined:
                    return None
                values[field.response_name] = output
        except Exception:  # graphql-core's path reports it, located at the field
            return None
        return values

    def _completed_leaves(
        self, item_type: GraphQLOutputType, items: list[Any] | tuple[Any, ...]
    ) -> list[Any] | None:
        """The items' output values, or None when any item needs graphql-core's full completion."""
        leaf_type = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        if not is_leaf_type(leaf_type):
            return None
        coerce = leaf_type.coerce_output_value
        is_awaitable = self.is_awaitable
        completed = []
        try:
            for item in items:
                if item is None or is_awaitable(item):
                    return None
                value = coerce(item)
                if value is None or value is Undefined:
                    return None
                completed.append(value)
        except Exception:  # graphql-core's path reports it, located at the item
            return None
        return completed


def _plain_field(response_name: str, field_def: GraphQLField | None) -> _PlainField | None:
    """The field as a plain one: Strawberry's own attribute read, no arguments, a scalar or enum type."""
    if field_def is None or field_def.args or not getattr(field_def.resolve, "_is_default", False):
        return None
    strawberry_field = field_def.extensions.get(STRAWBERRY_FIELD)
    if strawberry_field is None or not strawberry_field.is_basic_field:
        return None
    if strawberry_field.default_resolver is not getattr:
        return None
    field_type = field_def.type
    nullable = not isinstance(field_type, GraphQLNonNull)
    leaf_type = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
    if not is_leaf_type(leaf_type):
        return None
    coerce = leaf_type.coerce_output_value
    return _PlainField(response_name, strawberry_field.python_name, coerce, nullable)


def _in_order(order: tuple[str, ...], plain: dict[str, Any], others: dict[str, Any]) -> dict[str, Any]:
    """Both parts of an object's answer in the query's order (a field graphql-core dropped stays out)."""
    return {name: plain[name] if name in plain else others[name]
            for name in order if name in plain or name in others}
