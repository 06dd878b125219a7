"""The dashboard is an app, not a notebook: no notebook furniture, no chart actions menu, light or dark
as the system is set."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import DemoServer
from tests.browser.test_dashboard import TABLE_ROWS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

FURNITURE = {
    "the app menu": "[data-testid='notebook-actions-dropdown']",
    "the outline rail": "div[class*='top-[25vh]'][class*='right-8']",
    "the tables' Columns button": "[data-testid='column-visibility-trigger']",
    "the tables' Explore button": "button:has-text('Explore')",
    "the tables' No selection": "text=No selection",
    "the tables' row counts": "text=/rows, \\d+ visible/",
    "Vega's actions menu": ".vega-embed details",
}


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh tab on a laptop-sized screen."""
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    yield tab
    tab.close()


def visible(page: Any, selector: str) -> int:
    """How many elements matching the selector are on screen (Playwright's locators pierce shadow roots)."""
    return sum(element.is_visible() for element in page.locator(selector).all())


def test_no_notebook_furniture_and_no_chart_actions_on_screen(page: Any, demo_server: DemoServer) -> None:
    sign_in(page, demo_server)
    page.locator(TABLE_ROWS).first.hover()

    shown = {name: visible(page, selector) for name, selector in FURNITURE.items()}

    assert shown == dict.fromkeys(FURNITURE, 0)
    assert page.get_by_text("Open in Vega Editor").count() == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_follows_the_systems_colour_scheme(
    browser: Any, demo_server: DemoServer, scheme: str
) -> None:
    tab = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        tab.goto(demo_server.dashboard_url)
        tab.get_by_label("Email").wait_for(timeout=60_000)
        background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
        # "rgb(255, 255, 255)", or "color(srgb 0.09 0.11 0.10)" with channels from 0 to 1
        channels = [float(part) for part in re.findall(r"\d+(?:\.\d+)?", background)[:3]]
        brightness = sum(channels) / (3 if "srgb" in background else 3 * 255)
        assert (brightness < 0.5) == (scheme == "dark"), background
    finally:
        tab.close()


def test_on_a_phone_kpis_are_one_row_per_currency_legends_below_and_records_cards(
    browser: Any, demo_server: DemoServer
) -> None:
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        sign_in(phone, demo_server)
        currencies = set(demo_server.client().accounts()["currency"])

        rows = phone.locator(".fintrack-kpi-rows tbody tr")
        assert sorted(rows.locator("th").all_inner_texts()) == sorted(currencies)
        assert all(row.is_visible() for row in rows.all())
        assert visible(phone, "marimo-stat") == 0
        legend = phone.locator(".vega-embed svg .role-legend").first.bounding_box()
        axis = phone.locator(".vega-embed svg .role-axis").first.bounding_box()
        assert legend["y"] > axis["y"]  # below the chart, not beside it
        record = phone.locator(TABLE_ROWS).first
        record.scroll_into_view_if_needed()
        assert re.search(r"\d EUR|\d USD|\d JPY", record.inner_text())
        assert record.bounding_box()["width"] <= 390
        assert phone.evaluate("document.getElementById('App').scrollWidth <= window.innerWidth")
    finally:
        phone.close()
