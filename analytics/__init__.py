"""Finance Tracker analytics: a GraphQL client returning polars frames, pure analyses, Altair charts.

Never imports `api`: it talks to the server over HTTP like any other client.
"""

from analytics.balances import net_worth, running_balance
from analytics.cashflow import month_over_month, monthly_cash_flow, rolling_average, savings_rate
from analytics.categories import category_breakdown, top_level_category_ids
from analytics.client import FinanceClient, RecordFilter, Summary
from analytics.errors import (
    ApiError,
    AuthenticationError,
    InputError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TransportError,
)
from analytics.formatting import format_money
from analytics.heatmap import spending_heatmap
from analytics.payees import top_payees
from analytics.recurring import find_recurring_payments

__all__ = [
    "ApiError",
    "AuthenticationError",
    "FinanceClient",
    "InputError",
    "NotFoundError",
    "RateLimitedError",
    "RecordFilter",
    "ServerError",
    "Summary",
    "TransportError",
    "category_breakdown",
    "find_recurring_payments",
    "format_money",
    "month_over_month",
    "monthly_cash_flow",
    "net_worth",
    "rolling_average",
    "running_balance",
    "savings_rate",
    "spending_heatmap",
    "top_level_category_ids",
    "top_payees",
]
