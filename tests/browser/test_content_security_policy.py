"""The pages' Content-Security-Policy in Chromium: the dashboard works under it, and no site can frame
the dashboard or the playground."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import DemoServer
from tests.browser.test_dashboard import CHARTS, assert_no_error_cells, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

REFUSED_WITHIN_SECONDS = 10


@pytest.fixture
def watched_page(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A fresh tab, and every Content-Security-Policy complaint the browser logs in it."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    complaints: list[str] = []
    page.on("console", lambda message: complaints.append(message.text)
            if "Content Security Policy" in message.text or "X-Frame-Options" in message.text else None)
    yield page, complaints
    page.close()


def test_the_dashboard_signs_in_and_draws_every_chart_under_its_policy(watched_page, demo_server: DemoServer):
    page, complaints = watched_page
    response = page.goto(demo_server.dashboard_url)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    sign_in(page, demo_server)
    assert page.locator(CHARTS).count() >= 1
    assert_no_error_cells(page)
    assert complaints == []


@pytest.mark.parametrize("path", ["/dashboard/", "/graphql"])
def test_another_site_cannot_frame_the_page(watched_page, demo_server: DemoServer, path: str):
    page, complaints = watched_page
    page.set_content(f'<iframe src="{demo_server.server.url}{path}" width="800" height="600"></iframe>')
    deadline = time.monotonic() + REFUSED_WITHIN_SECONDS
    while not any("frame-ancestors" in complaint for complaint in complaints):
        assert time.monotonic() < deadline, f"the page was framed; the browser said {complaints}"
        page.wait_for_timeout(100)
    [framed] = [frame for frame in page.frames if frame is not page.main_frame]
    assert not framed.url.startswith(demo_server.server.url)  # the browser put an error page there
