"""The projected balance chart and its text alternative."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from analytics.date_format import DateFormat
from analytics.frames import frame_from_rows
from analytics.schedule_charts import changing_balances, projected_balance_chart, projected_balance_sentences
from analytics.schedules import PROJECTED_BALANCES_SCHEMA

TODAY = date(2026, 11, 30)


def balances(account_id: int, account: str, currency: str, amounts: list[str]):
    """One account's balance on each day from TODAY."""
    return [
        {"account_id": account_id, "account": account, "currency": currency,
         "date": TODAY + timedelta(days=day), "balance": Decimal(amount)}
        for day, amount in enumerate(amounts)
    ]


PROJECTION = frame_from_rows(
    balances(1, "Checking", "EUR", ["1000.00", "1000.00", "987.50", "3987.50"])
    + balances(2, "Wallet", "EUR", ["80.00", "80.00", "80.00", "80.00"])
    + balances(3, "Dollars", "USD", ["1234.56", "1234.56", "1200.00", "1200.00"]),
    PROJECTED_BALANCES_SCHEMA,
)


def test_the_chart_in_words_gives_today_the_lowest_point_and_the_end_per_account():
    assert projected_balance_sentences(PROJECTION, DateFormat()) == [
        "Checking: 1,000.00 EUR today; lowest 987.50 EUR on 2 Dec 2026; 3,987.50 EUR on 3 Dec 2026.",
        "Wallet: 80.00 EUR, no change.",
        "Dollars: 1,234.56 USD today; 1,200.00 USD on 3 Dec 2026.",
    ]


def test_the_dates_in_words_and_on_the_axis_follow_the_browsers_order():
    assert projected_balance_sentences(PROJECTION, DateFormat("mdy", "/"))[0].endswith(
        "lowest 987.50 EUR on Dec 2, 2026; 3,987.50 EUR on Dec 3, 2026.")
    one = changing_balances(PROJECTION).filter(changing_balances(PROJECTION)["currency"] == "EUR")
    encoding = projected_balance_chart(one, DateFormat("dmy", ".")).to_dict()["encoding"]
    assert encoding["x"]["axis"]["format"] == encoding["tooltip"][0]["format"] == "%d.%m.%Y"


def test_only_accounts_whose_balance_changes_are_drawn():
    assert set(changing_balances(PROJECTION)["account"]) == {"Checking", "Dollars"}


def test_currencies_are_drawn_apart_and_the_chart_offers_no_editor_link():
    spec = projected_balance_chart(changing_balances(PROJECTION), DateFormat()).to_dict()
    assert spec["usermeta"] == {"embedOptions": {"actions": False}}
    assert spec["facet"]["row"]["field"] == "currency"
    values = next(iter(spec["datasets"].values()))
    assert {row["balance_label"] for row in values} >= {"987.50 EUR", "1,234.56 USD"}


def test_one_currency_is_one_chart_as_wide_as_the_page():
    one = changing_balances(PROJECTION).filter(changing_balances(PROJECTION)["currency"] == "EUR")
    spec = projected_balance_chart(one, DateFormat()).to_dict()
    assert spec["width"] == "container" and spec["usermeta"] == {"embedOptions": {"actions": False}}
    assert spec["encoding"]["y"]["scale"] == {"zero": False}
