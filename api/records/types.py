"""GraphQL types of the records domain."""

from __future__ import annotations

import strawberry

from api.records.models import RecordKind

RecordKindEnum = strawberry.enum(
    RecordKind, name="RecordKind", description="Money in, money out, or moved between two accounts."
)
