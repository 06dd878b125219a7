"""The Starlette application: GraphQL, health checks, middleware and lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route, WebSocketRoute

from api.auth.credentials import Credentials
from api.auth.service import bearer_authenticator
from api.body_limit import BodySizeLimitMiddleware
from api.config import Settings
from api.exports.routes import export_routes
from api.graphql.playground import playground_assets_route
from api.graphql.view import GraphQLView
from api.logging_config import configure_logging
from api.monitoring.exporter import metrics_middleware, metrics_route
from api.monitoring.operations import known_operation_names
from api.recurring.extension import DueRecordChecks
from api.recurring.materialize import SWEEP_INTERVAL, run_sweeps
from api.request_id import REQUEST_ID_HEADER, RequestIdMiddleware
from api.schema import schema
from api.security_headers import DASHBOARD_POLICY, SecurityHeadersMiddleware
from api.state import AppState

logger = logging.getLogger("api")

DASHBOARD_PATH_PREFIX = "/dashboard"
DASHBOARD_ROUTE = DASHBOARD_PATH_PREFIX + "{rest:path}"
DASHBOARD_HOME = "/dashboard/"  # with the slash: the page's assets are relative


async def healthz(request: Request) -> JSONResponse:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """Readiness: the database answers a trivial query."""
    state: AppState = request.app.state.app_state
    try:
        async with state.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:  # any driver error means not ready
        logger.exception("Readiness check failed")
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


async def home(request: Request) -> RedirectResponse:
    """The root opens the dashboard, or the playground when the dashboard is not served."""
    return RedirectResponse(request.app.state.home_path)


def create_app(settings: Settings) -> Starlette:
    """Build the app for these settings; the database must already be migrated."""
    configure_logging(settings.log_level)
    settings.ensure_data_dir()
    state = AppState.from_settings(settings)
    credentials = Credentials.from_settings(settings, state.engine)
    state.provide(credentials)
    state.provide(DueRecordChecks())

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Due recurring records: at start-up, then hourly (reads also create a user's own on access).
        sweeps = asyncio.create_task(run_sweeps(state.session_factory, SWEEP_INTERVAL))
        # The dashboard prepared in the background: the first tab opened finds it ready.
        warm_up = asyncio.create_task(dashboard.warm_up()) if dashboard is not None else None
        # What start-up built (modules, the schema) lives as long as the process: kept out of the
        # collector's full passes, which otherwise walk it again and again while an import holds
        # its batches (a 100,000-row import spent a fifth of its CPU there). No collection first:
        # it takes a third of a second, and tests start an app for each test.
        gc.freeze()
        yield
        gc.unfreeze()  # collectable again once the app is gone (tests start many in one process)
        for task in (sweeps, warm_up):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if dashboard is not None:
            await dashboard.close()  # marimo's own shutdown hooks do not run when it is routed to
        await state.engine.dispose()

    graphql = GraphQLView(state, schema, bearer_authenticator(credentials.token_codec))
    routes = [
        Route("/", home),
        Route("/graphql", graphql),
        *([playground_assets_route()] if settings.graphql_introspection else []),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        metrics_route(settings.metrics_token),
        *export_routes(),
    ]
    dashboard = None
    if settings.dashboard_enabled:
        # Imported here: marimo and what the notebook uses cost a worker without the dashboard ~70 MB.
        from api.dashboard import create_dashboard_app

        dashboard = create_dashboard_app(settings, state.forwarding_token)
    if dashboard is not None:
        # Routes rather than Mount("/"): requests are passed on unchanged all the same, but metrics get
        # one path label for the whole dashboard and unknown URLs stay our router's 404s.
        routes += [Route(DASHBOARD_ROUTE, dashboard), WebSocketRoute(DASHBOARD_ROUTE, dashboard)]
    middleware = [
        metrics_middleware(known_operation_names(schema._schema, settings.metrics_operation_names)),
        Middleware(RequestIdMiddleware),
        Middleware(SecurityHeadersMiddleware, page_policies={DASHBOARD_PATH_PREFIX: DASHBOARD_POLICY}),
        Middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", REQUEST_ID_HEADER],
            expose_headers=[REQUEST_ID_HEADER],
        ),
        # Inside CORS, so that a browser can read the 413; file uploads to /graphql have their own limit.
        Middleware(BodySizeLimitMiddleware, max_body_bytes=settings.max_body_bytes,
                   upload_limits={"/graphql": settings.max_upload_bytes}),
        # Level 5, not Starlette's 9: a 72 KB five-year summary compressed in 1.2 ms instead of 4.7 ms,
        # 4% larger (15.3 KB instead of 14.7).
        Middleware(GZipMiddleware, minimum_size=1024, compresslevel=5),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.app_state = state
    app.state.home_path = DASHBOARD_HOME if dashboard is not None else "/graphql"
    return app


def create_app_from_environment() -> Starlette:
    """App factory for uvicorn's import string (one app per worker), configured from the environment."""
    return create_app(Settings())
