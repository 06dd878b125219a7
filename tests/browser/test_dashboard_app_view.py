"""The dashboard is an app, not a notebook: no notebook furniture, no chart actions menu, light or dark
as the system is set."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import PHONE, DemoServer, new_tab, wait_for_notebook_sign_in
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
    with new_tab(browser, color_scheme=scheme) as tab:
        tab.goto(demo_server.dashboard_url)
        wait_for_notebook_sign_in(tab)
        background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    # "rgb(255, 255, 255)", or "color(srgb 0.09 0.11 0.10)" with channels from 0 to 1
    channels = [float(part) for part in re.findall(r"\d+(?:\.\d+)?", background)[:3]]
    brightness = sum(channels) / (3 if "srgb" in background else 3 * 255)
    assert (brightness < 0.5) == (scheme == "dark"), background


def test_on_a_phone_kpis_are_one_row_per_currency_legends_below_and_records_cards(
    phone: Any, demo_server: DemoServer
) -> None:
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
    assert record.bounding_box()["width"] <= PHONE["width"]
    assert phone.evaluate("document.getElementById('App').scrollWidth <= window.innerWidth")
