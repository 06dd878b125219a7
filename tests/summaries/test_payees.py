"""byPayee: the biggest payees of a kind first, per currency, at most `limit` per currency."""

from __future__ import annotations

from tests.summaries.books import account, add, expense, summary, summary_error


def by_payee(user, arguments: str = "", date_from="2024-01-01", date_to="2024-03-31"):
    selection = f"byPayee{arguments} {{ payee currency amount recordCount }}"
    rows = summary(user, selection, date_from, date_to)["byPayee"]
    return [(row["currency"], row["payee"], row["amount"], row["recordCount"]) for row in rows]


def test_expense_payees_biggest_first_per_currency(alice, books):
    assert by_payee(alice) == [
        ("EUR", "Landlord", "900.00", 1),
        ("EUR", "Market", "70.25", 2),
        ("EUR", "Bakery", "30.00", 1),
        ("EUR", "Kiosk", "12.50", 1),
        ("JPY", "Ramen", "1500", 1),
        ("USD", "Diner", "40.00", 1),
    ]


def test_limit_applies_per_currency(alice, books):
    assert by_payee(alice, "(limit: 2)") == [
        ("EUR", "Landlord", "900.00", 1),
        ("EUR", "Market", "70.25", 2),
        ("JPY", "Ramen", "1500", 1),
        ("USD", "Diner", "40.00", 1),
    ]


def test_income_payees(alice, books):
    assert by_payee(alice, "(kind: INCOME)") == [("EUR", "ACME", "3000.00", 1), ("JPY", "Gift", "2000", 1)]


def test_records_without_payee_are_left_out_and_ties_go_by_name(alice):
    checking = account(alice, "Checking", "EUR")
    add(alice, expense(checking, "5.00", "2024-01-02", payee="Zoo"), expense(checking, "5.00", "2024-01-03"),
        expense(checking, "5.00", "2024-01-04", payee="Aquarium"))
    assert by_payee(alice) == [("EUR", "Aquarium", "5.00", 1), ("EUR", "Zoo", "5.00", 1)]


def test_limit_must_be_between_1_and_100(alice, books):
    for limit in (0, 101):
        error = summary_error(alice, "2024-01-01", "2024-03-31", f"byPayee(limit: {limit}) {{ payee }}")
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["extensions"]["field"] == "limit"
    assert len(by_payee(alice, "(limit: 100)")) == 6
