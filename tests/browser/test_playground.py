"""The GraphiQL playground and the dashboard's link to it, in a browser that may not leave the machine."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from tests.e2e.conftest import RunningServer, serving

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

QUERY = "{ __typename }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A plain `fintrack serve` (the dashboard on, as by default)."""
    with serving(tmp_path_factory.mktemp("playground")) as running:
        yield running


@pytest.fixture
def offline_page(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A page whose requests to any host but 127.0.0.1 fail, and the list of those it tried."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    attempts: list[str] = []

    def only_this_machine(route: Any) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            attempts.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_machine)
    yield context.new_page(), attempts
    context.close()


def test_playground_runs_a_query_without_internet(offline_page, server):
    page, attempts = offline_page
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)

    page.goto(f"{server.url}/graphql?q={quote(QUERY)}")
    page.locator(".graphiql-container .graphiql-query-editor").wait_for(timeout=30_000)
    page.locator(".graphiql-execute-button").click()
    response = page.locator(".graphiql-response")
    response.get_by_text('"Query"').wait_for(timeout=30_000)

    assert '"__typename": "Query"' in response.inner_text()
    assert attempts == []
    assert problems == []


def test_root_opens_the_dashboard_which_links_to_the_playground(offline_page, server):
    page, attempts = offline_page
    page.goto(f"{server.url}/")
    assert page.url == f"{server.url}/dashboard/"
    link = page.get_by_role("link", name="GraphQL playground")
    link.wait_for(timeout=60_000)
    with page.context.expect_page() as opened:
        link.click()
    playground = opened.value
    playground.locator(".graphiql-query-editor").wait_for(timeout=30_000)
    assert playground.url.split("?")[0] == f"{server.url}/graphql"
    assert attempts == []
