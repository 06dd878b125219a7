"""axe-core over the sign-in form, the Overview and every tab, light and dark: no serious or critical
violation of WCAG 2.1 A and AA (labels, names, contrast). axe is vendored (tests/browser/vendor), never
downloaded at test time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import DemoServer, wait_for_notebook_sign_in
from tests.browser.test_dashboard import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = ("Overview", "Accounts", "Import", "Income statement", "Net worth", "Budgets", "Recurring", "Goals")
SERIOUS_VIOLATIONS = """async tags => (await axe.run(document, {runOnly: {type: "tag", values: tags}}))
  .violations.filter(violation => ["serious", "critical"].includes(violation.impact))
  .flatMap(violation => violation.nodes.map(node =>
    `${violation.id}: ${node.html.slice(0, 120)} (${node.failureSummary.split("\\n")[1]})`))"""
SETTLE_MS = 2500  # a tab's page fetches and draws after it is chosen


def serious_violations(page: Any) -> list[str]:
    """axe's serious and critical findings on the page as it is, one line each."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[str] = page.evaluate(SERIOUS_VIOLATIONS, WCAG_AA)
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation_on_any_page(
    browser: Any, demo_server: DemoServer, scheme: str
) -> None:
    tab = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        tab.goto(demo_server.dashboard_url)
        wait_for_notebook_sign_in(tab)
        found = {"sign-in": serious_violations(tab)}
        sign_in(tab, demo_server)
        for name in PAGES:
            tab.get_by_role("tab", name=name, exact=True).click()
            tab.wait_for_timeout(SETTLE_MS)
            found[name] = serious_violations(tab)

        assert {page: lines for page, lines in found.items() if lines} == {}
    finally:
        tab.close()
