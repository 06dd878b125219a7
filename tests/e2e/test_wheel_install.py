"""The dashboard works from a wheel installed in a fresh virtual environment, not only from a checkout.

Resolving every dependency from an index takes about two minutes, so the fresh environment gets the
wheel alone (`--no-deps`) and sees this environment's packages through a .pth file. A .pth only adds
a directory to sys.path: the .pth files inside it, among them the finder of this checkout's editable
install, are not run, so `api` comes from the wheel (a test checks it).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.conftest import headless_chromium, wait_for_notebook_sign_in
from tests.e2e.conftest import HttpGraphQL, RunningServer, serving

pytestmark = pytest.mark.e2e

REPOSITORY = Path(__file__).resolve().parents[2]
# What a source tree copied for building leaves out: environments, build output, local data.
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "data", "build", "dist", "*.egg-info", "__pycache__",
                                    "__marimo__", ".pytest_cache")
BUILD_TIMEOUT_SECONDS = 300
REGISTER = "mutation($e: String!, $p: String!) { register(email: $e, password: $p) { accessToken } }"


@dataclass(frozen=True)
class Installation:
    """A fresh virtual environment with the wheel installed."""

    directory: Path

    def executable(self, name: str) -> Path:
        """A script of the environment (python, fintrack)."""
        return self.directory / "bin" / name


def build_wheel(directory: Path) -> Path:
    """The wheel `pip wheel` builds from a copy of the repository (building leaves files behind)."""
    source = directory / "source"
    shutil.copytree(REPOSITORY, source, ignore=NOT_SOURCE)
    subprocess.run(  # this interpreter's pip on a copy of our own repository
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(directory / "dist"),
         str(source)], check=True, timeout=BUILD_TIMEOUT_SECONDS,
    )
    [wheel] = (directory / "dist").glob("fintrack-*.whl")
    return wheel


def install(wheel: Path, directory: Path) -> Installation:
    """A new virtual environment with the wheel, and this environment's packages for its dependencies."""
    venv.create(directory, with_pip=True)
    installation = Installation(directory)
    python = installation.executable("python")
    site_packages = subprocess.run(  # the new environment's own interpreter, asked where it installs
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    Path(site_packages, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(  # the new environment's pip installing the wheel built above
        [str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)],
        check=True, timeout=BUILD_TIMEOUT_SECONDS,
    )
    return installation


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> Installation:
    """fintrack built as a wheel and installed into a fresh virtual environment."""
    directory = tmp_path_factory.mktemp("wheel")
    return install(build_wheel(directory), directory / "venv")


@pytest.fixture(scope="module")
def installed_server(installation: Installation, tmp_path_factory: pytest.TempPathFactory,
                     ) -> Iterator[RunningServer]:
    """`fintrack serve` of the installation, run in an empty directory."""
    with serving(tmp_path_factory.mktemp("installed"), settings={"PYTHONPATH": ""},
                 executable=installation.executable("fintrack")) as server:
        yield server


def test_the_installation_runs_the_wheel_not_the_checkout(installation: Installation):
    where = subprocess.run(  # the installation's interpreter locating the api package it imports
        [str(installation.executable("python")), "-c", "import api; print(api.__file__)"],
        check=True, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}, cwd=installation.directory,
    ).stdout
    assert Path(where).is_relative_to(installation.directory)


def test_installed_server_serves_the_dashboard(installed_server: RunningServer):
    output = installed_server.output()
    assert f"Dashboard:                  {installed_server.url}/dashboard/" in output
    assert "Dashboard unavailable" not in output
    home = httpx.get(f"{installed_server.url}/", follow_redirects=True, timeout=60)
    assert home.status_code == 200
    assert str(home.url) == f"{installed_server.url}/dashboard/"
    assert "<title>Finance Tracker</title>" in home.text


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for this module only (see headless_chromium)."""
    with headless_chromium() as chromium:
        yield chromium


@pytest.mark.browser
def test_installed_dashboard_signs_in(browser: Any, installed_server: RunningServer):
    email, password = "wheel@example.com", "correct horse battery"
    HttpGraphQL(installed_server.url).ok(REGISTER, {"e": email, "p": password})
    page = browser.new_page()
    page.goto(f"{installed_server.url}/")
    wait_for_notebook_sign_in(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(email).wait_for(timeout=60_000)  # the signed-in header names the user
    # The pages that are notebooks of their own (notebooks/dashboard_*.py) came with the wheel too.
    page.get_by_role("tab", name="Accounts").click()
    page.get_by_text("Three steps to get started").wait_for(timeout=60_000)
    page.close()
