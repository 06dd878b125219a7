"""Every part of RecordFilter, alone and combined, on one small set of records."""

from __future__ import annotations

from typing import Any

import pytest

from tests.accounts.operations import create_account
from tests.conftest import GraphQL
from tests.records.operations import CREATE_RECORDS, RECORD_IDS, category_id


@pytest.fixture
def ids(alice: GraphQL) -> dict[str, str]:
    """Alice's accounts and categories, plus eight records each named by a unique payee."""
    ids = {
        "main": create_account(alice, "Main")["id"],
        "savings": create_account(alice, "Savings")["id"],
        "yen": create_account(alice, "Yen", currency="JPY")["id"],
        "food": category_id(alice, "Food"),
        "groceries": category_id(alice, "Food / Groceries"),
        "restaurants": category_id(alice, "Food / Restaurants"),
        "salary": category_id(alice, "Salary"),
    }
    records = [
        ("main", "EXPENSE", "5.00", "2026-01-10", "Super 100% Market", "", "groceries", ["food"]),
        ("main", "EXPENSE", "50.00", "2026-01-20", "Bistro_Bar", "Dinner with friends", "restaurants",
         ["food", "fun"]),
        ("main", "EXPENSE", "500.00", "2026-02-01", "Caterer", "", "food", []),
        ("main", "INCOME", "2000", "2026-01-31", "ACME", "January salary", "salary", []),
        ("main", "EXPENSE", "7", "2026-02-03", "Kiosk", "100 percent juice", None, []),
        ("yen", "EXPENSE", "5000", "2026-01-15", "Konbini", "onigiri", "groceries", ["food"]),
        ("yen", "EXPENSE", "50", "2026-01-16", "Vending", "", None, []),
    ]
    inputs: list[dict[str, Any]] = [
        {"accountId": ids[account], "kind": kind, "amount": amount, "date": day, "payee": payee,
         "description": description, "categoryId": ids.get(category), "tags": tags}
        for account, kind, amount, day, payee, description, category, tags in records
    ]
    inputs.append({"accountId": ids["main"], "kind": "TRANSFER", "amount": "100", "date": "2026-01-25",
                   "payee": "To savings", "counterpartAccountId": ids["savings"]})
    alice.ok(CREATE_RECORDS, {"inputs": inputs})
    return ids


ALL = {"Super 100% Market", "Bistro_Bar", "Caterer", "ACME", "Kiosk", "Konbini", "Vending", "To savings"}


def payees(user: GraphQL, record_filter: dict[str, Any] | None) -> set[str]:
    """Payees of the records the filter selects (each record has its own payee)."""
    query = RECORD_IDS.replace("nodes { id }", "nodes { id payee }")
    listed = user.ok(query, {"filter": record_filter})["records"]["nodes"]
    return {record["payee"] for record in listed}


def test_no_filter_and_empty_filter_list_everything(alice, ids):
    assert payees(alice, None) == payees(alice, {}) == ALL
    assert payees(alice, {"accountIds": [], "categoryIds": [], "kinds": [], "tags": [], "search": " "}) == ALL


def test_date_range_includes_both_ends(alice, ids):
    selected = payees(alice, {"dateFrom": "2026-01-15", "dateTo": "2026-01-25"})
    assert selected == {"Konbini", "Vending", "Bistro_Bar", "To savings"}
    assert payees(alice, {"dateFrom": "2026-02-01"}) == {"Caterer", "Kiosk"}
    assert payees(alice, {"dateTo": "2026-01-10"}) == {"Super 100% Market"}


def test_accounts_include_transfers_arriving_in_them(alice, ids):
    assert payees(alice, {"accountIds": [ids["yen"]]}) == {"Konbini", "Vending"}
    assert payees(alice, {"accountIds": [ids["savings"]]}) == {"To savings"}
    assert payees(alice, {"accountIds": [ids["yen"], ids["savings"]]}) == {"Konbini", "Vending", "To savings"}


def test_categories_include_their_sub_categories(alice, ids):
    food = {"Super 100% Market", "Bistro_Bar", "Caterer", "Konbini"}
    assert payees(alice, {"categoryIds": [ids["food"]]}) == food
    assert payees(alice, {"categoryIds": [ids["groceries"]]}) == {"Super 100% Market", "Konbini"}
    assert payees(alice, {"categoryIds": [ids["restaurants"], ids["salary"]]}) == {"Bistro_Bar", "ACME"}


def test_uncategorized_means_income_and_expenses_without_a_category(alice, ids):
    assert payees(alice, {"uncategorized": True}) == {"Kiosk", "Vending"}
    assert payees(alice, {"uncategorized": False}) == ALL - {"Kiosk", "Vending"}
    with_salary = {"uncategorized": True, "categoryIds": [ids["salary"]]}
    assert payees(alice, with_salary) == {"Kiosk", "Vending", "ACME"}


def test_kinds(alice, ids):
    assert payees(alice, {"kinds": ["INCOME"]}) == {"ACME"}
    assert payees(alice, {"kinds": ["TRANSFER", "INCOME"]}) == {"ACME", "To savings"}
    assert payees(alice, {"kinds": ["EXPENSE"]}) == ALL - {"ACME", "To savings"}


def test_amount_range_compares_in_each_currencys_own_units(alice, ids):
    # 50.00 EUR and 50 JPY are both "50": bounds are amounts, not minor units.
    assert payees(alice, {"minAmount": "50", "maxAmount": "50"}) == {"Bistro_Bar", "Vending"}
    assert payees(alice, {"minAmount": "100"}) == {"Caterer", "ACME", "To savings", "Konbini"}
    assert payees(alice, {"maxAmount": "7"}) == {"Super 100% Market", "Kiosk"}
    # A bound between two yen rounds inwards in yen, between two cents in euros.
    assert payees(alice, {"minAmount": "49.995", "maxAmount": "50.004"}) == {"Bistro_Bar", "Vending"}
    assert payees(alice, {"minAmount": "49.5", "maxAmount": "49.99"}) == set()


def test_search_is_case_insensitive_over_payee_and_description(alice, ids):
    assert payees(alice, {"search": "bistro"}) == {"Bistro_Bar"}
    assert payees(alice, {"search": "DINNER"}) == {"Bistro_Bar"}
    assert payees(alice, {"search": "  salary "}) == {"ACME"}


def test_search_treats_like_wildcards_as_plain_text(alice, ids):
    assert payees(alice, {"search": "100%"}) == {"Super 100% Market"}
    assert payees(alice, {"search": "o_b"}) == {"Bistro_Bar"}  # "_" would match the "n" in "Konbini"
    assert payees(alice, {"search": "%"}) == {"Super 100% Market"}
    assert payees(alice, {"search": "\\"}) == payees(alice, {"search": "/"}) == set()


def test_tags_match_any_of_them(alice, ids):
    assert payees(alice, {"tags": ["fun", "missing"]}) == {"Bistro_Bar"}
    assert payees(alice, {"tags": ["food"]}) == {"Super 100% Market", "Bistro_Bar", "Konbini"}
    assert payees(alice, {"tags": ["missing"]}) == set()


def test_filters_combine_with_and(alice, ids):
    selected = {"accountIds": [ids["main"]], "kinds": ["EXPENSE"], "tags": ["food"], "maxAmount": "20"}
    assert payees(alice, selected) == {"Super 100% Market"}
    assert payees(alice, {"categoryIds": [ids["food"]], "dateFrom": "2026-01-15", "search": "o"}) == {
        "Bistro_Bar", "Konbini"
    }


@pytest.mark.parametrize(
    ("record_filter", "field"),
    [
        ({"accountIds": ["1", "one"]}, "filter.accountIds[1]"),
        ({"categoryIds": ["-1"]}, "filter.categoryIds[0]"),
        ({"dateFrom": "2026-02-01", "dateTo": "2026-01-01"}, "filter.dateTo"),
        ({"minAmount": "10", "maxAmount": "5"}, "filter.maxAmount"),
        ({"search": "x" * 201}, "filter.search"),
    ],
)
def test_bad_filter_is_refused_naming_the_field(alice, record_filter, field):
    error = alice.error(RECORD_IDS, {"filter": record_filter})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("BAD_USER_INPUT", field)
