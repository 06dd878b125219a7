"""What the dashboard hands each of its pages, and the same inputs for a page run on its own.

The dashboard (notebooks/dashboard.py) embeds every page notebook (notebooks/dashboard_*.py) with
`app.embed(defs=...)`, passing `PageInputs` as the page's variables: the signed-in client, the accounts
and categories, the revision counter and the setters that tell the dashboard something was written
(bound once per session to the dashboard's kernel with `bound_to_current_kernel`, so a page calls
them plainly), and the browser's decimal mark and date format, so every form reads "1,250" as the record
form does and every page writes dates in the order the Overview does.
Run alone (`marimo edit notebooks/dashboard_budgets.py`), a page signs in from the environment instead.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import marimo
import polars as pl

from analytics.amount_input import decimal_mark
from analytics.client import FinanceClient
from analytics.date_format import DateFormat, date_format

DEFAULT_API_URL = "http://127.0.0.1:8000"
Bump = Callable[[Callable[[int], int]], None]  # a marimo state setter, called as `set_revision(next)`


class PageInputs(NamedTuple):
    """A page's inputs; each field is a variable of the page notebook of the same name."""

    client: FinanceClient
    accounts: pl.DataFrame
    categories: pl.DataFrame
    revision: int  # grows after every write, so cells that read it fetch again
    set_revision: Bump  # call after changing records: every page and the overview refresh
    set_setup_revision: Bump  # call after changing accounts or categories: their lists are fetched again
    number_mark: str  # the decimal mark of the browser's language, for amounts typed and shown in forms
    dates: DateFormat  # how the browser's language writes dates: in texts, tables and chart axes


def bump(revision: int) -> int:
    """The next revision: `set_revision(bump)`."""
    return revision + 1


def bound_to_current_kernel(setter: Bump) -> Bump:
    """The setter, bound to the kernel running the caller: the dashboard binds its own, once per session.

    marimo registers a state change with the kernel whose context is installed when the setter is
    called. In a page embedded with `app.embed()` that is the page's own kernel, which does not know the
    dashboard's state: the value changes but no dashboard cell runs again (accounts and categories are
    not fetched again, the Overview keeps its old figures). The bound setter installs the context that
    was current when it was bound. marimo has no public way to do this yet, hence its private
    `safe_get_context()` and `install()`.
    """
    from marimo._runtime.context.types import safe_get_context

    context = safe_get_context()
    if context is None:  # no kernel at all (a plain script): nothing to bind to
        return setter

    def bound(update: Callable[[int], int]) -> None:
        with context.install():
            setter(update)

    return bound


def browser_language() -> str | None:
    """The Accept-Language of the browser this session serves (None outside a browser)."""
    request = marimo.app_meta().request
    return request.headers.get("accept-language") if request else None


def browser_number_mark() -> str:
    """The decimal mark of the language of the browser this session serves ("." outside a browser)."""
    return decimal_mark(browser_language())


def browser_date_format() -> DateFormat:
    """The date format of the language of the browser this session serves (30/11/2026 outside one)."""
    return date_format(browser_language())


def _ignore(_: Callable[[int], int]) -> None:
    """A page run on its own has no dashboard to tell; it shows its own writes when reloaded."""


def standalone_inputs() -> PageInputs:
    """Inputs for a page run on its own: sign in with FINTRACK_API_URL, FINTRACK_EMAIL, FINTRACK_PASSWORD."""
    email, password = os.environ.get("FINTRACK_EMAIL"), os.environ.get("FINTRACK_PASSWORD")
    if not (email and password):
        raise SystemExit("Set FINTRACK_EMAIL and FINTRACK_PASSWORD (and FINTRACK_API_URL) to run a page.")
    client = FinanceClient(os.environ.get("FINTRACK_API_URL", DEFAULT_API_URL))
    client.login(email, password)
    accounts, categories = client.accounts(), client.categories()
    return PageInputs(client, accounts, categories, 0, _ignore, _ignore, browser_number_mark(),
                      browser_date_format())


def as_defs(inputs: PageInputs) -> dict[str, Any]:
    """The inputs as `app.embed(defs=...)` takes them."""
    return inputs._asdict()


def page_app(notebook: Path) -> marimo.App:
    """A copy of a page notebook's app for one browser session (an embedded app keeps its state on it).

    Loaded by path, so the dashboard finds its pages wherever it is: in the checkout, in an installed
    wheel, or imported as `notebooks.dashboard` by the tests.
    """
    name = f"fintrack_page_{notebook.stem}"
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, notebook)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load the dashboard page {notebook}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    app: marimo.App = module.app
    return app.clone()
