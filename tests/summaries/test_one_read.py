"""The parts a summary is asked for read their facts and the balances before the range in one statement."""

from __future__ import annotations

from tests.accounts.query_counter import counted_queries
from tests.summaries.books import summary
from tests.summaries.test_accounts import BALANCES, BY_ACCOUNT

TOTALS = "totals { currency income expense }"
READS_OF_FACTS = ("monthly_rollups", "FROM records")


def fact_statements(statements: list[str]) -> list[str]:
    return [statement for statement in statements if any(name in statement for name in READS_OF_FACTS)]


def test_totals_accounts_and_balances_of_a_month_begun_are_one_statement(alice, books):
    with counted_queries(alice.client) as statements:
        data = summary(alice, f"{TOTALS} {BY_ACCOUNT} {BALANCES}", "2024-02-15", "2024-03-31")
    assert len(fact_statements(statements)) == 1
    for part in (TOTALS, BY_ACCOUNT, BALANCES):
        (name, answer), = summary(alice, part, "2024-02-15", "2024-03-31").items()
        assert data[name] == answer
    checking = next(series for series in data["balances"] if series["account"]["name"] == "Checking")
    assert checking["points"] == [{"date": "2024-02-29", "balance": "2377.25"},
                                  {"date": "2024-03-31", "balance": "2377.25"}]


def test_parts_behind_fragments_read_alike(alice, books):
    selection = f"... on Summary {{ {TOTALS} }} ...Balances"
    query = ("query($from: Date!, $to: Date!) { summary(from: $from, to: $to) { %s } } "
             "fragment Balances on Summary { %s }") % (selection, BALANCES)
    with counted_queries(alice.client) as statements:
        data = alice.ok(query, {"from": "2024-01-01", "to": "2024-03-31"})["summary"]
    assert len(fact_statements(statements)) == 1
    assert data["totals"] == summary(alice, TOTALS, "2024-01-01", "2024-03-31")["totals"]
    assert data["balances"] == summary(alice, BALANCES, "2024-01-01", "2024-03-31")["balances"]


def test_a_filter_beyond_accounts_reads_balances_apart_with_the_same_answer(alice, books):
    groceries = {"categoryIds": [books.groceries]}
    with counted_queries(alice.client) as statements:
        data = summary(alice, f"{TOTALS} {BALANCES}", "2024-01-01", "2024-03-31", record_filter=groceries)
    assert len(fact_statements(statements)) == 2  # the filtered facts, and every leg for balances
    alone = summary(alice, TOTALS, "2024-01-01", "2024-03-31", record_filter=groceries)
    assert data["totals"] == alone["totals"]
    assert data["balances"] == summary(alice, BALANCES, "2024-01-01", "2024-03-31")["balances"]


def test_parts_naming_no_category_leave_the_category_tree_unread(alice, books):
    with counted_queries(alice.client) as statements:
        summary(alice, f"{TOTALS} {BY_ACCOUNT} {BALANCES}", "2024-02-15", "2024-03-31")
    assert not [statement for statement in statements if "categories.parent_id" in statement]  # the tree


PAYEES = "byPayee(limit: 3) { payee currency amount recordCount }"


def test_ranges_of_one_shape_share_a_statement_and_answer_like_a_filter_keeping_everything(alice, books):
    """Without a filter the user and dates are bound parameters of one statement per shape; a filter
    builds its own, and one that keeps every record must answer the same."""
    parts = f"{TOTALS} {BY_ACCOUNT} {BALANCES} {PAYEES}"
    every_kind = {"kinds": ["INCOME", "EXPENSE", "TRANSFER"]}
    texts = []
    for date_from, date_to in (("2024-02-15", "2024-03-31"), ("2024-01-10", "2024-02-29")):
        with counted_queries(alice.client) as statements:
            data = summary(alice, parts, date_from, date_to)
        texts.append(fact_statements(statements))
        filtered = summary(alice, parts, date_from, date_to, record_filter=every_kind)
        assert {name: data[name] for name in ("totals", "byAccount", "byPayee")} == {
            name: filtered[name] for name in ("totals", "byAccount", "byPayee")
        }
        assert data["balances"] == filtered["balances"]
    assert texts[0] == texts[1] and len(texts[0]) == 2  # the facts with the balances before, and the payees


def test_parts_naming_accounts_and_categories_read_both_in_one_statement(alice, books):
    by_category = "byCategory { name amount category { id name } }"
    with counted_queries(alice.client) as statements:
        data = summary(alice, f"{BY_ACCOUNT} {BALANCES} {by_category}", "2024-01-01", "2024-03-31")
    reads = [statement for statement in statements if "count(" not in statement]  # not the cost check's
    setup = [statement for statement in reads
             if "FROM accounts" in statement or "FROM categories" in statement]
    assert len(setup) == 1 and "FROM accounts" in setup[0] and "FROM categories" in setup[0]
    for part in (BY_ACCOUNT, BALANCES, by_category):
        (name, answer), = summary(alice, part, "2024-01-01", "2024-03-31").items()
        assert data[name] == answer
