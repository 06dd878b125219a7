"""Prometheus HTTP metrics: the middleware that measures requests and the /metrics endpoint.

starlette-exporter keeps its metric objects on the middleware class, so building many apps in one
process (as the tests do) reuses them instead of registering duplicates. The domain metrics of
api.monitoring.metrics live in the same default registry and are served alongside.
"""

from __future__ import annotations

from starlette.middleware import Middleware
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


def metrics_middleware() -> Middleware:
    """Counts and times requests by route template, status and GraphQL operation name."""
    return Middleware(
        PrometheusMiddleware,
        app_name=APP_NAME,
        prefix=METRIC_PREFIX,
        group_paths=True,
        filter_unhandled_paths=True,
        skip_paths=list(SKIPPED_PATHS),
        buckets=LATENCY_BUCKETS,
        labels={"operation": OperationLabel()},
    )


def metrics_route() -> Route:
    """The scrape endpoint, in Prometheus text format."""
    return Route(METRICS_PATH, handle_metrics, methods=["GET"])
