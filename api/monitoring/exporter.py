"""Prometheus HTTP metrics: the middleware that measures requests and the /metrics endpoint.

starlette-exporter keeps its metric objects on the middleware class, so building many apps in one
process (as the tests do) reuses them instead of registering duplicates. The domain metrics of
api.monitoring.metrics live in the same default registry and are served alongside.
"""

from __future__ import annotations

import secrets

from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette_exporter import PrometheusMiddleware, handle_metrics

# Imported for its side effect: the domain metrics are registered before the first scrape.
from api.monitoring import metrics  # noqa: F401
from api.monitoring.operations import OperationLabel

METRICS_PATH = "/metrics"
METRIC_PREFIX = "fintrack_http"
APP_NAME = "fintrack"

# Probes and scrapes would drown the real traffic; static dashboard files are not worth a series each.
SKIPPED_PATHS = (METRICS_PATH, "/healthz", "/readyz", "/dashboard/assets/.*")

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def metrics_middleware(known_operation_names: frozenset[str]) -> Middleware:
    """Counts and times requests by route template, status and GraphQL operation name (known ones)."""
    return Middleware(
        PrometheusMiddleware,
        app_name=APP_NAME,
        prefix=METRIC_PREFIX,
        group_paths=True,
        filter_unhandled_paths=True,
        skip_paths=list(SKIPPED_PATHS),
        buckets=LATENCY_BUCKETS,
        labels={"operation": OperationLabel(known_operation_names)},
    )


def metrics_route(token: str | None = None) -> Route:
    """The scrape endpoint, in Prometheus text format; with a token, only for requests that bear it."""
    if token is None:
        return Route(METRICS_PATH, handle_metrics, methods=["GET"])

    def bearer_only_metrics(request: Request) -> Response:
        scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
        # Compared in constant time: the answer's timing must not tell how much of a guess was right.
        if scheme.lower() != "bearer" or not secrets.compare_digest(credentials.encode(), token.encode()):
            return PlainTextResponse("Unauthorized: send Authorization: Bearer <METRICS_TOKEN>\n",
                                     status_code=401, headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
        return handle_metrics(request)

    return Route(METRICS_PATH, bearer_only_metrics, methods=["GET"])
