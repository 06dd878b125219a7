"""Joins every domain's queries and mutations into one schema."""

from __future__ import annotations

import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
)

from api.accounts.schema import AccountMutation, AccountQuery
from api.auth.schema import AuthMutation, AuthQuery
from api.budgets.schema import BudgetMutation, BudgetQuery
from api.categories.schema import CategoryMutation, CategoryQuery
from api.exports.schema import ExportQuery
from api.goals.schema import GoalMutation, GoalQuery
from api.graphql.errors import ErrorCodesExtension
from api.graphql.extensions import (
    DatabaseSessionExtension,
    IntrospectionSwitch,
    OperationNameHeaderExtension,
)
from api.graphql.cost import QueryCostLimiter
from api.graphql.execution import PlainValueExecutor
from api.graphql.limits import BoundedValidation, DocumentSizeLimiter
from api.query_costs import COST_MODEL
from api.graphql.scalars import SCALAR_MAP
from api.graphql.text_inputs import StorableTextExtension
from api.imports.schema import ImportMutation, ImportQuery
from api.records.schema import RecordMutation, RecordQuery
from api.recurring.extension import DueRecordsExtension
from api.recurring.schema import RecurringMutation, RecurringQuery
from api.rules.schema import RuleMutation, RuleQuery
from api.summaries.schema import SummaryQuery
from api.users.schema import UserMutation

MAX_QUERY_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 5000
MAX_DOCUMENT_LENGTH = 100_000  # characters, comments included; about 20 times the longest real query
MAX_SELECTIONS = 300  # validation is quadratic in these; the dashboard's largest query has about 60


@strawberry.type
class Query(
    AuthQuery, AccountQuery, CategoryQuery, RecordQuery, SummaryQuery, ExportQuery, ImportQuery, RuleQuery,
    BudgetQuery, GoalQuery, RecurringQuery,
):
    """Everything that can be read."""


@strawberry.type
class Mutation(
    AuthMutation, AccountMutation, CategoryMutation, RecordMutation, ImportMutation, RuleMutation,
    UserMutation, BudgetMutation, GoalMutation, RecurringMutation,
):
    """Everything that can be changed."""


def create_schema() -> strawberry.Schema:
    """The schema with its limits, caches and error handling."""
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
        execution_context_class=PlainValueExecutor,
        extensions=[
            DatabaseSessionExtension,
            ErrorCodesExtension,
            OperationNameHeaderExtension,
            StorableTextExtension,
            IntrospectionSwitch,
            lambda: QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH),
            lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: DocumentSizeLimiter(max_length=MAX_DOCUMENT_LENGTH),
            lambda: ParserCache(maxsize=256),
            lambda: BoundedValidation(max_selections=MAX_SELECTIONS, maxsize=256),
            lambda: QueryCostLimiter(COST_MODEL),
            DueRecordsExtension,  # last: a query the limits refuse creates nothing
        ],
    )


schema = create_schema()
