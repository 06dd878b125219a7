"""The recurring-payment finder."""

from __future__ import annotations

from datetime import date, timedelta

from analytics.frames import RECURRING_SCHEMA
from analytics.recurring import find_recurring_payments
from tests.analytics.factories import money, record, records


def _payments(payee: str, amounts: list[str], dates: list[date], **fields: object) -> list[dict[str, object]]:
    """Expenses to one payee, one per (amount, date)."""
    return [
        record(day.isoformat(), "expense", amount, payee=payee, **fields)
        for amount, day in zip(amounts, dates)
    ]


def _weekly(start: date, count: int) -> list[date]:
    return [start + timedelta(days=7 * index) for index in range(count)]


def test_no_records_give_no_recurring_payments():
    found = find_recurring_payments(records())
    assert found.is_empty() and found.schema == RECURRING_SCHEMA


def test_one_record_is_not_recurring():
    netflix = records(record("2024-01-01", "expense", "9.99", payee="Netflix"))
    assert find_recurring_payments(netflix).is_empty()


def test_a_monthly_subscription_is_found_across_month_ends_with_a_small_price_rise():
    dates = [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 30), date(2024, 4, 30)]
    found = find_recurring_payments(records(
        *_payments("Netflix", ["9.99", "9.99", "9.99", "10.49"], dates),
        record("2024-02-10", "expense", "55.00", payee="NETFLIX"),  # a one-off, far from the usual amount
    ))
    assert found.rows() == [(
        "Netflix", "EUR", *money("9.99"), "monthly", 4,
        date(2024, 1, 31), date(2024, 4, 30), date(2024, 5, 30),
    )]


def test_payee_spelling_and_case_do_not_split_a_series():
    dates = _weekly(date(2024, 1, 1), 3)
    found = find_recurring_payments(records(
        record(dates[0].isoformat(), "expense", "3", payee="gym "),
        *_payments("Gym", ["3", "3"], dates[1:]),
    ))
    assert found.select("payee", "interval", "occurrences").rows() == [("Gym", "weekly", 3)]


def test_a_late_payment_within_the_day_tolerance_still_counts_but_not_beyond_it():
    on_time = _weekly(date(2024, 1, 1), 4)
    late = [*on_time[:2], on_time[2] + timedelta(days=2), on_time[3]]
    too_late = [*on_time[:2], on_time[2] + timedelta(days=4), on_time[3] + timedelta(days=4)]
    found = find_recurring_payments(records(*_payments("Gym", ["3"] * 4, late)))
    assert found["interval"].to_list() == ["weekly"]
    assert find_recurring_payments(records(*_payments("Gym", ["3"] * 4, too_late))).is_empty()


def test_amounts_outside_the_tolerance_are_a_different_series():
    dates = _weekly(date(2024, 1, 1), 4)
    found = find_recurring_payments(records(*_payments("Cafe", ["3", "5", "3", "5"], dates)))
    assert found.is_empty()


def test_two_subscriptions_with_one_payee_are_found_separately():
    months = [date(2024, month, 15) for month in (1, 2, 3)]
    found = find_recurring_payments(records(
        *_payments("Apple", ["0.99"] * 3, months),
        *_payments("Apple", ["12.99"] * 3, months),
    ))
    assert found.select("typical_amount", "interval").rows() == [
        (*money("0.99"), "monthly"),
        (*money("12.99"), "monthly"),
    ]


def test_yearly_payments_and_currencies_are_told_apart():
    years = [date(2022, 3, 1), date(2023, 3, 2), date(2024, 2, 29)]
    found = find_recurring_payments(records(
        *_payments("Insurer", ["300", "310", "305"], years),
        *_payments("Insurer", ["100", "100", "100"], years, currency="USD", account_id=2),
    ))
    assert found.select("currency", "typical_amount", "interval", "next_expected").rows() == [
        ("EUR", *money("305"), "yearly", date(2025, 2, 28)),
        ("USD", *money("100"), "yearly", date(2025, 2, 28)),
    ]


def test_fewer_than_the_minimum_occurrences_are_not_reported():
    dates = _weekly(date(2024, 1, 1), 2)
    assert find_recurring_payments(records(*_payments("Gym", ["3", "3"], dates))).is_empty()
    assert len(find_recurring_payments(records(*_payments("Gym", ["3", "3"], dates)), min_occurrences=2)) == 1


def test_income_and_blank_payees_are_ignored_by_default():
    dates = _weekly(date(2024, 1, 1), 4)
    found = find_recurring_payments(records(
        *(record(day.isoformat(), "income", "100", payee="Employer") for day in dates),
        *_payments("  ", ["3"] * 4, dates),
    ))
    assert found.is_empty()
