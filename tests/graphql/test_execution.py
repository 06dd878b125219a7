"""The executor's fast paths answer exactly what graphql-core answers, errors included."""

from __future__ import annotations

import asyncio
import enum
from decimal import Decimal
from typing import Any

import pytest
import strawberry
from strawberry.extensions import ParserCache
from strawberry.schema.config import StrawberryConfig

from api.graphql.execution import PlainValueExecutor
from api.graphql.scalars import SCALAR_MAP, Money


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Child:
    name: str
    tags: list[str]


@strawberry.type
class Item:
    id: strawberry.ID
    amount: Money
    colour: Colour
    note: str | None
    amounts: list[Money]
    maybe_amounts: list[Money | None]
    child: Child
    children: list[Child]
    maybe_child: Child | None

    @strawberry.field
    def shouted(self) -> str:
        return self.note.upper() if self.note else "-"

    @strawberry.field
    async def later(self, suffix: str = "!") -> str:
        return f"{self.id}{suffix}"


def _item(number: int, **changes: Any) -> Item:
    fields: dict[str, Any] = dict(
        id=strawberry.ID(str(number)), amount=Money(Decimal("1.50") * number), colour=Colour.RED,
        note=None if number % 2 else f"note {number}", amounts=[Decimal("0.10"), Decimal(number)],
        maybe_amounts=[None, Decimal("2.00")], child=Child(name=f"child {number}", tags=["a", "b"]),
        children=[Child(name=f"first of {number}", tags=[]), Child(name=f"second of {number}", tags=["c"])],
        maybe_child=None if number % 2 else Child(name="maybe", tags=["d"]),
    )
    fields.update(changes)
    return Item(**fields)


class _Later:
    """A value awaited as often as asked for, unlike a coroutine (each query of the test awaits it)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __await__(self) -> Any:
        return asyncio.sleep(0, self.value).__await__()


ITEMS: list[Item] = []


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return ITEMS


def _schemas() -> tuple[strawberry.Schema, strawberry.Schema]:
    config = StrawberryConfig(scalar_map=SCALAR_MAP)
    return (strawberry.Schema(query=Query, config=config),
            strawberry.Schema(query=Query, config=config, execution_context_class=PlainValueExecutor))


QUERIES = [
    "{ items { id amount colour note amounts maybeAmounts child { name } } }",
    "{ items { later shouted b: amount a: id child { name } id amount } }",
    "{ items { ... on Item { colour note } later(suffix: \"?\") __typename amounts } }",
    # Nested objects and lists of them, plain all the way down or with a resolver inside
    "{ items { id child { name tags } children { tags name } maybeChild { name } } }",
    "{ items { children { name } child { __typename name } maybeChild { tags } later } }",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("items", [
    [_item(1), _item(2), _item(3)],
    [_item(1, amount=None)],  # null for a non-null field: the error, located, and the parent nulled
    [_item(1, amounts=[Decimal(1), None])],  # a null item in a list of non-null amounts
    [_item(1, colour="purple")],  # a value the enum cannot serialize
    [_item(1, note=7)],  # a value String coerces
    [_item(1, child=None)],  # a null nested object where the type is non-null
    [_item(1, children=[Child(name="a", tags=[]), None])],  # a null object in a list of non-null ones
    [_item(2, maybe_child=Child(name=None, tags=["x", None]))],  # nulls inside a nullable object
    [_item(1), None, _item(2)],  # a null item where the resolver's list holds non-null items
    # awaitable items after plain ones of another type (the fast path remembers types that are not)
    [_item(1, amounts=[Decimal(1), _Later(Decimal(2))])],
    [_item(1), _item(2, children=[Child(name="a", tags=[]), _Later(Child(name="b", tags=["e"]))])],
])
def test_the_fast_paths_answer_like_graphql_core(query, items):
    ITEMS[:] = items
    plain, fast = (asyncio.run(schema.execute(query)) for schema in _schemas())
    assert fast.data == plain.data
    assert list(_keys(fast.data)) == list(_keys(plain.data))  # the query's order
    assert [(error.message, error.path) for error in fast.errors or []] == [
        (error.message, error.path) for error in plain.errors or []
    ]


def _keys(value: Any) -> Any:
    """Every key of a nested answer, depth first, in order."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def _cached_schemas() -> tuple[strawberry.Schema, strawberry.Schema]:
    """As `_schemas`, parsing through ParserCache: every request of a text gets the same document, so
    the fast path's plans outlive the request (as in api.schema)."""
    config = StrawberryConfig(scalar_map=SCALAR_MAP)
    return (strawberry.Schema(query=Query, config=config, extensions=[lambda: ParserCache(maxsize=16)]),
            strawberry.Schema(query=Query, config=config, execution_context_class=PlainValueExecutor,
                              extensions=[lambda: ParserCache(maxsize=16)]))


VARIABLE_SELECTIONS = [
    "query($show: Boolean!) { items { id child @include(if: $show) { name } amount } }",
    "query($show: Boolean!) { items { id ...More } } fragment More on Item { note @skip(if: $show) amounts }",
    "query($show: Boolean!) { items { id children { name tags @include(if: $show) } } }",
    "query($show: Boolean!) { items { id child { name } } }",  # the variable changes no selection
]


@pytest.mark.parametrize("query", VARIABLE_SELECTIONS)
def test_plans_kept_across_requests_answer_each_request_like_graphql_core(query):
    """The same document again, with other variables and other values: each answer is graphql-core's."""
    plain_schema, fast_schema = _cached_schemas()
    requests = [
        (True, [_item(1), _item(2)]),
        (False, [_item(1), _item(2)]),
        (True, [_item(3, child=None, note=7)]),  # a null where the type is non-null, then a coerced note
        (False, [_item(4, amounts=[Decimal(1), None])]),
        (True, [_item(5)]),
    ]
    for show, items in requests:
        ITEMS[:] = items
        plain, fast = (asyncio.run(schema.execute(query, variable_values={"show": show}))
                       for schema in (plain_schema, fast_schema))
        assert fast.data == plain.data
        assert list(_keys(fast.data)) == list(_keys(plain.data))
        assert [(error.message, error.path) for error in fast.errors or []] == [
            (error.message, error.path) for error in plain.errors or []
        ]


@pytest.mark.parametrize(("query", "kept"), [
    ("{ items { id amount child { name } children { name } } }", True),
    ("query($show: Boolean!) { items { id child @include(if: $show) { name } } }", False),
])
def test_plans_are_built_once_per_document_unless_a_variable_selects(monkeypatch, query, kept):
    built = []
    new_plan = PlainValueExecutor._new_plan
    monkeypatch.setattr(PlainValueExecutor, "_new_plan",
                        lambda self, *arguments: built.append(arguments) or new_plan(self, *arguments))
    _, fast_schema = _cached_schemas()
    ITEMS[:] = [_item(1), _item(2)]
    counts = []
    for _ in range(3):
        result = asyncio.run(fast_schema.execute(query, variable_values={"show": True}))
        assert result.errors is None
        counts.append(len(built))
    assert counts[0] > 0
    assert (counts[2] == counts[0]) is kept
