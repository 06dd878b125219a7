"""A goal over time: its share of the account at month ends from the API, the paths to the target date, the
text alternative and the chart."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl

from analytics import goal_history
from analytics.client import FinanceClient
from analytics.date_format import DateFormat
from tests.analytics.conftest import Ledger
from tests.analytics.test_goals import goal

TODAY = date(2024, 2, 15)


def test_the_share_saved_at_each_month_end_then_the_needed_and_the_pace_paths(
    finance: FinanceClient, ledger: Ledger
) -> None:
    bike = goal(account_id=ledger.checking, share_percent=50, current=Decimal("1250.00"),
                target=Decimal("3000.00"), target_date=date(2024, 6, 30), months_left=4,
                remaining=Decimal("1750.00"), monthly_pace=Decimal("100.00"))

    history = goal_history.goal_history(finance, bike, TODAY)

    saved = history.filter(pl.col("series") == goal_history.SAVED)
    assert saved.height == 13  # twelve month ends, then today
    # Half of Checking: 1,000.00 opening, 2,654.70 at the end of January, then the API's current share.
    assert saved["amount"].to_list()[-3:] == [Decimal("500.00"), Decimal("1327.35"), Decimal("1250.00")]
    assert saved["date"].to_list()[-3:] == [date(2023, 12, 31), date(2024, 1, 31), TODAY]
    paths = history.filter(pl.col("series") != goal_history.SAVED).rows()
    assert paths == [
        (TODAY, goal_history.NEEDED_PATH, "EUR", Decimal("1250.00")),
        (date(2024, 6, 30), goal_history.NEEDED_PATH, "EUR", Decimal("3000.00")),
        (TODAY, goal_history.PACE_PATH, "EUR", Decimal("1250.00")),
        (date(2024, 6, 30), goal_history.PACE_PATH, "EUR", Decimal("1650.00")),  # 4 months at 100.00
    ]
    assert goal_history.history_sentences(history, bike, DateFormat())[-4:] == [
        "31 Jan 2024: 1,327.35 EUR saved",
        "15 Feb 2024: 1,250.00 EUR saved",
        "Needed to reach it: 3,000.00 EUR by 30 Jun 2024",
        "At the last three months' pace: 1,650.00 EUR by 30 Jun 2024",
    ]
    assert goal_history.history_sentences(history, bike, DateFormat("mdy", "/"))[-1].endswith(
        "by Jun 30, 2024")


def test_a_reached_or_overdue_goal_has_no_paths(finance: FinanceClient, ledger: Ledger) -> None:
    for ended in (goal(account_id=ledger.checking, remaining=Decimal("0.00")),
                  goal(account_id=ledger.checking, target_date=date(2024, 1, 31))):
        history = goal_history.goal_history(finance, ended, TODAY)
        assert set(history["series"]) == {goal_history.SAVED}


def test_the_share_is_rounded_down_to_the_minor_unit_as_the_api_counts_it() -> None:
    assert goal_history.share_of(Decimal("0.05"), 50, "EUR") == Decimal("0.02")
    assert goal_history.share_of(Decimal("-0.05"), 50, "EUR") == Decimal("-0.03")
    assert goal_history.share_of(Decimal("105"), 33, "JPY") == Decimal("34")


def test_the_history_chart_has_the_target_as_a_rule_and_no_vega_editor_link(
    finance: FinanceClient, ledger: Ledger
) -> None:
    bike = goal(account_id=ledger.checking)
    history = goal_history.goal_history(finance, bike, TODAY)
    spec = goal_history.history_chart(history, bike, DateFormat("dmy", ".")).to_dict()

    assert spec["usermeta"] == {"embedOptions": {"actions": False}}
    rule, label, lines = spec["layer"]
    assert (rule["mark"]["type"], lines["mark"]["type"]) == ("rule", "line")
    assert lines["encoding"]["tooltip"][0]["format"] == "%d.%m.%Y"  # days as the browser writes them
    assert spec["datasets"][label["data"]["name"]] == [{"target": 3000.0, "label": "Target 3,000.00 EUR"}]
