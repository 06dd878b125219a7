"""The marimo dashboard (notebooks/dashboard.py), served by the same Starlette app at /dashboard/.

marimo keeps each browser tab's session (a kernel thread) in this process: the dashboard works with one
server process only. Run several API workers and the dashboard in its own single-worker process instead.
The sessions are capped overall and per client address (see api.dashboard_sessions).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from pathlib import Path
from typing import cast

import marimo
from marimo._config.config import PartialMarimoConfig
from marimo._server.session_manager import SessionManager
from marimo._server.app_defaults import AppDefaults
from marimo._session.notebook.file_manager import AppFileManager
from marimo._server.utils import initialize_mimetypes
from marimo._server.workspace import MarimoFileKey
from marimo._types.ids import SessionId
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.routing import Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from api.client_address import UNKNOWN_ADDRESS, forwarding_headers
from api.config import Settings
from api.dashboard_assets import CompressedAssets
from api.dashboard_compiled_cells import SYNTAX_TREES, settle_module_registries, share_compiled_cells
from api.dashboard_sessions import DepartureWatch, SessionAdmission, SessionLimits, refuse, session_id_of
from api.dashboard_sign_in import SignInMemory
from api.dashboard_sign_in_shell import SignInShell
from api.heap import release_free_heap_pages_periodically

logger = logging.getLogger("api.dashboard")

DASHBOARD_PATH = "/dashboard"
# Where the notebook is: in the package of an installed wheel (setup.py copies it there), or in the
# source checkout of an editable install.
NOTEBOOK_LOCATIONS = (
    Path(__file__).resolve().parent / "notebooks" / "dashboard.py",
    Path(__file__).resolve().parent.parent / "notebooks" / "dashboard.py",
)
API_URL_META_KEY = "api_base_url"  # read by the notebook through mo.app_meta().request.meta
API_HEADERS_META_KEY = "api_headers"  # headers the notebook sends with every API request
# What the notebook imports (its setup cell), named here so that start-up can import it ahead of the
# first session; the analytics package is the dashboard's, outside the API's own layers.
NOTEBOOK_MODULES = (
    "polars", "altair", "analytics.charts", "analytics.views", "analytics.pages", "analytics.record_form",
    "analytics.ledger_setup", "analytics.statement", "analytics.imports", "analytics.import_views",
    "analytics.records_table", "analytics.kpis", "analytics.periods", "analytics.sign_in_memory",
)
APP_VIEW_CSS = Path(__file__).resolve().parent / "dashboard_app_view.css"  # hides the notebook furniture


def app_view_head() -> str:
    """The page head's style sheet, titled "marimo…": marimo copies those into its outputs' shadow roots."""
    return f'<style title="marimo-fintrack">{APP_VIEW_CSS.read_text(encoding="utf-8")}</style>'


def browser_address(scope: Scope) -> str:
    """The browser's address: the connection's peer, or what a configured proxy reported."""
    client = scope.get("client")
    return client[0] if client else UNKNOWN_ADDRESS


def server_base_url(scope: Scope) -> str | None:
    """This very server's base URL (the API is at /graphql), from the socket that took the connection."""
    server = scope.get("server")
    if not server or server[1] is None:
        return None
    host, port = server
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    scheme = "https" if scope.get("scheme") in ("https", "wss") else "http"
    return f"{scheme}://{host}:{port}{scope.get('root_path', '')}"


def build_marimo_app(notebook: Path, show_tracebacks: bool, linger_seconds: int) -> Starlette:
    """marimo's ASGI app for the notebook in run mode (parsing it takes a moment: done on first use).

    A session outlives its closed tab by `linger_seconds`: a reconnect within that time finds it.
    """
    initialize_mimetypes()
    share_compiled_cells()
    settle_module_registries()
    with SYNTAX_TREES:  # marimo parses the notebook as it builds the app
        app = (
            marimo.create_asgi_app(quiet=True, session_ttl=linger_seconds, show_tracebacks=show_tracebacks,
                                   html_head=app_view_head())
            .with_app(path=DASHBOARD_PATH, root=str(notebook))
            .build()
        )
    if not isinstance(app, Starlette):  # with_app alone (no dynamic directories) builds a Starlette
        raise TypeError(f"marimo built a {type(app).__name__}, not a Starlette app")
    for route in app.routes:
        if isinstance(route, Mount) and isinstance(route.app, Starlette):
            # Light or dark as the system is set, whatever the server's own marimo.toml says.
            route.app.state.config_manager = route.app.state.config_manager.with_overrides(
                cast(PartialMarimoConfig, {"display": {"theme": "system"}})
            )
            parse_notebook_once(route.app.state.session_manager)
    return app


def parse_notebook_once(manager: SessionManager) -> None:
    """Parse the notebook once, not for every page opened and every session started.

    marimo parses the file each time (about 0.9 s for the dashboard, on the event loop: every other
    request waited), so that an edited notebook shows at once. Served in run mode, the file does not
    change while the server runs, and the parsed app is only read: one serves every session.
    """
    workspace = manager.workspace
    load = workspace.load
    parsed: dict[str, AppFileManager] = {}  # by file key (the defaults come from the server's config)

    def load_once(key: MarimoFileKey, defaults: AppDefaults | None = None) -> AppFileManager:
        with SYNTAX_TREES:
            if key not in parsed:
                parsed[key] = load(key, defaults)
        return parsed[key]

    workspace.load = load_once  # type: ignore[method-assign]
    key = workspace.get_unique_file_key()
    if key is not None:
        manager.app_manager(key)  # now, while the app is built off the event loop


class DashboardApp:
    """The marimo app: built on first use, told where the API is, its sessions capped, closed at exit."""

    def __init__(
        self, notebook: Path, forwarding_token: str, limits: SessionLimits, show_tracebacks: bool = False,
        cookie_days: int = 30,
    ) -> None:
        self.notebook = notebook
        self.forwarding_token = forwarding_token
        self.show_tracebacks = show_tracebacks
        self.sessions = SessionAdmission(limits)
        self.sign_in_memory = SignInMemory(forwarding_token, cookie_days, DASHBOARD_PATH)
        self.sign_in_shell = SignInShell()
        self.assets = CompressedAssets()
        self._marimo_app: Starlette | None = None
        self._building = asyncio.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        endpoint = scope["path"].removeprefix(scope.get("root_path", "")).removeprefix(DASHBOARD_PATH)
        if scope["type"] == "http" and self.sign_in_memory.handles(endpoint):
            await self.sign_in_memory(endpoint, scope, receive, send)
            return
        app = await self._app()
        if scope["type"] not in ("http", "websocket"):
            await app(scope, receive, send)
            return
        if self.assets.handles(endpoint, scope):
            await self.assets(app, endpoint, scope, receive, send)
            return
        scope = {**scope, "meta": {**(scope.get("meta") or {}), **self._notebook_meta(scope)}}
        if self.sign_in_shell.handles(endpoint, scope):
            await self.sign_in_shell(app, scope, receive, send)
            return
        session_id = session_id_of(scope, DASHBOARD_PATH)
        if session_id is None:
            await app(scope, receive, send)
            return
        reason = self.sessions.refusal(session_id, browser_address(scope), self._is_alive)
        if reason is not None:
            await refuse(scope, receive, send, reason)
            return
        self.sessions.opened(session_id)
        departure = DepartureWatch(receive)
        try:
            await app(scope, departure, send)
        finally:
            self.sessions.closed(session_id)
            if departure.browser_left and not self.sessions.is_connected(session_id):
                self._end_session(session_id)

    def _end_session(self, session_id: str) -> None:
        """End a session whose tab is gone now rather than after the linger: each live session holds
        its kernel thread, frames and charts (3-5 MB more per session on the benchmark's data), and the
        closed tabs lingering together raised the server's peak (five sign-ins, each tab closed after
        its charts: 247-249 MB, 243 MB when a closed tab's session ends at once)."""
        manager = self._session_manager()
        if manager is not None and manager.close_session(SessionId(session_id)):
            logger.debug("Dashboard session %s ended: its tab went away", session_id)

    def _is_alive(self, session_id: str) -> bool:
        """Whether marimo holds the session, or is starting it (its tab may have closed meanwhile)."""
        manager = self._session_manager()
        if manager is None:
            return False
        # In run mode marimo keys sessions by their id alone: the file key does not matter.
        return manager.get_session(SessionId(session_id)) is not None or manager.is_session_starting(
            SessionId(session_id), MarimoFileKey("")
        )

    def _notebook_meta(self, scope: Scope) -> dict[str, object]:
        """What the notebook needs to call the API for this browser.

        The notebook signs in against this server only: a crafted link cannot point it elsewhere. Its
        requests carry the browser's address, so that sign-in limits count per browser, not once for
        every dashboard user (the token makes the API believe that address; it stays on the server).
        """
        return {
            API_URL_META_KEY: server_base_url(scope),
            API_HEADERS_META_KEY: forwarding_headers(self.forwarding_token, browser_address(scope)),
        }

    async def _app(self) -> ASGIApp:
        async with self._building:
            if self._marimo_app is None:
                self._marimo_app = await run_in_threadpool(
                    build_marimo_app, self.notebook, self.show_tracebacks, self.sessions.limits.linger_seconds
                )
        return self._marimo_app

    async def warm_up(self) -> None:
        """Build the marimo app and import what the notebook's sessions need, off the event loop, so that
        the first tab opened after start-up does not wait for them (about 4 s before its sign-in form);
        then, until cancelled at shutdown, give what ended sessions freed back to the system (api.heap)."""
        try:
            await self._app()
            await run_in_threadpool(import_notebook_modules, self.notebook)
        except Exception:  # the first session meets the same failure and shows it; the server carries on
            logger.exception("Preparing the dashboard failed")
        await release_free_heap_pages_periodically()

    async def close(self) -> None:
        """Stop every notebook session (kernel threads): marimo's own lifespan never runs when mounted."""
        manager = self._session_manager()
        if manager is not None:
            await manager.shutdown()

    def _session_manager(self) -> SessionManager | None:
        """marimo's session manager, once the app is built (with_app mounts one app holding it)."""
        for route in self._marimo_app.routes if self._marimo_app is not None else ():
            if isinstance(route, Mount) and isinstance(route.app, Starlette):
                manager: SessionManager = route.app.state.session_manager
                return manager
        return None


def import_notebook_modules(notebook: Path) -> None:
    """Import the modules the dashboard's cells use and load its page notebooks (dashboard_*.py beside it)
    into this process, as its first session would."""
    for name in NOTEBOOK_MODULES:
        importlib.import_module(name)
    pages = importlib.import_module("analytics.pages")
    with SYNTAX_TREES:
        for page in sorted(notebook.parent.glob(f"{notebook.stem}_*.py")):
            pages.page_app(page)


def find_notebook() -> Path | None:
    """The dashboard notebook's file, or None when this installation lacks it."""
    return next((path for path in NOTEBOOK_LOCATIONS if path.is_file()), None)


def create_dashboard_app(
    settings: Settings, forwarding_token: str, *, show_tracebacks: bool = False
) -> DashboardApp | None:
    """The dashboard's ASGI app, or None (logged as an error) when this installation lacks the notebook."""
    notebook = find_notebook()
    if notebook is None:
        logger.error(
            "Dashboard unavailable: its notebook is missing from this installation (looked for %s); "
            "/ opens the GraphQL playground instead. Install fintrack from its repository "
            "(pip install .) or from a wheel built there.",
            " and ".join(map(str, NOTEBOOK_LOCATIONS)),
        )
        return None
    limits = SessionLimits(
        total=settings.dashboard_max_sessions,
        per_address=settings.dashboard_max_sessions_per_address,
        linger_seconds=settings.dashboard_session_linger_seconds,
    )
    return DashboardApp(notebook, forwarding_token, limits, show_tracebacks=show_tracebacks,
                        cookie_days=settings.refresh_token_days)
