"""Every summary part worked out in plain Python from the raw records, and the API's answer in the same shape.

The reference reads `records`, `accounts` and `categories` with plain SELECTs and sums in minor
units, with none of the roll-ups, legs or periods code the API uses; the API's answer is turned
into the same dictionaries (amounts as minor units), so one `==` compares a whole part.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.categories.models import Category
from api.ledger.models import Record, RecordKind
from api.money import to_minor_units

PAYEE_LIMIT = 10
_ROW = "categoryId kind amounts total recordCount"
SUMMARY_PARTS = f"""
query($from: Date!, $to: Date!) {{ summary(from: $from, to: $to, period: MONTH) {{
  totals {{ currency income expense net savingsRate transferCount recordCount }}
  byPeriod {{ periodStart currency income expense net }}
  byCategory {{ categoryId kind currency amount share recordCount
                children {{ categoryId amount share recordCount }} }}
  byAccount {{ account {{ id }} currency income expense transfersIn transfersOut net }}
  balances {{ account {{ id }} currency points {{ date balance }} }}
  byPayee(limit: {PAYEE_LIMIT}) {{ payee currency amount recordCount }}
  incomeStatement {{ currency periods totalIncome totalExpense net
    income {{ {_ROW} children {{ {_ROW} }} }} expense {{ {_ROW} children {{ {_ROW} }} }} }}
}} }}
"""


@dataclass(frozen=True)
class RawBooks:
    """One user's rows as stored."""

    records: list[Any]
    accounts: list[Any]
    parents: dict[int, int | None]


async def read_raw_books(session: AsyncSession, user_id: int) -> RawBooks:
    """The user's records, accounts and category parents, by plain SELECTs."""
    records = (await session.execute(select(
        Record.kind, Record.account_id, Record.amount_minor, Record.currency, Record.occurred_on,
        Record.payee, Record.category_id, Record.counterpart_account_id, Record.counterpart_amount_minor,
    ).where(Record.user_id == user_id))).all()
    accounts = (await session.execute(select(
        Account.id, Account.currency, Account.opening_balance_minor, Account.archived,
    ).where(Account.user_id == user_id))).all()
    parents = dict((await session.execute(
        select(Category.id, Category.parent_id).where(Category.user_id == user_id))).all())
    return RawBooks(list(records), list(accounts), parents)


def _minor(amount: str, currency: str) -> int:
    return to_minor_units(Decimal(amount), currency)


def _months(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=31)).replace(day=1)
    return months


def _top_and_branch(parents: dict[int, int | None], category_id: int | None) -> tuple[int | None, int | None]:
    """The top-level ancestor and the category right below it on the path (or the top itself)."""
    if category_id is None or category_id not in parents:
        return None, None
    path = [category_id]
    while parents[path[-1]] is not None:
        path.append(parents[path[-1]])  # type: ignore[arg-type]
    return path[-1], path[-2] if len(path) > 1 else path[-1]


def expected_summary(books: RawBooks, first: date, last: date) -> dict[str, Any]:
    """Every part of the monthly summary from `first` to `last`, from the raw rows."""
    in_range = [record for record in books.records if first <= record.occurred_on <= last]
    months = _months(first, last)
    return {
        "totals": _totals(in_range),
        "byPeriod": _periods(in_range),
        "byCategory": _categories(books.parents, in_range, months)[0],
        "incomeStatement": _categories(books.parents, in_range, months)[1],
        "byAccount": _accounts(in_range),
        "balances": _balances(books, months, last),
        "byPayee": _payees(in_range),
    }


def _totals(records: list[Any]) -> dict[str, tuple[Any, ...]]:
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for record in records:
        row = sums[record.currency]
        row[0] += record.amount_minor if record.kind is RecordKind.INCOME else 0
        row[1] += record.amount_minor if record.kind is RecordKind.EXPENSE else 0
        row[2] += record.kind is RecordKind.TRANSFER
        row[3] += 1
    return {currency: (income, expense, income - expense,
                       (income - expense) / income if income else None, transfers, count)
            for currency, (income, expense, transfers, count) in sums.items()}


def _periods(records: list[Any]) -> dict[tuple[str, str], tuple[int, int, int]]:
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for record in records:
        if record.kind is not RecordKind.TRANSFER:
            row = sums[record.occurred_on.replace(day=1).isoformat(), record.currency]
            row[record.kind is RecordKind.EXPENSE] += record.amount_minor
    return {key: (income, expense, income - expense) for key, (income, expense) in sums.items()}


def _categories(parents: dict[int, int | None], records: list[Any], months: list[date]) -> tuple[Any, Any]:
    """byCategory and the income statement, both from per-(top, kind, currency) columns of months."""
    column = {month: index for index, month in enumerate(months)}
    tops: dict[tuple[Any, str, str], list[Any]] = {}
    branches: dict[tuple[Any, str, str], dict[int, list[Any]]] = defaultdict(dict)
    for record in records:
        if record.kind is RecordKind.TRANSFER:
            continue
        top, branch = _top_and_branch(parents, record.category_id)
        key = (top, record.kind.name, record.currency)
        targets = [tops.setdefault(key, [[0] * len(months), 0])]
        if branch is not None:
            targets.append(branches[key].setdefault(branch, [[0] * len(months), 0]))
        for target in targets:
            target[0][column[record.occurred_on.replace(day=1)]] += record.amount_minor
            target[1] += 1
    kind_totals: dict[tuple[str, str], int] = defaultdict(int)
    for (_, kind, currency), (amounts, _) in tops.items():
        kind_totals[kind, currency] += sum(amounts)

    def children(key: tuple[Any, str, str]) -> dict[int, list[Any]]:
        found = branches.get(key, {})
        return {} if found.keys() <= {key[0]} else found

    def share(amount: int, key: tuple[Any, str, str]) -> float:
        total = kind_totals[key[1], key[2]]
        return amount / total if total else 0.0

    by_category = {
        key: (sum(amounts), share(sum(amounts), key), count,
              {child: (sum(sub), share(sum(sub), key), sub_count)
               for child, (sub, sub_count) in children(key).items()})
        for key, (amounts, count) in tops.items()
    }
    statements: dict[str, Any] = {}
    for currency in {currency for _, _, currency in tops}:
        rows = {
            (kind, top): (tuple(amounts), sum(amounts), count,
                          {child: (tuple(sub), sum(sub), sub_count)
                           for child, (sub, sub_count) in children((top, kind, currency)).items()})
            for (top, kind, row_currency), (amounts, count) in tops.items() if row_currency == currency
        }
        income, expense = (_column_totals(rows, kind, len(months)) for kind in ("INCOME", "EXPENSE"))
        statements[currency] = (
            tuple(month.isoformat() for month in months), rows, tuple(income), tuple(expense),
            tuple(earned - spent for earned, spent in zip(income, expense)),
        )
    return by_category, statements


def _column_totals(rows: dict[tuple[str, Any], Any], kind: str, columns: int) -> list[int]:
    totals = [0] * columns
    for (row_kind, _), (amounts, *_) in rows.items():
        if row_kind == kind:
            totals = [total + amount for total, amount in zip(totals, amounts)]
    return totals


def _accounts(records: list[Any]) -> dict[int, tuple[int, ...]]:
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for record in records:
        if record.kind is RecordKind.TRANSFER:
            sums[record.counterpart_account_id][2] += record.counterpart_amount_minor
            sums[record.account_id][3] += record.amount_minor
        else:
            sums[record.account_id][record.kind is RecordKind.EXPENSE] += record.amount_minor
    return {account: (income, expense, in_, out, income - expense + in_ - out)
            for account, (income, expense, in_, out) in sums.items()}


def _balances(books: RawBooks, months: list[date], last: date) -> dict[int, list[tuple[str, int]]]:
    series = {}
    for account in books.accounts:
        if account.archived:
            continue
        points = []
        for month in months:
            end = min((month + timedelta(days=31)).replace(day=1) - timedelta(days=1), last)
            balance = account.opening_balance_minor
            for record in books.records:
                if record.occurred_on > end:
                    continue
                if record.kind is RecordKind.TRANSFER:
                    if record.account_id == account.id:
                        balance -= record.amount_minor
                    if record.counterpart_account_id == account.id:
                        balance += record.counterpart_amount_minor
                elif record.account_id == account.id:
                    sign = 1 if record.kind is RecordKind.INCOME else -1
                    balance += sign * record.amount_minor
            points.append((end.isoformat(), balance))
        series[account.id] = points
    return series


def _payees(records: list[Any]) -> list[tuple[str, str, int, int]]:
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for record in records:
        if record.kind is RecordKind.EXPENSE and record.payee:
            row = sums[record.payee, record.currency]
            row[0] += record.amount_minor
            row[1] += 1
    ranked = sorted(sums.items(), key=lambda item: (item[0][1], -item[1][0], item[0][0]))
    kept: dict[str, int] = defaultdict(int)
    answer = []
    for (payee, currency), (amount, count) in ranked:
        kept[currency] += 1
        if kept[currency] <= PAYEE_LIMIT:
            answer.append((payee, currency, amount, count))
    return answer


def answered_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """The API's summary in the reference's shape."""
    def row_amounts(row: dict[str, Any], currency: str) -> tuple[tuple[int, ...], int, int]:
        amounts = tuple(_minor(amount, currency) for amount in row["amounts"])
        return amounts, _minor(row["total"], currency), row["recordCount"]

    statements = {}
    for statement in summary["incomeStatement"]:
        currency = statement["currency"]
        rows = {
            (kind, int(row["categoryId"]) if row["categoryId"] else None): (
                *row_amounts(row, currency),
                {int(child["categoryId"]): row_amounts(child, currency) for child in row["children"]},
            )
            for kind in ("INCOME", "EXPENSE") for row in statement[kind.lower()]
        }
        statements[currency] = (
            tuple(statement["periods"]), rows,
            *(tuple(_minor(amount, currency) for amount in statement[name])
              for name in ("totalIncome", "totalExpense", "net")),
        )
    return {
        "totals": {
            row["currency"]: (
                *(_minor(row[name], row["currency"]) for name in ("income", "expense", "net")),
                row["savingsRate"], row["transferCount"], row["recordCount"],
            )
            for row in summary["totals"]
        },
        "byPeriod": {
            (row["periodStart"], row["currency"]):
                tuple(_minor(row[name], row["currency"]) for name in ("income", "expense", "net"))
            for row in summary["byPeriod"]
        },
        "byCategory": {
            (int(row["categoryId"]) if row["categoryId"] else None, row["kind"], row["currency"]): (
                _minor(row["amount"], row["currency"]), row["share"], row["recordCount"],
                {int(child["categoryId"]): (_minor(child["amount"], row["currency"]), child["share"],
                                            child["recordCount"]) for child in row["children"]},
            )
            for row in summary["byCategory"]
        },
        "incomeStatement": statements,
        "byAccount": {
            int(row["account"]["id"]): tuple(
                _minor(row[name], row["currency"])
                for name in ("income", "expense", "transfersIn", "transfersOut", "net"))
            for row in summary["byAccount"]
        },
        "balances": {
            int(series["account"]["id"]): [(point["date"], _minor(point["balance"], series["currency"]))
                                           for point in series["points"]]
            for series in summary["balances"]
        },
        "byPayee": [
            (row["payee"], row["currency"], _minor(row["amount"], row["currency"]), row["recordCount"])
            for row in summary["byPayee"]
        ],
    }
