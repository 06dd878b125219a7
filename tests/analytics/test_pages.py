"""Setters bound to the dashboard's kernel; inside a running dashboard, tests/browser/test_page_accounts.py
shows the Overview picking up an account made on the Accounts page, and the Budgets and Recurring page
tests a budget or a schedule written on their page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from marimo._runtime.context import types

from analytics import pages
from analytics.date_format import DateFormat


def test_without_a_kernel_the_setter_is_simply_called() -> None:
    calls: list[Callable[[int], int]] = []
    pages.bound_to_current_kernel(calls.append)(pages.bump)
    assert calls == [pages.bump]


def test_a_bound_setter_runs_in_the_kernel_it_was_bound_in(monkeypatch: pytest.MonkeyPatch) -> None:
    installed = ["dashboard"]

    class Kernel:
        def __init__(self, name: str) -> None:
            self.name = name

        @contextmanager
        def install(self) -> Iterator[None]:
            before, installed[0] = installed[0], self.name
            try:
                yield
            finally:
                installed[0] = before

    monkeypatch.setattr(types, "safe_get_context", lambda: Kernel("dashboard"))
    seen: list[tuple[str, Callable[[int], int]]] = []
    bound = pages.bound_to_current_kernel(lambda update: seen.append((installed[0], update)))
    installed[0] = "page"  # called later, from an embedded page's cell

    bound(pages.bump)

    assert seen == [("dashboard", pages.bump)] and installed == ["page"]


def test_outside_a_browser_session_amounts_are_written_with_a_point() -> None:
    assert pages.browser_number_mark() == "."


def test_outside_a_browser_session_dates_are_written_day_first() -> None:
    assert pages.browser_date_format() == DateFormat("dmy", "/")
