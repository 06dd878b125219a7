"""byAccount and balances: per-account activity and balances at the end of each period."""

from __future__ import annotations

from tests.summaries.books import account, add, expense, income, summary, transfer

BY_ACCOUNT = "byAccount { account { id name } currency income expense transfersIn transfersOut net }"
BALANCES = "balances { account { name } currency points { date balance } }"


def balances(user, date_from="2024-01-01", date_to="2024-03-31", period="MONTH", **filters):
    data = summary(user, BALANCES, date_from, date_to, period, record_filter=filters or None)
    return {series["account"]["name"]: (series["currency"], series["points"]) for series in data["balances"]}


def points(*pairs: str) -> list[dict[str, str]]:
    return [{"date": day, "balance": balance} for day, balance in zip(pairs[::2], pairs[1::2])]


def test_by_account_splits_income_expense_and_transfers_in_each_accounts_currency(alice, books):
    rows = summary(alice, BY_ACCOUNT, "2024-01-01", "2024-03-31")["byAccount"]
    assert rows == [
        {"account": {"id": books.card, "name": "Card"}, "currency": "USD", "income": "0.00",
         "expense": "40.00", "transfersIn": "110.00", "transfersOut": "0.00", "net": "70.00"},
        {"account": {"id": books.checking, "name": "Checking"}, "currency": "EUR", "income": "3000.00",
         "expense": "1012.75", "transfersIn": "0.00", "transfersOut": "600.00", "net": "1387.25"},
        {"account": {"id": books.savings, "name": "Savings"}, "currency": "EUR", "income": "0.00",
         "expense": "0.00", "transfersIn": "500.00", "transfersOut": "0.00", "net": "500.00"},
        {"account": {"id": books.wallet, "name": "Wallet"}, "currency": "JPY", "income": "2000",
         "expense": "1500", "transfersIn": "0", "transfersOut": "0", "net": "500"},
    ]


def test_by_account_with_an_account_filter_shows_only_those_accounts(alice, books):
    only_savings = {"accountIds": [books.savings]}
    data = summary(alice, BY_ACCOUNT, "2024-01-01", "2024-03-31", record_filter=only_savings)
    assert [(row["account"]["name"], row["transfersIn"], row["net"]) for row in data["byAccount"]] == [
        ("Savings", "500.00", "500.00"),
    ]


def test_by_account_follows_record_filters(alice, books):
    def rows(**filters):
        data = summary(alice, BY_ACCOUNT, "2024-01-01", "2024-03-31", record_filter=filters)
        return [(row["account"]["name"], row["expense"], row["transfersIn"], row["transfersOut"], row["net"])
                for row in data["byAccount"]]

    assert rows(categoryIds=[books.food]) == [
        ("Card", "40.00", "0.00", "0.00", "-40.00"),
        ("Checking", "100.25", "0.00", "0.00", "-100.25"),
        ("Wallet", "1500", "0", "0", "-1500"),
    ]
    assert rows(dateFrom="2024-02-15") == [
        ("Card", "40.00", "110.00", "0.00", "70.00"),
        ("Checking", "0.00", "0.00", "100.00", "-100.00"),
        ("Wallet", "0", "0", "0", "2000"),
    ]
    assert rows(dateFrom="2024-04-01") == []


def test_balances_start_from_opening_balance_and_earlier_records_and_carry_forward(alice, books):
    assert balances(alice) == {
        "Card": ("USD", points("2024-01-31", "0.00", "2024-02-29", "110.00", "2024-03-31", "70.00")),
        "Checking": (
            "EUR", points("2024-01-31", "3889.75", "2024-02-29", "2377.25", "2024-03-31", "2377.25")
        ),
        "Savings": ("EUR", points("2024-01-31", "0.00", "2024-02-29", "500.00", "2024-03-31", "500.00")),
        "Wallet": ("JPY", points("2024-01-31", "3500", "2024-02-29", "3500", "2024-03-31", "5500")),
    }


def test_balances_leave_archived_accounts_out(alice, books):
    assert "Old" not in balances(alice)


def test_balance_points_end_with_the_range_when_it_ends_within_a_period(alice, books):
    assert balances(alice, "2024-01-08", "2024-01-21", "WEEK")["Checking"] == (
        "EUR",
        # Opening 1000.00, 2023-12-31 -10.00, 2024-01-05 +3000.00; then -50.25, and -20.00 -30.00.
        points("2024-01-14", "3939.75", "2024-01-21", "3889.75"),
    )


def test_balances_of_an_empty_range_repeat_the_balance(alice, books):
    assert balances(alice, "2024-04-15", "2024-06-30", "QUARTER")["Checking"] == (
        "EUR", points("2024-06-30", "2377.25"),
    )


def test_balances_follow_the_account_filter_but_ignore_the_others(alice, books):
    assert balances(alice, categoryIds=[books.rent], search="nothing matches this") == balances(alice)
    assert list(balances(alice, accountIds=[books.wallet, books.card])) == ["Card", "Wallet"]


def test_balances_yearly_over_the_year_end(alice):
    checking = account(alice, "Checking", "EUR", opening="1.00")
    savings = account(alice, "Savings", "EUR")
    add(alice, income(checking, "10.00", "2023-12-31"), expense(checking, "0.50", "2024-01-01"),
        transfer(checking, savings, "2.00", "2025-06-30"))
    assert balances(alice, "2023-06-01", "2025-12-31", "YEAR") == {
        "Checking": ("EUR", points("2023-12-31", "11.00", "2024-12-31", "10.50", "2025-12-31", "8.50")),
        "Savings": ("EUR", points("2023-12-31", "0.00", "2024-12-31", "0.00", "2025-12-31", "2.00")),
    }


def test_by_account_alone_within_one_month_reads_records_only(alice, books):
    """A range without a whole month reads no roll-up: byAccount asked for alone is then one SELECT
    of typed NULLs that the ORM once failed to find in its row (an internal error the fuzzer found)."""
    for period in ("DAY", "MONTH"):
        rows = summary(alice, BY_ACCOUNT, "2024-02-10", "2024-02-20", period)["byAccount"]
        assert [(row["account"]["name"], row["expense"], row["transfersIn"], row["net"]) for row in rows] == [
            ("Card", "0.00", "110.00", "110.00"),
            ("Checking", "12.50", "0.00", "-612.50"),
            ("Savings", "0.00", "500.00", "500.00"),
        ]
