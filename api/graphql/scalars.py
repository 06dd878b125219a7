"""Custom scalars: exact money as a string, ISO 4217 currency codes; uploads typed as Starlette's."""

from __future__ import annotations

from decimal import Decimal
from typing import NewType

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import UploadDefinition
from strawberry.types.scalar import ScalarDefinition

from api.errors import InvalidInput
from api.money import format_decimal, parse_decimal, validate_currency

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
CurrencyCode = NewType("CurrencyCode", str)

# Keyed by the NewTypes, which are not classes: StrawberryConfig takes any hashable annotation.
SCALAR_MAP: dict[object, ScalarDefinition] = {
    Money: strawberry.scalar(
        name="Money",
        description='An exact decimal amount as a string, e.g. "1234.50"; never a float.',
        serialize=format_decimal,
        parse_value=_parse_money,
    ),
    CurrencyCode: strawberry.scalar(
        name="CurrencyCode",
        description='An ISO 4217 currency code, e.g. "EUR".',
        serialize=str,
        parse_value=_parse_currency,
    ),
    # What the multipart view hands a resolver for an `Upload` argument; annotated as such, it type-checks.
    UploadFile: UploadDefinition,
}
