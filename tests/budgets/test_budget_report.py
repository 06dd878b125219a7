"""budgetReport: month edges, refunds, sub-categories, defaults, rollover chains, the pace and leap years."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.accounts.operations import create_account
from tests.accounts.query_counter import counted_queries
from tests.budgets.operations import BUDGET_REPORT, figures_of, report_at, set_budget, spend
from tests.records.operations import category_id


@pytest.fixture
def checking(alice):
    return create_account(alice, "Checking")


def test_the_first_and_last_day_belong_to_the_month_and_no_others(alice, settings, checking):
    food = category_id(alice, "Food")
    set_budget(alice, food, "100.00", "2026-03-01")
    spend(alice, checking, food, ("2026-02-28", "1.00"), ("2026-03-01", "10.00"), ("2026-03-31", "20.00"),
          ("2026-04-01", "2.00"))
    figures = figures_of(report_at(settings, alice, date(2026, 3, 17), date(2026, 5, 1)), food)
    assert (figures["spent"], figures["remaining"], figures["percent"]) == (30, 70, Decimal("30.0"))


def test_refunds_net_inside_a_budget(alice, settings, checking):
    groceries = category_id(alice, "Food / Groceries")
    set_budget(alice, groceries, "100.00", "2026-03-01")
    spend(alice, checking, groceries, ("2026-03-02", "80.00"), ("2026-03-05", "-30.00"))
    report = report_at(settings, alice, date(2026, 3, 1), date(2026, 4, 2))
    assert figures_of(report, groceries)["spent"] == 50


def test_sub_categories_roll_up_into_the_parent_and_count_once_in_the_total(alice, settings, checking):
    food, groceries = category_id(alice, "Food"), category_id(alice, "Food / Groceries")
    restaurants = category_id(alice, "Food / Restaurants")
    set_budget(alice, food, "300.00", "2026-03-01")
    set_budget(alice, groceries, "200.00", "2026-03-01")
    spend(alice, checking, groceries, ("2026-03-03", "150.00"))
    spend(alice, checking, restaurants, ("2026-03-04", "80.00"))
    report = report_at(settings, alice, date(2026, 3, 1), date(2026, 4, 1))
    assert figures_of(report, food)["spent"] == 230 and figures_of(report, food)["counted"]
    assert figures_of(report, groceries)["spent"] == 150 and not figures_of(report, groceries)["counted"]
    [total] = report.totals
    assert (total.figures.budgeted_minor, total.figures.spent_minor) == (30000, 23000)


def test_only_the_budgets_currency_counts(alice, settings, checking):
    food = category_id(alice, "Food")
    dollars = create_account(alice, "Dollars", currency="USD")
    set_budget(alice, food, "50.00", "2026-03-01", currency="USD")
    spend(alice, checking, food, ("2026-03-03", "40.00"))
    spend(alice, dollars, food, ("2026-03-03", "7.00"))
    report = report_at(settings, alice, date(2026, 3, 1), date(2026, 4, 1))
    assert figures_of(report, food, "USD")["spent"] == 7
    assert [total.currency for total in report.totals] == ["USD"]


def test_a_default_repeats_until_a_later_one_and_a_single_month_wins(alice, settings):
    food = category_id(alice, "Food")
    set_budget(alice, food, "100.00", "2026-01-01")
    set_budget(alice, food, "150.00", "2026-04-01")
    set_budget(alice, food, "500.00", "2026-06-01", repeats=False)
    budgeted = {}
    for month in (1, 3, 4, 6, 7, 12):
        report = report_at(settings, alice, date(2026, month, 1), date(2026, 1, 1))
        budgeted[month] = figures_of(report, food)["budgeted"]
    assert budgeted == {1: 100, 3: 100, 4: 150, 6: 500, 7: 150, 12: 150}
    assert report_at(settings, alice, date(2025, 12, 1), date(2026, 1, 1)).lines == []


def test_a_rollover_chain_over_a_year_carries_leftovers_and_overspending(alice, settings, checking):
    food, transport = category_id(alice, "Food"), category_id(alice, "Transport")
    set_budget(alice, food, "100.00", "2025-01-01", rollover="CARRY")
    set_budget(alice, transport, "100.00", "2025-01-01")  # NONE: every month starts afresh
    monthly = [60, 100, 180, 0, 120, 90, 100, 250, 10, 40, 195, 130]  # overspent in five months
    spend(alice, checking, food, *[(f"2025-{month:02d}-15", f"{amount}.00")
                                   for month, amount in enumerate(monthly, start=1) if amount])
    spend(alice, checking, transport, ("2025-12-10", "130.00"))
    carried = 0
    for amount in monthly:
        carried += 100 - amount
    report = report_at(settings, alice, date(2026, 1, 1), date(2026, 1, 20))
    assert figures_of(report, food)["carried"] == carried == -75
    assert figures_of(report, food)["remaining"] == 25
    assert figures_of(report, transport)["carried"] == 0
    march = figures_of(report_at(settings, alice, date(2025, 3, 1), date(2026, 1, 20)), food)
    assert (march["carried"], march["remaining"]) == (40, -40)  # 40 left from Jan-Feb, then 180 spent


def test_a_month_without_a_budget_breaks_the_chain(alice, settings, checking):
    food = category_id(alice, "Food")
    set_budget(alice, food, "100.00", "2026-01-01", repeats=False, rollover="CARRY")
    set_budget(alice, food, "100.00", "2026-03-01", repeats=False, rollover="CARRY")
    report = report_at(settings, alice, date(2026, 3, 1), date(2026, 3, 1))
    assert figures_of(report, food)["carried"] == 0
    assert report_at(settings, alice, date(2026, 2, 1), date(2026, 3, 1)).lines == []


def test_the_pace_projects_this_month_and_uses_actuals_and_zero_elsewhere(alice, settings, checking):
    food = category_id(alice, "Food")
    set_budget(alice, food, "100.00", "2026-02-01")
    spend(alice, checking, food, ("2026-02-10", "90.00"), ("2026-03-02", "50.00"), ("2026-04-03", "5.00"))
    this_month = report_at(settings, alice, date(2026, 3, 1), date(2026, 3, 10))
    assert (this_month.pace.days_elapsed, this_month.pace.days_in_month) == (10, 31)
    figures = figures_of(this_month, food)
    assert (figures["projected"], figures["overspend"]) == (155, True)  # 50 / 10 days x 31
    past = figures_of(report_at(settings, alice, date(2026, 2, 1), date(2026, 3, 10)), food)
    assert (past["projected"], past["overspend"]) == (90, False)
    future = figures_of(report_at(settings, alice, date(2026, 4, 1), date(2026, 3, 10)), food)
    assert (future["spent"], future["projected"]) == (0, 0)  # a future-dated record is not spent yet


def test_february_of_a_leap_year_has_29_days(alice, settings, checking):
    food = category_id(alice, "Food")
    set_budget(alice, food, "60.00", "2028-02-01")
    spend(alice, checking, food, ("2028-02-14", "29.00"), ("2028-02-29", "1.00"), ("2028-03-01", "9.00"))
    mid_month = report_at(settings, alice, date(2028, 2, 1), date(2028, 2, 14))
    assert mid_month.pace.days_in_month == 29
    assert figures_of(mid_month, food)["projected"] == Decimal("62.14")  # 30 / 14 x 29
    last_day = report_at(settings, alice, date(2028, 2, 29), date(2028, 2, 29))
    assert last_day.pace.days_elapsed == 29 and figures_of(last_day, food)["spent"] == 30


def test_the_api_report_lists_overspending_and_totals(alice, checking):
    food = category_id(alice, "Food")
    set_budget(alice, food, "10.00", "2020-01-01")
    spend(alice, checking, food, ("2020-01-05", "25.00"))
    report = alice.ok(BUDGET_REPORT, {"month": "2020-01-31"})["budgetReport"]
    assert (report["month"], report["daysInMonth"], report["daysElapsed"]) == ("2020-01-01", 31, 31)
    [line] = report["lines"]
    assert line["figures"] == {
        "budgeted": "10.00", "carriedOver": "0.00", "available": "10.00", "spent": "25.00",
        "remaining": "-15.00", "percentUsed": "250.0", "projected": "25.00", "projectedOverspend": True,
    }
    assert report["overspending"] == [{"budget": {"categoryId": food}}]
    assert report["totals"] == [{"currency": "EUR", "figures": line["figures"]}]


def test_a_month_whose_budget_does_not_carry_passes_nothing_on(alice, settings, checking):
    food = category_id(alice, "Food")
    set_budget(alice, food, "100.00", "2026-01-01", rollover="CARRY")
    set_budget(alice, food, "100.00", "2026-02-01", repeats=False)  # NONE, between carrying months
    spend(alice, checking, food, ("2026-01-15", "10.00"), ("2026-02-15", "20.00"), ("2026-03-15", "30.00"))
    report = report_at(settings, alice, date(2026, 4, 1), date(2026, 4, 1))
    assert figures_of(report, food)["carried"] == 70  # March's leftover only: February kept its own


def test_chains_starting_in_different_months_each_carry_their_own_run(alice, settings, checking):
    food, groceries = category_id(alice, "Food"), category_id(alice, "Food / Groceries")
    transport = category_id(alice, "Transport")
    set_budget(alice, food, "100.00", "2026-01-01", rollover="CARRY")
    set_budget(alice, groceries, "30.00", "2026-02-01", rollover="CARRY")
    set_budget(alice, transport, "50.00", "2026-03-01", rollover="CARRY")
    spend(alice, checking, food, ("2026-01-10", "60.00"), ("2026-02-10", "20.00"))
    spend(alice, checking, groceries, ("2026-02-11", "10.00"), ("2026-03-11", "40.00"),
          ("2026-04-11", "5.00"), ("2026-05-02", "7.00"), ("2026-06-02", "1000.00"))
    spend(alice, checking, transport, ("2026-02-12", "999.00"), ("2026-03-12", "20.00"),
          ("2026-04-12", "70.00"))
    may = report_at(settings, alice, date(2026, 5, 1), date(2026, 5, 10))
    assert figures_of(may, food)["carried"] == 400 - (60 + 20 + 10 + 40 + 5)  # its sub-category spends in it
    assert figures_of(may, groceries)["carried"] == 90 - (10 + 40 + 5)
    assert figures_of(may, transport)["carried"] == 100 - (20 + 70)  # February was before its chain
    assert figures_of(may, food)["spent"] == figures_of(may, groceries)["spent"] == 7
    # Months after today's (June, dated ahead) have spent nothing yet, inside a run as well.
    july = report_at(settings, alice, date(2026, 7, 1), date(2026, 5, 10))
    assert figures_of(july, food)["carried"] == 600 - (135 + 7)


def test_the_report_reads_the_tree_with_the_budgets_then_the_roll_ups(alice, checking):
    """Two statements besides signing in: categories and budget rows together, then the roll-ups."""
    food, groceries = category_id(alice, "Food"), category_id(alice, "Food / Groceries")
    set_budget(alice, food, "300.00", "2026-01-01", rollover="CARRY")
    set_budget(alice, groceries, "120.00", "2026-02-01", repeats=False)
    spend(alice, checking, groceries, ("2026-01-10", "50.00"), ("2026-02-03", "40.00"))
    alice.ok(BUDGET_REPORT, {"month": "2026-02-01"})  # the due-records check and the counts, once
    with counted_queries(alice.client) as statements:
        report = alice.ok(BUDGET_REPORT, {"month": "2026-02-01"})["budgetReport"]
    reads = [statement for statement in statements
             if "budgets" in statement or "monthly_rollups" in statement]
    assert len(reads) == 2 and "categories" in reads[0] and "monthly_rollups" in reads[1]
    assert not [statement for statement in statements if "categories" in statement and statement not in reads]
    lines = {(line["budget"]["categoryId"], line["currency"]): line for line in report["lines"]}
    assert lines[(food, "EUR")]["figures"]["carriedOver"] == "250.00"  # 300 budgeted, 50 spent in January
    assert lines[(groceries, "EUR")]["figures"]["spent"] == "40.00"
