"""A server with the demo data and headless Chromium (Debian's, never a downloaded one) to drive it."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from analytics.client import FinanceClient
from tests.e2e.conftest import RunningServer, fintrack_environment, free_port, run_fintrack, wait_until_ready

CHROMIUM = Path("/usr/bin/chromium")
REPOSITORY = Path(__file__).resolve().parents[2]
APP_FACTORY = "tests.browser.dashboard_server:create_app_showing_tracebacks"
UNCAPPED_DASHBOARD = {"DASHBOARD_MAX_SESSIONS": "100", "DASHBOARD_MAX_SESSIONS_PER_ADDRESS": "100"}
UNCAPPED_SIGN_INS = {  # many tests register and sign in users of their own, all from one address
    "REGISTRATIONS_PER_ADDRESS_PER_HOUR": "1000", "REGISTRATIONS_GLOBAL_PER_HOUR": "1000",
    "LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE": "1000", "LOGIN_ATTEMPTS_GLOBAL_PER_MINUTE": "1000",
}
SHOWN_TEXT_CHARACTERS = 6_000
SHOWN_TEXT_SCRIPT = """() => {
  const parts = [];
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) parts.push(child.textContent);
      if (child.nodeType !== Node.ELEMENT_NODE || ["SCRIPT", "STYLE"].includes(child.tagName)) continue;
      if (child.shadowRoot) walk(child.shadowRoot);
      if (["INPUT", "SELECT", "TEXTAREA"].includes(child.tagName)) parts.push(`[${child.value}]`);
      walk(child);
    }
  };
  walk(document.body);
  return parts.join(" ").replace(/\\s+/g, " ");
}"""
PASSWORD = "correct horse battery"  # of every user a test registers
LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
REGISTER = "mutation($e: String!, $p: String!) { register(email: $e, password: $p) { __typename } }"
CREATE_ACCOUNT = "mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }"


def require_chromium() -> None:
    """Skip without Debian's chromium on a developer machine; in CI (CI set) its absence is a failure."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: apt-get install chromium"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@dataclass(frozen=True)
class DemoServer:
    """A running server holding the demo user's data, and that user's credentials."""

    server: RunningServer
    email: str
    password: str

    @property
    def dashboard_url(self) -> str:
        """The address people type (the server redirects to the page, which ends with a slash)."""
        return f"{self.server.url}/dashboard"

    def client(self) -> FinanceClient:
        """An API client signed in as the demo user, to compute what the dashboard must show."""
        client = FinanceClient(self.server.url)
        client.login(self.email, self.password)
        return client


@contextlib.contextmanager
def serving_with_tracebacks(directory: Path, factory: str = APP_FACTORY) -> Iterator[RunningServer]:
    """The app `fintrack serve` runs, with tracebacks (or another uvicorn `factory`), on a free port over
    `directory`/data (already migrated); stopped afterwards."""
    port = free_port()
    log_path = directory / "server.log"
    with log_path.open("wb") as log:
        command = [sys.executable, "-m", "uvicorn", "--factory", factory, "--port", str(port)]
        # Every test opens tabs from this one address faster than closed ones linger out of the caps.
        environment = fintrack_environment(directory / "data") | UNCAPPED_DASHBOARD | UNCAPPED_SIGN_INS
        process = subprocess.Popen(  # uvicorn of this interpreter on the repository's own test factory
            command, stdout=log, stderr=subprocess.STDOUT, env=environment, cwd=REPOSITORY,
        )
        server = RunningServer(url=f"http://127.0.0.1:{port}", log_path=log_path, process=process)
        try:
            wait_until_ready(server)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # open dashboard sessions must not keep the server alive
                process.kill()
                pytest.fail(f"the server did not stop within 30 s:\n{server.output()}")


@contextlib.contextmanager
def serving_after(
    tmp_path_factory: pytest.TempPathFactory, name: str, command: str, factory: str = APP_FACTORY,
) -> Iterator[tuple[RunningServer, str]]:
    """`fintrack <command>` (demo, migrate) on a fresh data folder, then the server over it, with
    tracebacks; the server and what the command printed."""
    require_chromium()
    directory = tmp_path_factory.mktemp(name)
    prepared = run_fintrack(directory / "data", command)
    assert prepared.returncode == 0, prepared.stderr
    with serving_with_tracebacks(directory, factory) as server:
        yield server, prepared.stdout


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """`fintrack demo`, then the server on a free port (the app `fintrack serve` runs, with tracebacks)."""
    with serving_after(tmp_path_factory, "dashboard", "demo") as (server, printed):
        email = re.search(r"email: +(\S+)", printed).group(1)  # type: ignore[union-attr]
        password = re.search(r"password: +(\S+)", printed).group(1)  # type: ignore[union-attr]
        yield DemoServer(server=server, email=email, password=password)


@contextlib.contextmanager
def headless_chromium() -> Iterator[Any]:
    """Headless Chromium from Debian's package, closed (with Playwright's event loop) on the way out.

    Playwright's sync API runs an event loop in the main thread while it is open: kept for the whole
    session, it made every later `asyncio.run` (and any other Playwright user) fail. So each user
    holds it no longer than its own package or module.
    """
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """Chromium for this package's tests."""
    with headless_chromium() as chromium:
        yield chromium


@contextlib.contextmanager
def new_tab(browser: Any, viewport: dict[str, int] = LAPTOP, **options: Any) -> Iterator[Any]:
    """A fresh tab (a new dashboard session, signed out), closed afterwards; `options` as Playwright's
    `new_page` takes them (color_scheme, locale, …)."""
    tab = browser.new_page(viewport=viewport, **options)
    try:
        yield tab
    except BaseException:
        print(what_the_tab_shows(tab))
        raise
    finally:
        tab.close()


def what_the_tab_shows(tab: Any) -> str:
    """The tab's text, shadow roots (marimo's forms and callouts) and typed values included, for a failed
    test's report: a wait that timed out in CI then says what was on screen."""
    try:
        text = tab.evaluate(SHOWN_TEXT_SCRIPT)
    except Exception as error:  # a crashed or closed tab: say so instead of hiding the test's own failure
        return f"--- {tab.url} could not be read: {error}"
    return f"--- what {tab.url} showed (its last {SHOWN_TEXT_CHARACTERS} characters):\n" \
           f"{text[-SHOWN_TEXT_CHARACTERS:]}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    """A failed test's report shows what its `page` or `phone` tab showed (tabs a test opens with
    `new_tab` print it themselves)."""
    report = yield
    if report.when == "call" and report.failed:
        for name in ("page", "phone"):
            tab = getattr(item, "funcargs", {}).get(name)
            if tab is not None:
                report.sections.append((f"the {name} tab", what_the_tab_shows(tab)))
    return report


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh tab on a laptop-sized screen."""
    with new_tab(browser) as tab:
        yield tab


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A fresh tab on a phone-sized screen."""
    with new_tab(browser, PHONE) as tab:
        yield tab


def register(client: FinanceClient, prefix: str) -> str:
    """Register a user of their own ("prefix-…@example.com", PASSWORD), so their writes disturb no other
    test, and sign the client in as them; their email."""
    email = f"{prefix}-{uuid.uuid4().hex[:12]}@example.com"
    client.execute(REGISTER, {"e": email, "p": PASSWORD})
    client.login(email, PASSWORD)
    return email


@dataclass(frozen=True)
class User:
    """A user of a test's own (see `register`) and an API client signed in as them."""

    email: str
    client: FinanceClient


@contextlib.contextmanager
def user_of_their_own(server_url: str, prefix: str) -> Iterator[User]:
    """A freshly registered user and their signed-in client, closed afterwards."""
    with FinanceClient(server_url) as client:
        yield User(email=register(client, prefix), client=client)


def new_user(server_url: str, prefix: str) -> str:
    """A user of their own with nothing yet; their email."""
    with user_of_their_own(server_url, prefix) as user:
        return user.email


def create_account(client: FinanceClient, **fields: str) -> int:
    """An account of the signed-in user from CreateAccountInput's fields (name, type, currency, …); its id."""
    return int(client.execute(CREATE_ACCOUNT, {"input": fields})["createAccount"]["id"])


def wait_for_notebook_sign_in(page: Any) -> None:
    """Wait for the notebook's own sign-in form (with its choice to create an account), which replaces
    the form the page shows at once (api.dashboard_sign_in_shell): what the tests type goes there."""
    page.get_by_text("Create an account", exact=True).wait_for(timeout=60_000)


def fill_sign_in(page: Any, dashboard_url: str, email: str, password: str = PASSWORD) -> None:
    """Open the dashboard and type the email and password into its sign-in form."""
    page.goto(dashboard_url)
    wait_for_notebook_sign_in(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)


def sign_in_as(page: Any, dashboard_url: str, email: str) -> None:
    """Open the dashboard and sign in with the email (and PASSWORD)."""
    fill_sign_in(page, dashboard_url, email)
    page.get_by_role("button", name="Sign in").click()


def open_tab(page: Any, dashboard_url: str, email: str, tab: str) -> None:
    """Sign in with the email (and PASSWORD), switch to a tab of the dashboard and wait for its heading."""
    sign_in_as(page, dashboard_url, email)
    page.get_by_role("tab", name=tab).click(timeout=60_000)
    page.get_by_role("heading", name=tab).first.wait_for(timeout=60_000)
