"""A summary filtered by exact payees reads the records: roll-ups do not know payees."""

from __future__ import annotations

from tests.summaries.books import account, add, expense, income, summary

PARTS = "totals { currency expense recordCount } byPayee { payee amount } byPeriod { periodStart expense }"


def test_whole_months_count_only_the_payees_records(alice):
    checking = account(alice, "Checking", "EUR")
    add(
        alice,
        expense(checking, "10.00", "2024-01-03", payee="Rewe"),
        expense(checking, "2.50", "2024-01-20", payee="Rewe", description="bottle deposit"),
        expense(checking, "99.00", "2024-01-21", payee="Rewe Markt"),
        expense(checking, "7.00", "2024-02-02", payee="Kiosk", description="near Rewe"),
        expense(checking, "4.00", "2024-02-09", payee="Rewe"),
        income(checking, "3000.00", "2024-01-31", payee="ACME"),
    )
    answer = summary(alice, PARTS, "2024-01-01", "2024-02-29", record_filter={"payees": ["Rewe"]})
    assert answer["totals"] == [{"currency": "EUR", "expense": "16.50", "recordCount": 3}]
    assert answer["byPayee"] == [{"payee": "Rewe", "amount": "16.50"}]
    assert answer["byPeriod"] == [{"periodStart": "2024-01-01", "expense": "12.50"},
                                  {"periodStart": "2024-02-01", "expense": "4.00"}]
