"""The demo history is deterministic, realistic and obeys every rule a real record obeys."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest

from api.categories.defaults import DEFAULT_EXPENSE_CATEGORIES, DEFAULT_INCOME_CATEGORIES
from api.demo import generate_demo_data
from api.demo.history import DemoData
from api.money import to_minor_units
from api.ledger.models import RecordKind

TODAY = date(2026, 11, 25)
SOME_DAYS = [date(2025, 1, 1), date(2025, 6, 30), date(2026, 2, 28), TODAY, date(2027, 12, 31)]


def full_names(defaults: list[tuple[str, str, list[str]]]) -> set[str]:
    """Every default category's full name, as the generator refers to them."""
    return {name for name, _, _ in defaults} | {
        f"{name} / {child}" for name, _, children in defaults for child in children
    }


def final_and_lowest_balances(data: DemoData) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Replay the records in date order over the opening balances."""
    balances = {account.name: account.opening_balance for account in data.accounts}
    lowest = dict(balances)
    for record in data.records:
        balances[record.account] += record.amount if record.kind == RecordKind.INCOME else -record.amount
        if record.counterpart_account:
            balances[record.counterpart_account] += record.counterpart_amount or Decimal(0)
        for name in (record.account, record.counterpart_account):
            if name:
                lowest[name] = min(lowest[name], balances[name])
    return balances, lowest


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate_demo_data(TODAY)


def test_same_day_and_seed_give_the_same_history(demo):
    assert generate_demo_data(TODAY) == demo
    assert generate_demo_data(TODAY, seed=7) != demo


def test_history_covers_two_years_up_to_today_with_a_few_thousand_records(demo):
    dates = [record.occurred_on for record in demo.records]
    assert dates == sorted(dates)
    assert dates[0] <= TODAY - timedelta(days=729)
    assert dates[-1] == TODAY
    assert 2000 <= len(demo.records) <= 5000


def test_accounts_span_several_types_and_currencies(demo):
    assert {account.currency for account in demo.accounts} == {"EUR", "USD", "JPY"}
    assert len({account.type for account in demo.accounts}) >= 5


def test_every_amount_is_positive_with_the_currency_precision(demo):
    currencies = {account.name: account.currency for account in demo.accounts}
    for record in demo.records:
        assert record.amount > 0, record
        to_minor_units(record.amount, currencies[record.account])  # raises on too many decimal places
        if record.counterpart_account:
            to_minor_units(record.counterpart_amount, currencies[record.counterpart_account])


def test_transfers_have_a_counterpart_and_no_category_and_others_the_reverse(demo):
    for record in demo.records:
        is_transfer = record.kind == RecordKind.TRANSFER
        assert (record.counterpart_account is not None) == is_transfer, record
        assert (record.counterpart_amount is not None) == is_transfer, record
        assert (record.category is None) == is_transfer, record
        assert record.counterpart_account != record.account


def test_categories_exist_in_the_default_set_with_the_records_kind(demo):
    expected = {RecordKind.EXPENSE: full_names(DEFAULT_EXPENSE_CATEGORIES),
                RecordKind.INCOME: full_names(DEFAULT_INCOME_CATEGORIES)}
    for record in demo.records:
        if record.category is not None:
            assert record.category in expected[record.kind], record


def test_a_cross_currency_transfer_records_what_arrived(demo):
    currencies = {account.name: account.currency for account in demo.accounts}
    exchanges = [
        record for record in demo.records
        if record.counterpart_account and currencies[record.account] != currencies[record.counterpart_account]
    ]
    assert {(currencies[r.account], currencies[r.counterpart_account]) for r in exchanges} >= {
        ("EUR", "USD"), ("EUR", "JPY")}
    assert all(record.counterpart_amount != record.amount for record in exchanges)


def test_subscriptions_recur_monthly_with_the_same_amount(demo):
    netflix = [record for record in demo.records if record.payee == "Netflix"]
    assert len(netflix) == 24
    assert {record.amount for record in netflix} == {Decimal("13.99")}
    assert {record.occurred_on.day for record in netflix} == {5}


def test_salary_arrives_every_month_and_checking_goes_to_savings(demo):
    salaries = [record for record in demo.records if record.category == "Salary" and not record.tags]
    assert 24 <= len(salaries) <= 25
    assert all(record.occurred_on.weekday() < 5 for record in salaries)
    savings = [record for record in demo.records if record.counterpart_account == "Savings"]
    assert 24 <= len(savings) <= 25


def test_groceries_several_times_a_week_and_some_records_are_tagged(demo):
    weeks = [record.occurred_on.isocalendar()[:2] for record in demo.records
             if record.category == "Food / Groceries"]
    groceries = Counter(weeks)
    assert sum(groceries.values()) / len(groceries) >= 3
    tags = Counter(tag for record in demo.records for tag in record.tags)
    assert {"subscription", "vacation", "japan-trip", "big-purchase"} <= set(tags)


def test_credit_card_is_paid_off_each_month_for_the_month_before(demo):
    spent: dict[date, Decimal] = defaultdict(Decimal)
    for record in demo.records:
        if record.account == "Credit card":
            spent[record.occurred_on.replace(day=1)] += (
                -record.amount if record.kind == RecordKind.INCOME else record.amount
            )
    payments = {record.occurred_on: record.amount for record in demo.records
                if record.counterpart_account == "Credit card"}
    for month, amount in spent.items():
        due = (month + timedelta(days=32)).replace(day=3)
        if due <= TODAY:
            assert payments[due] == amount


@pytest.mark.parametrize("today", SOME_DAYS)
def test_cash_and_checking_never_go_negative_whatever_the_day(today):
    _, lowest = final_and_lowest_balances(generate_demo_data(today))
    for name in ("Main checking", "Wallet", "Japan travel cash", "US checking", "Savings"):
        assert lowest[name] >= 0, (name, lowest[name])


def test_yen_amounts_have_no_decimal_places(demo):
    for record in demo.records:
        if record.account == "Japan travel cash":
            assert record.amount == record.amount.to_integral_value()
