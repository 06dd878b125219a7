"""The GraphiQL playground, served from the package so that it works without internet.

Strawberry's page loads React and GraphiQL from a CDN, so offline it stays on "Loading…". Our page
names the same files, vendored in api/static/graphiql/ (where they came from: its README.md) and
served by this app; nothing in it leaves the server, which also lets a same-origin CSP cover it.
"""

from __future__ import annotations

import functools
from pathlib import Path

from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

PAGE = Path(__file__).resolve().parent / "playground.html"
ASSETS_DIRECTORY = Path(__file__).resolve().parent.parent / "static" / "graphiql"
ASSETS_PATH = "/static/graphiql"


@functools.cache
def playground_html() -> str:
    """The playground page (read once: it is package data and never changes while serving)."""
    return PAGE.read_text(encoding="utf-8")


def playground_assets_route() -> Mount:
    """The vendored files the page loads, under /static/graphiql/."""
    return Mount(ASSETS_PATH, app=StaticFiles(directory=ASSETS_DIRECTORY), name="graphiql-assets")
