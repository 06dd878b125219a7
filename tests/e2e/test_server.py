"""`fintrack serve` as a real process: from registration to a correct summary over HTTP."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import httpx
import pytest

from tests.e2e.conftest import HttpGraphQL

pytestmark = pytest.mark.e2e

REGISTER = "mutation($e: String!, $p: String!) { register(email: $e, password: $p) { accessToken } }"
CATEGORIES = "{ categories { id fullName } }"
CREATE_ACCOUNT = "mutation($input: CreateAccountInput!) { createAccount(input: $input) { id currency } }"
CREATE_RECORD = "mutation($input: RecordInput!) { createRecord(input: $input) { id amount currency } }"
CREATE_RECORDS = "mutation($inputs: [RecordInput!]!) { createRecords(inputs: $inputs) { id } }"
RECORDS = """
query($filter: RecordFilter, $first: Int!, $after: String) {
  records(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { date amount payee kind tags counterpartAmount }
  }
}
"""
SUMMARY = """
query($from: Date!, $to: Date!) {
  summary(from: $from, to: $to, period: MONTH) {
    totals { currency income expense net savingsRate }
    byPeriod { periodStart currency income expense net }
  }
}
"""
ACCOUNTS = "{ accounts { name balance } }"


def amounts(row: dict[str, object], *names: str) -> tuple[Decimal, ...]:
    """Money fields as Decimals, so "0" and "0.00" compare equal."""
    return tuple(Decimal(str(row[name])) for name in names)


def all_pages(api: HttpGraphQL, first: int, filter: dict | None = None) -> tuple[list[dict], int, int]:
    """Every record through keyset pagination: (nodes, totalCount, number of pages)."""
    nodes, after, pages = [], None, 0
    while True:
        page = api.ok(RECORDS, {"first": first, "after": after, "filter": filter})["records"]
        nodes += page["nodes"]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            return nodes, page["totalCount"], pages
        after = page["pageInfo"]["endCursor"]


def test_register_to_summary_over_http(server):
    api = HttpGraphQL(server.url)
    registered = api.ok(REGISTER, {"e": "eve@example.com", "p": "correct horse battery"})["register"]
    api.token = registered["accessToken"]
    categories = {category["fullName"]: category["id"] for category in api.ok(CATEGORIES)["categories"]}

    def account(name: str, type: str, currency: str, opening: str) -> str:
        variables = {"input": {"name": name, "type": type, "currency": currency, "openingBalance": opening}}
        return api.ok(CREATE_ACCOUNT, variables)["createAccount"]["id"]

    checking = account("Checking", "CHECKING", "EUR", "100.00")
    savings = account("Savings", "SAVINGS", "EUR", "0")
    dollars = account("Dollars", "CHECKING", "USD", "0")

    salary = api.ok(CREATE_RECORD, {"input": {
        "accountId": checking, "kind": "INCOME", "amount": "2500.00", "date": "2026-01-26",
        "payee": "Acme Corp", "categoryId": categories["Salary"],
    }})["createRecord"]
    assert (salary["amount"], salary["currency"]) == ("2500.00", "EUR")

    def expense(amount: str, day: str, payee: str, category: str, tags: list[str] = []) -> dict:
        return {"accountId": checking, "kind": "EXPENSE", "amount": amount, "date": day, "payee": payee,
                "categoryId": categories[category], "tags": tags}

    def transfer(target: str, amount: str, day: str, arrived: str | None = None) -> dict:
        return {"accountId": checking, "kind": "TRANSFER", "amount": amount, "date": day,
                "counterpartAccountId": target, "counterpartAmount": arrived}

    created = api.ok(CREATE_RECORDS, {"inputs": [
        expense("1000.00", "2026-01-01", "Landlord", "Housing / Rent"),
        expense("42.50", "2026-01-10", "Market", "Food / Groceries", ["weekly"]),
        expense("17.25", "2026-02-03", "Market", "Food / Groceries"),
        transfer(savings, "500.00", "2026-01-27"),
        transfer(dollars, "100.00", "2026-02-05", arrived="108.50"),
    ]})["createRecords"]
    assert len(created) == 5

    nodes, total, pages = all_pages(api, first=4)
    assert (total, pages) == (6, 2)
    assert [node["date"] for node in nodes] == [
        "2026-02-05", "2026-02-03", "2026-01-27", "2026-01-26", "2026-01-10", "2026-01-01"]
    assert nodes[0]["counterpartAmount"] == "108.50"

    market, total, _ = all_pages(api, first=50, filter={"search": "MARKET", "minAmount": "20"})
    assert total == 1
    assert (market[0]["amount"], market[0]["tags"]) == ("42.50", ["weekly"])

    summary = api.ok(SUMMARY, {"from": "2026-01-01", "to": "2026-02-28"})["summary"]
    [euro] = summary["totals"]
    assert euro["currency"] == "EUR"
    assert amounts(euro, "income", "expense", "net") == (
        Decimal("2500.00"), Decimal("1059.75"), Decimal("1440.25"))
    assert euro["savingsRate"] == pytest.approx(0.5761)
    by_month = {row["periodStart"]: amounts(row, "income", "expense", "net") for row in summary["byPeriod"]}
    assert by_month == {
        "2026-01-01": (Decimal("2500.00"), Decimal("1042.50"), Decimal("1457.50")),
        "2026-02-01": (Decimal("0"), Decimal("17.25"), Decimal("-17.25")),
    }

    balances = {row["name"]: Decimal(row["balance"]) for row in api.ok(ACCOUNTS)["accounts"]}
    assert balances == {
        "Checking": Decimal("940.25"), "Savings": Decimal("500.00"), "Dollars": Decimal("108.50")}


def test_serve_demo_prints_credentials_that_show_a_full_summary(start_server):
    server = start_server("--demo")
    output = server.output()
    email = re.search(r"email: +(\S+)", output).group(1)
    password = re.search(r"password: +(\S+)", output).group(1)
    record_count = int(re.search(r"and (\d+) records", output).group(1))
    api = HttpGraphQL(server.url)
    api.sign_in(email, password)

    today = date.today()
    summary = api.ok(SUMMARY, {"from": str(today - timedelta(days=365)), "to": str(today)})["summary"]
    totals = {row["currency"]: row for row in summary["totals"]}
    assert {"EUR", "USD", "JPY"} <= set(totals)
    assert Decimal(totals["EUR"]["income"]) > Decimal("40000")
    assert Decimal(totals["EUR"]["expense"]) > Decimal("10000")
    assert len(summary["byPeriod"]) >= 12
    page = api.ok(RECORDS, {"first": 1})["records"]
    assert page["totalCount"] == record_count


def test_serve_prints_urls_that_answer(server):
    urls = re.findall(r"(http://\S+?)(?:\s|$)", server.output())
    assert f"{server.url}/graphql" in urls
    for url in urls:
        response = httpx.get(url, timeout=30, headers={"Accept": "text/html"}, follow_redirects=True)
        assert response.status_code == 200, (url, response.status_code)


def test_serve_with_several_workers_answers_graphql(start_server):
    server = start_server("--workers", "2")
    api = HttpGraphQL(server.url)
    for number in range(4):
        api.ok(REGISTER, {"e": f"worker{number}@example.com", "p": "correct horse battery"})
    assert "Warning: dashboard sessions break with several workers" in server.output()
