"""Running balances per account and net worth per currency."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from analytics.balances import currencies_by_use, net_worth, running_balance
from analytics.frames import BALANCE_SCHEMA, NET_WORTH_SCHEMA
from tests.analytics.factories import accounts, money, record, records

ACCOUNTS = accounts(
    (1, "Checking", "EUR", "100.00"),
    (2, "Dollars", "USD", "0"),
    (3, "Savings", "EUR", "5.00"),
)


def test_no_records_give_no_balances_and_no_net_worth():
    balances = running_balance(records(), ACCOUNTS)
    assert balances.is_empty() and balances.schema == BALANCE_SCHEMA
    worth = net_worth(balances)
    assert worth.is_empty() and worth.schema == NET_WORTH_SCHEMA


def test_one_record_moves_its_account_and_every_account_starts_that_day():
    balances = running_balance(records(record("2024-01-05", "expense", "0.01")), ACCOUNTS)
    assert balances.rows() == [
        (date(2024, 1, 5), 1, "Checking", "EUR", *money("99.99")),
        (date(2024, 1, 5), 2, "Dollars", "USD", *money("0")),
        (date(2024, 1, 5), 3, "Savings", "EUR", *money("5.00")),
    ]


def test_balances_run_per_account_and_transfers_count_on_both_sides_in_their_own_currency():
    balances = running_balance(records(
        record("2024-01-05", "income", "1000"),
        record("2024-01-05", "expense", "30"),
        record("2024-01-07", "transfer", "100", counterpart_account_id=2, counterpart_amount="108.50"),
        record("2024-01-09", "transfer", "50", counterpart_account_id=3, counterpart_amount="50"),
    ), ACCOUNTS)
    assert balances.select("date", "account", "balance").rows() == [
        (date(2024, 1, 5), "Checking", *money("1070")),
        (date(2024, 1, 5), "Dollars", *money("0")),
        (date(2024, 1, 5), "Savings", *money("5")),
        (date(2024, 1, 7), "Checking", *money("970")),
        (date(2024, 1, 7), "Dollars", *money("108.50")),
        (date(2024, 1, 9), "Checking", *money("920")),
        (date(2024, 1, 9), "Savings", *money("55")),
    ]


def test_records_of_an_account_missing_from_the_opening_balances_are_refused():
    with pytest.raises(ValueError, match="7"):
        running_balance(records(record("2024-01-05", "expense", "1", account_id=7)), ACCOUNTS)


def test_net_worth_adds_each_accounts_latest_balance_within_one_currency_only():
    balances = running_balance(records(
        record("2024-01-05", "income", "1000"),
        record("2024-01-07", "transfer", "100", counterpart_account_id=2, counterpart_amount="108.50"),
        record("2024-01-09", "transfer", "50", counterpart_account_id=3, counterpart_amount="50"),
    ), ACCOUNTS)
    assert net_worth(balances).rows() == [
        (date(2024, 1, 5), "EUR", *money("1105")),
        (date(2024, 1, 5), "USD", *money("0")),
        (date(2024, 1, 7), "EUR", *money("1005")),
        (date(2024, 1, 7), "USD", *money("108.50")),
        (date(2024, 1, 9), "EUR", *money("1005")),
    ]


def test_net_worth_counts_an_account_only_from_its_first_balance_point():
    balances = running_balance(records(record("2024-01-05", "income", "1")), ACCOUNTS).vstack(
        running_balance(records(record("2024-02-01", "income", "1", account_id=4)),
                        accounts((4, "Late", "EUR", "10")))
    )
    assert net_worth(balances.sort("date")).filter(currency="EUR").rows() == [
        (date(2024, 1, 5), "EUR", *money("106")),
        (date(2024, 2, 1), "EUR", *money("117")),
    ]


def test_currencies_come_most_used_first_then_by_code():
    used = pl.DataFrame({"currency": ["USD", "EUR", "CHF", "EUR"]})
    assert currencies_by_use(used) == ["EUR", "CHF", "USD"]
    assert currencies_by_use(used.head(0)) == []
