"""Summaries read roll-ups for whole months and records for the days around them: at every edge,
for every period and filter, the figures equal those computed here from the raw records."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest

from api.ledger.periods import Period, period_start
from api.records.filters import RecordCriteria
from api.summaries.facts import DayRange, FactQuery, ReadPlan, plan_reads
from tests.summaries.books import account, add, category, expense, income, summary, transfer

# (kind, account name, amount, day, category path, counterpart name, amount arrived)
RECORDS = [
    ("EXPENSE", "Checking", "1.01", "2023-12-31", ("Food", "Groceries"), None, None),
    ("EXPENSE", "Checking", "2.02", "2024-01-01", ("Food", "Groceries"), None, None),
    ("INCOME", "Checking", "1000.00", "2024-01-15", ("Salary",), None, None),
    ("EXPENSE", "Checking", "4.04", "2024-01-31", ("Food",), None, None),
    ("TRANSFER", "Checking", "100.00", "2024-01-31", None, "Card", "110.00"),
    ("EXPENSE", "Card", "8.08", "2024-02-01", ("Food", "Restaurants"), None, None),
    ("EXPENSE", "Checking", "16.16", "2024-02-14", None, None, None),
    ("TRANSFER", "Card", "20.00", "2024-02-29", None, "Checking", "18.00"),
    ("EXPENSE", "Checking", "32.32", "2024-03-01", ("Housing", "Rent"), None, None),
    ("INCOME", "Card", "64.64", "2024-03-31", None, None, None),
    ("EXPENSE", "Checking", "128.28", "2024-04-01", ("Housing",), None, None),
]
OPENING = {"Checking": ("EUR", Decimal("500.00")), "Card": ("USD", Decimal("0.00"))}
RANGES = [
    ("2024-01-01", "2024-03-31"), ("2024-01-15", "2024-03-10"), ("2024-01-31", "2024-02-01"),
    ("2024-02-01", "2024-02-29"), ("2023-12-31", "2024-04-01"), ("2024-02-15", "2024-02-15"),
    # Fewer days outside than inside the edge months, with records on them: roll-ups less those days.
    ("2024-01-02", "2024-03-30"), ("2024-02-02", "2024-02-28"),
]
PARTS = """
totals { currency income expense transferCount recordCount }
byPeriod { periodStart currency income expense }
byCategory { name currency amount recordCount }
byAccount { account { name } income expense transfersIn transfersOut }
balances { account { name } points { date balance } }
"""


@pytest.fixture
def ledger(alice):
    ids = {name: account(alice, name, currency, opening=str(opening))
           for name, (currency, opening) in OPENING.items()}
    inputs = []
    for kind, name, amount, day, path, counterpart, arrived in RECORDS:
        category_id = category(alice, *path) if path else None
        if kind == "TRANSFER":
            inputs.append(transfer(ids[name], ids[counterpart], amount, day, arrived=arrived))
        else:
            make = income if kind == "INCOME" else expense
            inputs.append(make(ids[name], amount, day, category_id))
    add(alice, *inputs)
    return ids


def expected(first: date, last: date, period: Period, only: str | None = None) -> dict:
    """Every part as the raw records give it (amounts as Decimals, keyed for comparison)."""
    totals = defaultdict(lambda: [Decimal(0), Decimal(0), 0, 0])
    by_period = defaultdict(lambda: [Decimal(0), Decimal(0)])
    by_category = defaultdict(lambda: [Decimal(0), 0])
    by_account = defaultdict(lambda: [Decimal(0)] * 4)
    changes = defaultdict(Decimal)
    for kind, name, amount, day, path, counterpart, arrived in RECORDS:
        on, value = date.fromisoformat(day), Decimal(amount)
        currency = OPENING[name][0]
        legs = [(name, value if kind == "INCOME" else -value)]
        if kind == "TRANSFER":
            legs.append((counterpart, Decimal(arrived)))
        for leg_account, signed in legs:
            if only in (None, leg_account):
                changes[leg_account, on] += signed
        if not first <= on <= last or only not in (None, name, counterpart):
            continue
        total = totals[currency]
        total[3] += 1
        if kind == "TRANSFER":
            total[2] += 1
            if only in (None, name):
                by_account[name][3] += value
            if only in (None, counterpart):
                by_account[counterpart][2] += Decimal(arrived)
            continue
        column = 0 if kind == "INCOME" else 1
        total[column] += value
        by_period[period_start(on, period), currency][column] += value
        top = path[0] if path else "Uncategorized"
        by_category[top, currency][0] += value
        by_category[top, currency][1] += 1
        by_account[name][column] += value
    return {
        "totals": {currency: tuple(values) for currency, values in totals.items()},
        "byPeriod": {key: tuple(values) for key, values in by_period.items()},
        "byCategory": {key: tuple(values) for key, values in by_category.items()},
        "byAccount": {name: tuple(values) for name, values in by_account.items()},
        "balances": {name: _balances(name, first, last, period, changes) for name in OPENING
                     if only in (None, name)},
    }


def _balances(name: str, first: date, last: date, period: Period, changes: dict) -> list:
    points, day, balance = [], date(2023, 1, 1), OPENING[name][1]
    while day <= last:
        balance += changes.get((name, day), Decimal(0))
        following = day + timedelta(days=1)
        if day >= first and (day == last or period_start(following, period) != period_start(day, period)):
            points.append((day, balance))
        day = following
    return points


def actual(data: dict) -> dict:
    """The API's answer in the shape of `expected`."""
    return {
        "totals": {row["currency"]: (Decimal(row["income"]), Decimal(row["expense"]), row["transferCount"],
                                     row["recordCount"]) for row in data["totals"]},
        "byPeriod": {(date.fromisoformat(row["periodStart"]), row["currency"]):
                     (Decimal(row["income"]), Decimal(row["expense"])) for row in data["byPeriod"]},
        "byCategory": {(row["name"], row["currency"]): (Decimal(row["amount"]), row["recordCount"])
                       for row in data["byCategory"]},
        "byAccount": {row["account"]["name"]: tuple(Decimal(row[field]) for field in
                                                    ("income", "expense", "transfersIn", "transfersOut"))
                      for row in data["byAccount"]},
        "balances": {series["account"]["name"]: [_point(point) for point in series["points"]]
                     for series in data["balances"]},
    }


def _point(point: dict) -> tuple[date, Decimal]:
    return date.fromisoformat(point["date"]), Decimal(point["balance"])


@pytest.mark.parametrize("period", [Period.MONTH, Period.QUARTER, Period.WEEK, Period.DAY])
@pytest.mark.parametrize(("date_from", "date_to"), RANGES)
def test_every_part_equals_the_raw_records_at_month_edges(alice, ledger, date_from, date_to, period):
    data = summary(alice, PARTS, date_from, date_to, period.name)
    first, last = date.fromisoformat(date_from), date.fromisoformat(date_to)
    assert actual(data) == expected(first, last, period)


@pytest.mark.parametrize("name", ["Checking", "Card"])
@pytest.mark.parametrize(("date_from", "date_to"), RANGES[:3])
def test_an_account_filter_takes_the_transfers_of_either_side(alice, ledger, name, date_from, date_to):
    data = summary(alice, PARTS, date_from, date_to, record_filter={"accountIds": [ledger[name]]})
    first, last = date.fromisoformat(date_from), date.fromisoformat(date_to)
    assert actual(data) == expected(first, last, Period.MONTH, only=name)


def test_roll_ups_and_records_agree_under_each_filter(alice, ledger):
    """A filter roll-ups can answer gives what the same filter gives from records (a text search
    matching every record sends everything to the records)."""
    food = category(alice, "Food")
    for record_filter in ({"categoryIds": [food]}, {"kinds": ["TRANSFER"]}, {"uncategorized": True},
                          {"uncategorized": False}, {"kinds": ["EXPENSE"], "categoryIds": [food],
                                                     "uncategorized": True}):
        from_rollups = summary(alice, PARTS, "2023-12-01", "2024-04-30", record_filter=record_filter)
        from_records = summary(alice, PARTS, "2023-12-01", "2024-04-30",
                               record_filter={**record_filter, "minAmount": "0.01"})
        assert from_rollups == from_records, record_filter


@pytest.mark.parametrize(("first", "last", "plan"), [
    # Five years from the 3rd to the 2nd: December 2021 less its first two days, then two days of records.
    (date(2021, 12, 3), date(2026, 12, 2), ReadPlan(
        (date(2021, 12, 1), date(2026, 11, 1)),
        (DayRange(date(2021, 12, 1), date(2021, 12, 2), -1),
         DayRange(date(2026, 12, 1), date(2026, 12, 2), 1)),
        Period.MONTH)),
    (date(2024, 1, 1), date(2024, 3, 31), ReadPlan((date(2024, 1, 1), date(2024, 3, 1)), (), Period.MONTH)),
    # A tie reads the days in the range: nothing to merge.
    (date(2024, 4, 16), date(2024, 5, 31), ReadPlan(
        (date(2024, 5, 1), date(2024, 5, 1)), (DayRange(date(2024, 4, 16), date(2024, 4, 30), 1),),
        Period.MONTH)),
    (date(2024, 2, 2), date(2024, 2, 28), ReadPlan(
        (date(2024, 2, 1), date(2024, 2, 1)),
        (DayRange(date(2024, 2, 1), date(2024, 2, 1), -1),
         DayRange(date(2024, 2, 29), date(2024, 2, 29), -1)),
        Period.MONTH)),
    (date(2024, 2, 10), date(2024, 2, 20), ReadPlan(
        None, (DayRange(date(2024, 2, 10), date(2024, 2, 20), 1),), Period.MONTH)),
])
def test_an_edge_month_is_read_from_the_fewer_days(first, last, plan):
    assert plan_reads(FactQuery(RecordCriteria(), first, last, Period.MONTH)) == plan
