"""The notebooks outside the API's server, as the README runs them: the dashboard on its own with
`marimo run` (for an API with several workers), the analysis notebook with `marimo edit`."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import REPOSITORY, DemoServer
from tests.browser.test_dashboard import expected_cards, last_twelve_months, shown_cards, sign_in
from tests.e2e.conftest import free_port

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

MARIMO = Path(sys.executable).parent / "marimo"
ANALYSIS = REPOSITORY / "notebooks" / "analysis.py"  # absolute: see marimo()
STARTUP_TIMEOUT_SECONDS = 60
RUN_ALL = "button.mo-button[data-testid=run-button]"  # the editor's round ▶ at the bottom right
OUTPUT = ".output-area"  # what cells show (their code contains the same words)


@contextlib.contextmanager
def marimo(tmp_path: Path, *args: str, **environment: str) -> Iterator[str]:
    """`marimo ARGS --headless --port P` from the repository root; yields its URL once it answers.

    marimo's own files go under tmp_path, not next to the notebook: with PYTHONPYCACHEPREFIX set and an
    absolute notebook path, `marimo edit` keeps its session cache there (the last outputs, written every
    2 s and shown on the next open before anything runs). In notebooks/__marimo__ it outlived the run: a
    cache holding the sign-in form made the next run's ▶ find "Sign in to load your data." at once, the
    password went into that stale form, the kernel then drew an empty one, and that run left the same
    cache behind for every later one.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "marimo.log"
    own_files = {"PYTHONPYCACHEPREFIX": str(tmp_path / "marimo-files")}
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # the marimo installed next to this interpreter, arguments from the test
            [str(MARIMO), *args, "--headless", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, **own_files, **environment}, cwd=REPOSITORY,
        )
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
            while not answers(url):
                assert process.poll() is None and time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.3)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)


def answers(url: str) -> bool:
    """Whether the server at url answers HTTP yet."""
    with contextlib.suppress(httpx.TransportError):
        return httpx.get(url, timeout=2).status_code == 200
    return False


def run_all_cells(page: Any) -> None:
    """Press ▶ (marimo edit opens a notebook without running it) until the sign-in form shows: a click
    before the kernel has connected does nothing."""
    form = page.locator(OUTPUT, has_text="Sign in to load your data.")
    for _ in range(10):
        page.locator(RUN_ALL).click()
        with contextlib.suppress(PlaywrightTimeoutError):
            form.wait_for(timeout=5_000)
            return
    form.wait_for()


def test_dashboard_runs_on_its_own_against_the_api_url(
    browser: Any, demo_server: DemoServer, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with marimo(tmp_path, "run", "notebooks/dashboard.py", FINTRACK_API_URL=demo_server.server.url) as url:
        sign_in(page, demo_server, url)

        assert shown_cards(page) == expected_cards(demo_server.client(), last_twelve_months())
    page.close()


def test_analysis_notebook_opens_in_marimo_edit_and_finds_recurring_payments(
    browser: Any, demo_server: DemoServer, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    environment = {"FINTRACK_API_URL": demo_server.server.url, "FINTRACK_EMAIL": demo_server.email}
    with marimo(tmp_path, "edit", "--no-token", str(ANALYSIS), **environment) as url:
        page.goto(url)
        run_all_cells(page)
        page.get_by_label("Password").fill(demo_server.password)
        page.get_by_role("button", name="Sign in").click()

        found = page.locator(OUTPUT, has_text="recurring payments, costing about")
        found.wait_for(timeout=60_000)
        assert "EUR" in found.inner_text()
        assert page.locator(".marimo-cell.has-error").count() == 0
    page.close()
    assert list((tmp_path / "marimo-files").rglob("__marimo__/session/analysis.py.json")), (
        "marimo edit kept its session cache somewhere else than under tmp_path"
    )
