"""Input types built straight from graphql-core's coerced values, for inputs sent by the hundred.

Strawberry converts an input object field by field: per field it looks up the GraphQL name and
resolves the annotation again, and per value it walks the type. For `createRecords` with 500
inputs that cost more than validating and inserting the records. When every field of an input is
a scalar, an enum or a list of those, graphql-core has already coerced each value to what the
field holds (scalars parsed, enums as members), so the class can be built from the names alone:
Strawberry's `from_input` hook, computed once per type and name converter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING
from typing import Any, TypeVar

from strawberry.types.arguments import InputContext
from strawberry.types.base import (
    StrawberryList,
    StrawberryOptional,
    get_object_definition,
    has_object_definition,
)

InputType = TypeVar("InputType", bound=type)
# (GraphQL name, Python name, whether the value is a list to copy)
_FieldNames = list[tuple[str, str, bool]]


def plain_input(input_type: InputType) -> InputType:
    """Let a decorated `@strawberry.input` of scalars, enums and their lists skip per-field conversion."""
    definition = get_object_definition(input_type, strict=True)
    names_by_converter: dict[int, _FieldNames] = {}
    # Nullable fields without a default are None when left out, as Strawberry's own conversion does.
    implicit_nulls: dict[str, Any] = {
        field.python_name: None for field in definition.fields
        if field.default_value is MISSING and field.default_factory is MISSING
    }

    def build(cls: type, value: Mapping[str, Any], context: InputContext) -> Any:
        converter = context.config.name_converter
        names = names_by_converter.get(id(converter))
        if names is None:
            names = names_by_converter[id(converter)] = _field_names(definition, converter.from_field)
        kwargs = dict(implicit_nulls)
        for graphql_name, python_name, is_list in names:
            if graphql_name in value:
                field_value = value[graphql_name]
                # Copied: graphql-core hands every request that omits a list the same default object.
                copied = is_list and field_value is not None
                kwargs[python_name] = list(field_value) if copied else field_value
        return cls(**kwargs)

    definition.from_input = build
    return input_type


def _field_names(definition: Any, graphql_name: Callable[[Any], str]) -> _FieldNames:
    """Each field's names; refused when a field holds another input object, which needs converting."""
    names = []
    for field in definition.fields:
        field_type = field.resolve_type(type_definition=definition)
        while isinstance(field_type, StrawberryOptional):
            field_type = field_type.of_type
        is_list = isinstance(field_type, StrawberryList)
        item_type = field_type.of_type if is_list else field_type
        while isinstance(item_type, (StrawberryOptional, StrawberryList)):
            item_type = item_type.of_type
        if has_object_definition(item_type):
            raise TypeError(f"{definition.name}.{field.python_name} is an input object: not a plain input")
        names.append((graphql_name(field), field.python_name, is_list))
    return names
