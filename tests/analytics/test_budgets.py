"""analytics.budgets and analytics.budget_charts against the real app: the month's report as frames,
setting, changing and deleting budgets with plain errors, and the sentences and pictures of the page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
import pytest

from analytics import budget_charts, budgets
from analytics.budgets import BudgetInputError
from analytics.client import FinanceClient
from analytics.page_memory import page_memory
from tests.analytics.conftest import Ledger
from tests.notebooks.conftest import LiveLedger, live_ledger  # noqa: F401 (a fixture: the page alone)

JANUARY, FEBRUARY, MARCH = date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)


def set_food(finance: FinanceClient, ledger: Ledger, amount: str, month: date = JANUARY,
             **choices: Any) -> dict[str, Any]:
    """A budget for Food (which holds Groceries) in EUR."""
    return budgets.set_budget(finance, category_id=ledger.category_ids["Food"], currency="EUR", month=month,
                              amount=amount, **choices)


def line(report: budgets.BudgetReport, category: str) -> dict[str, Any]:
    """The report's line of one category."""
    rows = report.lines.filter(pl.col("category") == category).to_dicts()
    assert len(rows) == 1, report.lines
    return rows[0]


def test_report_of_a_past_month_carries_over_what_was_left(finance: FinanceClient, ledger: Ledger) -> None:
    set_food(finance, ledger, "100", rollover="CARRY")

    report = budgets.budget_report(finance, date(2024, 2, 17))

    assert (report.month, report.days_in_month, report.days_elapsed) == (FEBRUARY, 29, 29)
    food = line(report, "Food")
    assert food["budgeted"] == Decimal("100.00")
    assert food["carried_over"] == Decimal("54.70")  # January: 100.00 - 45.30 of groceries
    assert food["available"] == Decimal("154.70")
    assert food["spent"] == Decimal("54.70")
    assert food["remaining"] == Decimal("100.00")
    assert food["projected"] == food["spent"]  # a month that is over projects what was spent
    assert report.totals.to_dicts()[0]["currency"] == "EUR"
    assert report.overspending.is_empty()
    assert budgets.month_progress(report) == "This month is over: the figures are final."
    assert budgets.on_track_sentence(report) == "No budget was overspent in February 2024."


def test_sub_categories_roll_up_and_count_once_in_the_total(finance: FinanceClient, ledger: Ledger) -> None:
    set_food(finance, ledger, "100")
    budgets.set_budget(finance, category_id=ledger.category_ids["Groceries"], currency="EUR", month=JANUARY,
                       amount="40")

    report = budgets.budget_report(finance, JANUARY)

    groceries = line(report, "Food / Groceries")
    assert groceries["spent"] == line(report, "Food")["spent"] == Decimal("45.30")
    assert groceries["counted_in_total"] is False
    total = report.totals.row(0, named=True)
    assert (total["budgeted"], total["spent"]) == (Decimal("100.00"), Decimal("45.30"))
    assert report.overspending["category"].to_list() == ["Food / Groceries"]


def test_a_refund_nets_against_the_spending(finance: FinanceClient, ledger: Ledger) -> None:
    set_food(finance, ledger, "100")
    finance.create_record(
        account_id=ledger.checking, kind="expense", amount=Decimal("-5.30"), date=date(2024, 1, 20),
        category_id=ledger.category_ids["Groceries"], payee="Grocer",
    )

    assert line(budgets.budget_report(finance, JANUARY), "Food")["spent"] == Decimal("40.00")


def test_refunds_above_the_spending_read_as_refunds(finance: FinanceClient, ledger: Ledger) -> None:
    set_food(finance, ledger, "100")
    finance.create_record(
        account_id=ledger.checking, kind="expense", amount=Decimal("-60.00"), date=date(2024, 1, 21),
        category_id=ledger.category_ids["Food"], payee="Grocer",
    )
    food = line(budgets.budget_report(finance, JANUARY), "Food")

    assert budgets.line_sentence(food) == "14.70 EUR more refunded than spent of 100.00 EUR · 114.70 EUR left"
    assert "aria-valuenow='0'" in budget_charts.progress_bar(food)


def test_a_one_month_budget_overrides_the_default_for_that_month_only(
    finance: FinanceClient, ledger: Ledger
) -> None:
    set_food(finance, ledger, "100")
    set_food(finance, ledger, "20", month=FEBRUARY, repeats=False)

    february, march = (budgets.budget_report(finance, month) for month in (FEBRUARY, MARCH))

    assert line(february, "Food")["budgeted"] == Decimal("20.00")
    assert line(march, "Food")["budgeted"] == Decimal("100.00")
    assert budgets.budget_terms(line(february, "Food"), FEBRUARY) == (
        "February 2024 only · nothing carries over")
    assert budgets.budget_terms(line(march, "Food"), MARCH).startswith("Every month since January 2024")
    assert budgets.budget_rows_markdown(budgets.budgets(finance)).splitlines()[2:] == [
        "| Food | From January 2024 | 100.00 EUR | Nothing carries over |",
        "| Food | February 2024 only | 20.00 EUR | Nothing carries over |",
    ]


def test_overspending_is_listed_with_a_sentence(finance: FinanceClient, ledger: Ledger) -> None:
    set_food(finance, ledger, "10", month=FEBRUARY)

    report = budgets.budget_report(finance, FEBRUARY)

    assert report.overspending["category"].to_list() == ["Food"]
    assert budgets.overspend_sentence(report.overspending.row(0, named=True), report) == (
        "Food: spent 54.70 EUR, 44.70 EUR more than the 10.00 EUR available."
    )
    assert budgets.line_sentence(line(report, "Food")) == "54.70 EUR spent of 10.00 EUR · 44.70 EUR over"
    assert budgets.percent_text(line(report, "Food")) == "547 % used"


def test_changing_a_default_from_a_later_month_keeps_the_earlier_months(
    finance: FinanceClient, ledger: Ledger
) -> None:
    set_food(finance, ledger, "100")
    january_line = line(budgets.budget_report(finance, MARCH), "Food")

    budgets.change_budget(finance, january_line, MARCH, amount="150", rollover="NONE", repeats=True)

    assert line(budgets.budget_report(finance, FEBRUARY), "Food")["budgeted"] == Decimal("100.00")
    assert line(budgets.budget_report(finance, MARCH), "Food")["budgeted"] == Decimal("150.00")


def test_a_one_month_budget_made_repeating_is_replaced(finance: FinanceClient, ledger: Ledger) -> None:
    set_food(finance, ledger, "20", month=FEBRUARY, repeats=False)
    one_month = line(budgets.budget_report(finance, FEBRUARY), "Food")

    budgets.change_budget(finance, one_month, FEBRUARY, amount="80", rollover="CARRY", repeats=True)

    rows = budgets.budgets(finance).to_dicts()
    assert [(row["month"], row["repeats"], row["amount"], row["rollover"]) for row in rows] == [
        (FEBRUARY, True, Decimal("80.00"), "CARRY")
    ]
    assert line(budgets.budget_report(finance, MARCH), "Food")["budgeted"] == Decimal("80.00")


def test_deleting_a_budget_empties_the_report(finance: FinanceClient, ledger: Ledger) -> None:
    budget = set_food(finance, ledger, "100")

    budgets.delete_budget(finance, budget["budget_id"])

    report = budgets.budget_report(finance, JANUARY)
    assert report.lines.is_empty() and report.totals.is_empty()
    with pytest.raises(BudgetInputError, match="no longer exists"):
        budgets.delete_budget(finance, budget["budget_id"])


def test_a_deleted_budget_is_restored_as_it_was(finance: FinanceClient, ledger: Ledger) -> None:
    set_food(finance, ledger, "20", month=FEBRUARY, repeats=False, rollover="CARRY")
    deleted = line(budgets.budget_report(finance, FEBRUARY), "Food")
    budgets.delete_budget(finance, deleted["budget_id"])

    budgets.restore_budget(finance, deleted)

    rows = budgets.budgets(finance).drop("budget_id").to_dicts()
    assert rows == [{"category_id": ledger.category_ids["Food"], "category": "Food", "currency": "EUR",
                     "month": FEBRUARY, "repeats": False, "amount": Decimal("20.00"), "rollover": "CARRY"}]


@pytest.mark.parametrize("typed, problem", [
    ("abc", "Enter the amount as a number, like 12.50."),
    ("", "Enter an amount."),
    ("1e3", "Enter the amount as a number, like 12.50."),
    ("-5", "A budget cannot be negative: enter 0 or more."),
    ("12.345", "EUR amounts have at most 2 decimal places, like 12.50."),
])
def test_mistyped_amounts_are_refused_in_plain_words(
    finance: FinanceClient, ledger: Ledger, typed: str, problem: str
) -> None:
    with pytest.raises(BudgetInputError) as refused:
        set_food(finance, ledger, typed)
    assert str(refused.value) == problem
    assert budgets.budgets(finance).is_empty()


def test_an_income_category_is_refused_in_plain_words(finance: FinanceClient, ledger: Ledger) -> None:
    with pytest.raises(BudgetInputError) as refused:
        budgets.set_budget(finance, category_id=ledger.category_ids["Salary"], currency="EUR", month=JANUARY,
                           amount="10")
    assert str(refused.value) == "Budgets are for expense categories: choose one of those"


@pytest.mark.parametrize("typed, currency, mark, amount", [
    ("250", "EUR", ".", Decimal("250")),
    (" 250.00 ", "EUR", ".", Decimal("250.00")),
    ("250,5", "EUR", ".", Decimal("250.5")),
    ("1,250.50", "EUR", ".", Decimal("1250.50")),
    ("1,250", "EUR", ".", Decimal("1250")),
    ("1,25", "EUR", ",", Decimal("1.25")),
    ("0", "EUR", ",", Decimal("0")),
    ("12 000", "JPY", ",", Decimal("12000")),
])
def test_amounts_are_read_with_the_users_decimal_mark(
    typed: str, currency: str, mark: str, amount: Decimal
) -> None:
    assert budgets.parse_amount(typed, currency, mark) == amount


def test_whole_currencies_take_no_decimals_and_the_example_is_in_the_users_format() -> None:
    with pytest.raises(BudgetInputError, match="JPY amounts are whole numbers, like 12."):
        budgets.parse_amount("100,5", "JPY", ",")
    with pytest.raises(BudgetInputError, match="EUR amounts have at most 2 decimal places, like 12,50."):
        budgets.parse_amount("1,250", "EUR", ",")


def test_the_form_problem_names_what_is_missing() -> None:
    assert budgets.form_problem(None) is None
    assert budgets.form_problem({"category": [], "currency": ["EUR"], "amount": "5"}) == "Choose a category"
    assert budgets.form_problem({"category": ["Food"], "currency": [], "amount": "5"}) == "Choose a currency"
    mistyped = {"category": ["Food"], "currency": ["EUR"], "amount": "x"}
    assert budgets.form_problem(mistyped) == "Enter the amount as a number, like 12.50."
    assert budgets.form_problem(mistyped, ",") == "Enter the amount as a number, like 12,50."
    assert budgets.form_problem({"category": ["Food"], "currency": ["EUR"], "amount": "5"}) is None


def test_no_month_means_this_month_of_the_user(finance: FinanceClient, ledger: Ledger) -> None:
    report = budgets.month_report(finance, None)

    assert report.month == budgets.month_start(report.today)
    assert budgets.month_report(finance, FEBRUARY).month == FEBRUARY


def test_months_step_over_year_ends() -> None:
    assert budgets.shift_month(date(2024, 12, 31), 1) == date(2025, 1, 1)
    assert budgets.shift_month(date(2024, 1, 15), -1) == date(2023, 12, 1)
    assert budgets.month_name(date(2024, 2, 9)) == "February 2024"
    assert budgets.short_month_name(date(2024, 2, 9)) == "Feb 2024"


def test_the_chart_has_no_editor_link_and_says_what_it_shows(finance: FinanceClient, ledger: Ledger) -> None:
    set_food(finance, ledger, "10", month=FEBRUARY)
    report = budgets.budget_report(finance, FEBRUARY)

    charts = budget_charts.budget_charts(report.lines)

    spec = charts["EUR"].to_dict()
    assert spec["usermeta"]["embedOptions"]["actions"] is False
    assert spec["description"] == " ".join(budgets.chart_text(report.lines))
    assert "Food (EUR): 54.70 EUR spent of 10.00 EUR" in spec["description"]
    drawn = spec["datasets"][next(iter(spec["datasets"]))][0]
    assert (drawn["spent_label"], drawn["status"]) == ("54.70 EUR", "Overspent")


def test_the_progress_bar_states_its_value_in_words(finance: FinanceClient, ledger: Ledger) -> None:
    set_food(finance, ledger, "100")
    food = line(budgets.budget_report(finance, JANUARY), "Food")

    bar = budget_charts.progress_bar(food)

    assert "role='progressbar'" in bar and "aria-valuenow='45'" in bar
    assert "aria-valuetext='45 % used: 45.30 EUR spent of 100.00 EUR · 54.70 EUR left'" in bar


def test_each_session_has_its_own_month_shown() -> None:
    with FinanceClient("http://testserver") as one, FinanceClient("http://testserver") as other:
        page_memory(one, budgets.BudgetMemory).month = JANUARY
        assert page_memory(one, budgets.BudgetMemory).month == JANUARY
        assert page_memory(other, budgets.BudgetMemory).month is None


def test_the_page_runs_on_its_own_against_a_live_server(live_ledger: LiveLedger) -> None:  # noqa: F811
    rent = live_ledger.client.categories().filter(pl.col("full_name") == "Housing / Rent")["category_id"][0]
    budgets.set_budget(live_ledger.client, category_id=rent, currency="EUR", month=date.today(), amount="900")

    finished = live_ledger.run_notebook("dashboard_budgets.py")

    assert finished.returncode == 0, finished.stderr
    assert "Traceback" not in finished.stderr and "Warning" not in finished.stderr, finished.stderr
