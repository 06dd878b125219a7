"""The marimo dashboard, mounted in the same Starlette app at /dashboard/."""

from __future__ import annotations

from starlette.types import ASGIApp

from api.config import Settings


def create_dashboard_app(settings: Settings) -> ASGIApp | None:
    """The marimo ASGI app serving notebooks/dashboard.py, or None when it is not available."""
    return None
