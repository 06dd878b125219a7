"""Telling the dashboard, from an embedded page, that something was written.

marimo registers a state change with the kernel whose context is installed when the setter is called.
In a page embedded with `app.embed()` that is the page's own kernel, which does not know the
dashboard's state: the value changes but no dashboard cell runs again, so accounts and categories are
not fetched again and the Overview keeps its old figures. Called in the dashboard's (parent) context,
the change reaches the dashboard's kernel. (marimo has no public way to the parent context yet.)
"""

from __future__ import annotations

from analytics.pages import Bump, bump


def bump_in_dashboard(setter: Bump) -> None:
    """`setter(bump)` as the dashboard's own kernel sees it: `bump_in_dashboard(set_setup_revision)`."""
    from marimo._runtime.context.types import safe_get_context

    parent = getattr(safe_get_context(), "parent", None)
    if parent is None:  # a page run on its own, or no kernel at all: nothing above to tell
        setter(bump)
        return
    with parent.install():
        setter(bump)
