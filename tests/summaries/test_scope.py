"""What a summary looks at: validation of the range, filters, other users' data, lazy parts."""

from __future__ import annotations

from api.monitoring.metrics import SUMMARY_DURATION
from tests.summaries.books import account, add, expense, income, summary, summary_error

TOTALS = "totals { currency income expense recordCount }"


def totals(user, date_from="2024-01-01", date_to="2024-03-31", **filters):
    return summary(user, TOTALS, date_from, date_to, record_filter=filters or None)["totals"]


def test_to_before_from_is_bad_input_on_to(alice):
    error = summary_error(alice, "2024-02-01", "2024-01-31")
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT", "field": "to", "reason": "must not be before from"
    }


def test_a_range_over_ten_years_is_bad_input_on_from(alice):
    error = summary_error(alice, "2014-01-01", "2024-01-01")
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("BAD_USER_INPUT", "from")
    assert summary(alice, "from to", "2014-01-02", "2024-01-01") == {"from": "2014-01-02", "to": "2024-01-01"}


def test_ten_years_end_the_day_before_the_tenth_anniversary_even_from_a_leap_day(alice):
    assert summary(alice, "to", "2016-02-29", "2026-02-28") == {"to": "2026-02-28"}
    assert summary_error(alice, "2016-02-29", "2026-03-01")["extensions"]["field"] == "from"


def test_dates_at_the_end_of_the_calendar_are_bad_input_not_a_crash(alice):
    error = summary_error(alice, "9999-12-01", "9999-12-31", "balances { currency }")
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("BAD_USER_INPUT", "to")
    account(alice, "Checking", "EUR", opening="1.00")
    data = summary(alice, "balances { points { date balance } }", "0001-01-01", "0001-12-31", period="WEEK")
    points = data["balances"][0]["points"]
    assert (len(points), points[0], points[-1]) == (
        53, {"date": "0001-01-07", "balance": "1.00"}, {"date": "0001-12-31", "balance": "1.00"}
    )


def test_a_single_day_is_a_valid_range(alice, books):
    assert totals(alice, "2024-01-05", "2024-01-05") == [
        {"currency": "EUR", "income": "3000.00", "expense": "0.00", "recordCount": 1},
    ]


def test_anonymous_users_get_no_summary(anonymous):
    error = summary_error(anonymous, "2024-01-01", "2024-01-31")
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


def test_a_bad_id_in_the_filter_names_its_place(alice):
    error = summary_error(alice, "2024-01-01", "2024-01-31", filter={"accountIds": ["1", "x"]})
    extensions = error["extensions"]
    assert (extensions["code"], extensions["field"]) == ("BAD_USER_INPUT", "filter.accountIds[1]")


def test_filters_apply_to_totals(alice, books):
    assert totals(alice, accountIds=[books.wallet]) == [
        {"currency": "JPY", "income": "2000", "expense": "1500", "recordCount": 2},
    ]
    assert totals(alice, kinds=["EXPENSE"], minAmount="40", search="N") == [
        {"currency": "EUR", "income": "0.00", "expense": "900.00", "recordCount": 1},  # Landlord
        {"currency": "JPY", "income": "0", "expense": "1500", "recordCount": 1},  # Ramen
        {"currency": "USD", "income": "0.00", "expense": "40.00", "recordCount": 1},  # Diner
    ]
    assert totals(alice, uncategorized=True) == [
        {"currency": "EUR", "income": "0.00", "expense": "12.50", "recordCount": 1},
        {"currency": "JPY", "income": "2000", "expense": "0", "recordCount": 1},
    ]


def test_the_filters_own_dates_narrow_the_range(alice, books):
    assert totals(alice, dateFrom="2024-02-01", dateTo="2025-12-31") == [
        {"currency": "EUR", "income": "0.00", "expense": "912.50", "recordCount": 4},
        {"currency": "JPY", "income": "2000", "expense": "0", "recordCount": 1},
        {"currency": "USD", "income": "0.00", "expense": "40.00", "recordCount": 1},
    ]


def test_tags_filter(alice):
    checking = account(alice, "Checking", "EUR")
    add(alice, expense(checking, "1.00", "2024-01-02", tags=["trip"]),
        expense(checking, "2.00", "2024-01-03", tags=["home"]))
    assert totals(alice, tags=["trip"]) == [
        {"currency": "EUR", "income": "0.00", "expense": "1.00", "recordCount": 1},
    ]


EVERYTHING = """
totals { currency } byPeriod { currency } byCategory { name } byAccount { currency }
balances { currency } byPayee { payee }
"""


def test_other_users_never_see_alices_data(alice, bob, books):
    wallet = account(bob, "Wallet", "EUR", opening="1.00")
    add(bob, income(wallet, "7.00", "2024-01-02", payee="Mum"))
    data = summary(bob, EVERYTHING, "2024-01-01", "2024-03-31")
    assert data["totals"] == [{"currency": "EUR"}]
    assert data["byAccount"] == [{"currency": "EUR"}] and data["balances"] == [{"currency": "EUR"}]
    assert data["byCategory"] == [{"name": "Uncategorized"}] and data["byPayee"] == []


def test_alices_account_in_bobs_filter_matches_nothing_like_a_missing_one(alice, bob, books):
    account(bob, "Wallet", "EUR")
    for account_id in (books.checking, "999999"):
        only_that_account = {"accountIds": [account_id]}
        data = summary(bob, EVERYTHING, "2024-01-01", "2024-03-31", record_filter=only_that_account)
        assert data == {"totals": [], "byPeriod": [], "byCategory": [], "byAccount": [], "balances": [],
                        "byPayee": []}


def test_alices_category_in_bobs_filter_matches_nothing(alice, bob, books):
    wallet = account(bob, "Wallet", "EUR")
    add(bob, expense(wallet, "3.00", "2024-01-02"))
    assert totals(bob, categoryIds=[books.food]) == []


def computed(part: str) -> float:
    """How often the part was timed so far."""
    [metric] = SUMMARY_DURATION.collect()
    counts = [sample.value for sample in metric.samples
              if sample.name.endswith("_count") and sample.labels == {"part": part}]
    return counts[0] if counts else 0.0


def test_only_the_requested_parts_are_computed_and_each_is_timed(alice, books):
    parts = ["totals", "by_period", "by_category", "by_account", "balances", "by_payee"]
    before = {part: computed(part) for part in parts}
    summary(alice, "totals { currency } byPayee { payee }", "2024-01-01", "2024-03-31")
    assert {part: computed(part) - before[part] for part in parts} == {
        "totals": 1, "by_period": 0, "by_category": 0, "by_account": 0, "balances": 0, "by_payee": 1,
    }
