"""The app `fintrack serve` runs, with the dashboard's failing cells shown instead of silently hidden."""

from __future__ import annotations

from starlette.applications import Starlette

from api.app import create_app_from_environment
from api.dashboard import DashboardApp


def create_app_showing_tracebacks() -> Starlette:
    """uvicorn factory for browser tests: a cell that raises stays on the page as `.marimo-cell.has-error`."""
    app = create_app_from_environment()
    for route in app.routes:
        endpoint = getattr(route, "endpoint", None)
        if isinstance(endpoint, DashboardApp):
            endpoint.show_tracebacks = True
    return app
