"""bump_in_dashboard outside a dashboard; inside one, tests/browser/test_page_accounts.py shows the Overview
picking up an account made on the Accounts page."""

from __future__ import annotations

from collections.abc import Callable

from analytics import pages
from analytics.dashboard_state import bump_in_dashboard


def test_without_a_dashboard_the_setter_is_simply_called():
    calls: list[Callable[[int], int]] = []
    bump_in_dashboard(calls.append)
    assert calls == [pages.bump]
