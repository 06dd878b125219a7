"""Top payees per currency."""

from __future__ import annotations

import pytest

from analytics.frames import PAYEE_SCHEMA
from analytics.payees import top_payees
from tests.analytics.factories import money, record, records


def test_empty_records_give_no_payees():
    payees = top_payees(records())
    assert payees.is_empty() and payees.schema == PAYEE_SCHEMA


def test_one_record_is_one_payee():
    assert top_payees(records(record("2024-01-01", "expense", "4.20", payee="Bakery"))).rows() == [
        ("Bakery", "EUR", *money("4.20"), 1),
    ]


def test_payees_are_summed_and_the_biggest_n_per_currency_come_first():
    payees = top_payees(records(
        record("2024-01-01", "expense", "10.10", payee="Grocer"),
        record("2024-01-02", "expense", "10.20", payee="Grocer"),
        record("2024-01-03", "expense", "20.00", payee="Landlord"),
        record("2024-01-04", "expense", "1.00", payee="Kiosk"),
        record("2024-01-05", "income", "999", payee="Kiosk"),
        record("2024-01-05", "expense", "5", payee="Diner", currency="USD", account_id=2),
    ), n=2)
    assert payees.rows() == [
        ("Grocer", "EUR", *money("20.30"), 2),
        ("Landlord", "EUR", *money("20.00"), 1),
        ("Diner", "USD", *money("5"), 1),
    ]


def test_income_payees_can_be_ranked_too():
    payees = top_payees(records(
        record("2024-01-05", "income", "999", payee="Employer"),
        record("2024-01-05", "expense", "5", payee="Diner"),
    ), kind="income")
    assert payees["payee"].to_list() == ["Employer"]


def test_top_zero_payees_is_refused():
    with pytest.raises(ValueError):
        top_payees(records(), n=0)
