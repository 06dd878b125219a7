"""Custom scalars: exact money as a string, ISO 4217 currency codes; uploads typed as Starlette's."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import NewType, cast

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import UploadDefinition
from strawberry.types.scalar import ScalarDefinition

from api.errors import InvalidInput
from api.money import format_decimal, format_minor_units, parse_decimal, validate_currency

MAX_MONEY_TEXT_LENGTH = 40


def _parse_money(value: object) -> Decimal:
    if not isinstance(value, str):
        raise InvalidInput("value", "money is sent as a string such as \"12.50\"")
    if len(value) > MAX_MONEY_TEXT_LENGTH:
        raise InvalidInput("value", "money amount is too long")
    return parse_decimal(value, "value")


def _parse_currency(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInput("value", "a currency is a three-letter ISO 4217 code such as \"EUR\"")
    return validate_currency(value, "value")


Money = NewType("Money", Decimal)
MoneyText = NewType("MoneyText", str)
"""A Money value already written as its plain text (`api.money.format_minor_units`), served as is."""
money_text = cast(Callable[[int, str], MoneyText], format_minor_units)
"""Minor units in a currency as a `MoneyText`, with no Decimal in between: `format_minor_units` itself,
typed as what it writes (a wrapper would be one more call per amount, and pages and reports write
hundreds)."""
CurrencyCode = NewType("CurrencyCode", str)


def _serialize_money(amount: Decimal | str) -> str:
    return amount if isinstance(amount, str) else format_decimal(amount)


_MONEY = strawberry.scalar(
    name="Money",
    description='An exact decimal amount as a string, e.g. "1234.50"; never a float.',
    serialize=_serialize_money,
    parse_value=_parse_money,
)

# Keyed by the NewTypes, which are not classes: StrawberryConfig takes any hashable annotation.
SCALAR_MAP: dict[object, ScalarDefinition] = {
    Money: _MONEY,
    MoneyText: _MONEY,  # the same scalar, for amounts summed in minor units and never made Decimals
    CurrencyCode: strawberry.scalar(
        name="CurrencyCode",
        description='An ISO 4217 currency code, e.g. "EUR".',
        serialize=str,
        parse_value=_parse_currency,
    ),
    # What the multipart view hands a resolver for an `Upload` argument; annotated as such, it type-checks.
    UploadFile: UploadDefinition,
}
