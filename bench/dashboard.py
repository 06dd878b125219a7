"""Target 7: dashboard sign-in to every chart in headless Chromium, 200,000-record user against demo."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bench.context import BenchContext
from bench.dataset import BenchUser
from bench.measure import Ratio, interleaved

CHROMIUM = Path("/usr/bin/chromium")  # Debian's browser; never a downloaded one
CHARTS = ".vega-embed svg.marks"  # cash flow, categories, payees, balances (as tests/browser waits)
CHART_COUNT = 4
TABLE_ROWS = "marimo-table table tbody tr"
TIMEOUT_MS = 300_000
DASHBOARD_HINT = "issue 11 traced it to the dashboard's summaries reading every record of the period"


def sign_in_seconds(browser: Any, url: str, user: BenchUser) -> float:
    """Seconds from pressing "Sign in" on a fresh tab until every chart and the records table show."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{url}/dashboard/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(user.password)
        started = time.perf_counter()
        page.get_by_role("button", name="Sign in").click()
        page.locator(CHARTS).nth(CHART_COUNT - 1).wait_for(timeout=TIMEOUT_MS)
        page.locator(TABLE_ROWS).first.wait_for(timeout=TIMEOUT_MS)
        return time.perf_counter() - started
    finally:
        page.close()


def measure_dashboard(context: BenchContext) -> None:
    """Interleaved sign-ins as the big user and as the demo user."""
    if not CHROMIUM.exists():
        context.results.not_measured["dashboard"] = f"{CHROMIUM} is missing (apt-get install chromium)"
        return
    from playwright.sync_api import sync_playwright

    big, demo = context.manifest.big_user, context.manifest.demo
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            figures = interleaved({
                f"dashboard sign-in to all charts, {big.record_count:,}-record user":
                    lambda: sign_in_seconds(browser, context.api_server.url, big),
                f"dashboard sign-in to all charts, demo user ({demo.record_count:,} records)":
                    lambda: sign_in_seconds(browser, context.api_server.url, demo),
            }, context.size.runs)
        finally:
            browser.close()
    big_figure, demo_figure = figures.values()
    context.results.add(big_figure, demo_figure)
    context.results.compare(Ratio("7", "dashboard: big user / demo user", big_figure, demo_figure, 1.5),
                            DASHBOARD_HINT)
