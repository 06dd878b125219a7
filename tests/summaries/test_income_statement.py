"""incomeStatement: categories × periods per currency, every period of the range a column."""

from __future__ import annotations

from tests.summaries.books import summary

STATEMENT = """
incomeStatement {
  currency periods totalIncome totalExpense net
  income { name amounts total recordCount children { name amounts } }
  expense { categoryId name kind amounts total recordCount category { name }
            children { name amounts total children { name } } }
}
"""


def statements(user, date_from="2024-01-01", date_to="2024-03-31", period="MONTH", **filters):
    data = summary(user, STATEMENT, date_from, date_to, period, record_filter=filters or None)
    return {statement["currency"]: statement for statement in data["incomeStatement"]}


def test_one_statement_per_currency_with_a_column_per_period(alice, books):
    euros = statements(alice)["EUR"]
    assert euros["periods"] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert euros["totalIncome"] == ["3000.00", "0.00", "0.00"]
    assert euros["totalExpense"] == ["100.25", "912.50", "0.00"]
    assert euros["net"] == ["2899.75", "-912.50", "0.00"]
    assert sorted(statements(alice)) == ["EUR", "JPY", "USD"]


def test_rows_roll_sub_categories_into_their_top_level_category_like_by_category(alice, books):
    expense = statements(alice)["EUR"]["expense"]
    assert [(row["name"], row["amounts"], row["total"], row["recordCount"]) for row in expense] == [
        ("Housing", ["0.00", "900.00", "0.00"], "900.00", 1),
        ("Food", ["100.25", "0.00", "0.00"], "100.25", 3),
        ("Uncategorized", ["0.00", "12.50", "0.00"], "12.50", 1),
    ]
    food = expense[1]
    assert [(child["name"], child["amounts"], child["children"]) for child in food["children"]] == [
        ("Groceries", ["70.25", "0.00", "0.00"], []),
        ("Food", ["30.00", "0.00", "0.00"], []),
    ]
    assert (food["categoryId"], food["kind"], food["category"]) == (books.food, "EXPENSE", {"name": "Food"})
    assert expense[2]["categoryId"] is None and expense[2]["category"] is None


def test_periods_without_records_and_periods_cut_by_the_range_are_columns(alice, books):
    yen = statements(alice, "2024-01-07", "2024-05-15", "QUARTER")["JPY"]
    assert yen["periods"] == ["2024-01-01", "2024-04-01"]
    assert yen["expense"][0]["amounts"] == ["1500", "0"]
    assert yen["income"] == [{"name": "Uncategorized", "amounts": ["2000", "0"], "total": "2000",
                              "recordCount": 1, "children": []}]


def test_the_filter_applies_and_transfers_never_show(alice, books):
    only_card = statements(alice, accountIds=[books.card])
    assert list(only_card) == ["USD"]
    assert only_card["USD"]["expense"][0]["amounts"] == ["0.00", "0.00", "40.00"]
    assert only_card["USD"]["totalIncome"] == ["0.00", "0.00", "0.00"]


def test_no_records_no_statement(alice, books):
    assert statements(alice, "2024-06-01", "2024-06-30") == {}
