"""The README's recurring records examples run as written (for a user whose first account has id 1)."""

from __future__ import annotations

from tests.accounts.operations import create_account
from tests.e2e.test_readme import FENCE, section


def test_the_recurring_records_examples_run(alice):
    assert create_account(alice)["id"] == "1"
    fences = FENCE.findall(section("Recurring records"))
    blocks = [body for language, _, body in fences if language == "graphql"]
    assert len(blocks) == 2
    for block in blocks:
        alice.ok(block)
