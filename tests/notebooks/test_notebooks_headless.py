"""The notebooks run as plain scripts against a live server, signing in from the environment."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.client import RecordFilter
from analytics.periods import quick_range
from tests.notebooks.conftest import LiveLedger

pytestmark = pytest.mark.e2e


def test_dashboard_script_prints_the_totals_of_the_last_twelve_months(live_ledger: LiveLedger) -> None:
    result = live_ledger.run_notebook("dashboard.py")

    assert result.returncode == 0, result.stderr
    date_from, date_to = quick_range("Last 12 months", date.today())
    totals = live_ledger.client.summary(date_from, date_to, parts=("totals",)).totals
    for row in totals.iter_rows(named=True):
        line = f"{row['currency']}: income {row['income']} expense {row['expense']} net {row['net']}"
        assert line in result.stdout
    records = live_ledger.client.execute(
        "query($f: RecordFilter) { records(filter: $f, first: 1) { totalCount } }",
        {"f": RecordFilter(date_from=date_from, date_to=date_to).to_graphql()},
    )["records"]["totalCount"]
    assert records == 16
    assert f"records: {records}" in result.stdout


def test_dashboard_script_fails_with_wrong_credentials(live_ledger: LiveLedger) -> None:
    result = live_ledger.run_notebook("dashboard.py", FINTRACK_PASSWORD="not the password")

    assert result.returncode != 0
    assert "Sign-in failed" in result.stderr


def test_analysis_script_finds_the_subscription_and_the_rent(live_ledger: LiveLedger) -> None:
    result = live_ledger.run_notebook("analysis.py")

    assert result.returncode == 0, result.stderr
    date_from, date_to = quick_range("Last 12 months", date.today())  # the dashboard's default period
    assert f"16 records from {date_from} to {date_to}" in result.stdout
    assert "3 recurring payments, costing about 1,213.99 EUR and 8.50 USD a month." in result.stdout
    assert "Netflix: 13.99 EUR monthly" in result.stdout
