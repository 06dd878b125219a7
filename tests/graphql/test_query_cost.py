"""The query cost limit: costly operations are refused with QUERY_TOO_COSTLY before anything runs."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, get_operation_ast, parse
from graphql.execution.values import get_variable_values

from analytics import queries
from api.config import Settings
from api.graphql.cost import CountsNeeded, estimate_variables, operation_cost
from api.query_costs import COST_MODEL, COSTS, period_count
from api.schema import schema
from api.ledger.periods import Period, period_starts
from api.users.counts import OwnedCounts

CREATE_ACCOUNT = "mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }"
DAILY_BALANCES = (
    'summary(from: "2017-01-01", to: "2026-12-30", period: DAY) { balances { points { date balance } } }'
)
DEFAULT_BUDGET = Settings.model_fields["max_query_cost"].default


def open_accounts(user, count: int, currencies: tuple[str, ...] = ("EUR",)) -> list[str]:
    """Create `count` accounts, cycling through the currencies; their ids."""
    inputs = [{"name": f"Account {index}", "type": "CHECKING", "currency": currency}
              for index, currency in zip(range(count), itertools.cycle(currencies))]
    return [user.ok(CREATE_ACCOUNT, {"input": account})["createAccount"]["id"] for account in inputs]


def assert_too_costly(body: dict) -> dict:
    """The refusal's extensions; no data, so nothing was resolved."""
    assert body["data"] is None
    [error] = body["errors"]
    extensions = error["extensions"]
    assert extensions["code"] == "QUERY_TOO_COSTLY"
    assert extensions["cost"] > extensions["budget"]
    assert str(extensions["budget"]) in error["message"]
    return extensions


def test_thirty_aliases_of_ten_years_of_daily_balances_are_refused(alice):
    open_accounts(alice, 7)
    attack = "{ " + " ".join(f"a{index}: {DAILY_BALANCES}" for index in range(30)) + " }"
    extensions = assert_too_costly(alice.execute(attack))
    assert extensions["budget"] == DEFAULT_BUDGET


def test_the_same_attack_through_variables_is_refused(alice):
    open_accounts(alice, 7)
    summary = "summary(from: $from, to: $to, period: $period) { balances { points { date balance } } }"
    fields = " ".join(f"a{index}: {summary}" for index in range(30))
    attack = f"query Attack($from: Date!, $to: Date!, $period: Period!) {{ {fields} }}"
    assert_too_costly(alice.execute(attack, {"from": "2017-01-01", "to": "2026-12-30", "period": "DAY"}))


def test_refused_mutation_runs_none_of_its_fields(alice):
    """Aliased sign-ups (each a slow password hash) are costly; the account before them is not created."""
    register = 'register(email: "r%d@example.com", password: "correct horse battery") { accessToken }'
    registrations = " ".join(f"r{index}: " + register % index for index in range(5))
    create = 'createAccount(input: {name: "Early", type: CASH, currency: "EUR"}) { id }'
    mutation = f"mutation {{ {create} {registrations} }}"
    assert_too_costly(alice.execute(mutation))
    assert alice.ok("{ accounts { id } }") == {"accounts": []}


def test_the_users_own_accounts_are_counted_and_the_filter_bounds_them(alice):
    ids = open_accounts(alice, 20)
    assert_too_costly(alice.execute("{ " + DAILY_BALANCES + " }"))
    two_accounts = 'period: DAY, filter: {accountIds: ["%s", "%s"]}' % tuple(ids[:2])
    filtered = DAILY_BALANCES.replace("period: DAY", two_accounts)
    assert len(alice.ok("{ " + filtered + " }")["summary"]["balances"]) == 2


def test_daily_balances_for_ten_years_of_a_few_accounts_fit_the_budget(alice):
    open_accounts(alice, 3)
    series = alice.ok("{ " + DAILY_BALANCES + " }")["summary"]["balances"]
    assert [len(account["points"]) for account in series] == [3651] * 3


def test_the_dashboards_and_notebooks_queries_fit_the_default_budget(alice):
    """Seven accounts in three currencies, the dashboard's longest range (ten years, monthly), every part."""
    open_accounts(alice, 7, ("EUR", "USD", "JPY"))
    summary = queries.summary_query(queries.SUMMARY_PARTS)
    variables = {"from": "2016-12-01", "to": "2026-11-30", "period": "MONTH", "filter": None,
                 "payeeLimit": 8, "payeeKind": "EXPENSE"}
    assert len(alice.ok(summary, variables)["summary"]["balances"]) == 7
    assert alice.ok(queries.RECORDS, {"first": 500, "filter": None, "after": None})["records"]["nodes"] == []
    assert len(alice.ok(queries.ACCOUNTS, {"includeArchived": True})["accounts"]) == 7


def cost(query: str, counts: OwnedCounts | None = OwnedCounts(accounts=2, currencies=1, categories=10),
         variables: dict | None = None) -> int:
    """The full estimated cost of a query for a user with these counts."""
    document = parse(query)
    operation = get_operation_ast(document)
    coerced = get_variable_values(schema._schema, operation.variable_definitions or (), variables or {})
    return operation_cost(schema._schema, document, operation, coerced, COST_MODEL, counts)


def test_balances_cost_grows_with_accounts_and_periods():
    monthly = '{ summary(from: "2025-01-01", to: "2025-12-31") { balances { points { date } } } }'
    weekly = monthly.replace("to: ", "period: WEEK, to: ")
    base = cost(monthly) - 2 * (1 + 12)  # per account: its points list, and a date per month
    assert cost(monthly, OwnedCounts(accounts=4, currencies=1)) == base + 4 * (1 + 12)
    assert cost(weekly) == base + 2 * (1 + 53)


def test_filtered_accounts_bound_the_balances_cost():
    query = ('{ summary(from: "2025-01-01", to: "2025-12-31", filter: {accountIds: [%s]}) '
             "{ balances { currency } } }")
    five = OwnedCounts(accounts=5, currencies=1)
    assert cost(query % "", five) - cost(query % '"1"', five) == 4
    assert cost(query % '"1", "1", "2"', five) - cost(query % '"1"', five) == 1


def test_records_cost_grows_with_the_page_size():
    page = "query Page($first: Int!) { records(first: $first) { nodes { id amount } } }"
    assert cost(page, variables={"first": 200}) - cost(page, variables={"first": 100}) == 100 * 2


def test_a_records_page_is_estimated_without_the_users_counts():
    """The counts cost a query: a page (even with an `Upcoming.records`-named field) needs none."""
    page = "{ records(first: 50) { edges { cursor node { id amount account { name } } } totalCount } }"
    assert cost(page, counts=None) == cost(page) > 0


def test_a_summary_part_asks_for_the_users_counts():
    with pytest.raises(CountsNeeded):
        cost('{ summary(from: "2025-01-01", to: "2025-12-31") { byAccount { balance } } }', counts=None)


CREATE_RECORDS = "mutation Create($inputs: [RecordInput!]!) { createRecords(inputs: $inputs) { id } }"
RECORD_INPUT = {"accountId": "1", "kind": "EXPENSE", "amount": "4.20", "date": "2026-01-05"}


def test_a_list_of_inputs_counts_as_many_items_as_it_holds_without_coercing_each():
    """The estimate coerces the first input only, and bills every input as full coercion does."""
    document = parse(CREATE_RECORDS)
    operation = get_operation_ast(document)
    unchecked = estimate_variables(schema._schema, operation.variable_definitions,
                                   {"inputs": [RECORD_INPUT] * 3 + [{"anything": "left to execution"}]})
    assert len(unchecked.coerced["inputs"]) == 4
    four = {"inputs": [RECORD_INPUT] * 4}
    estimated = estimate_variables(schema._schema, operation.variable_definitions, four)
    counts = OwnedCounts(accounts=1, currencies=1)
    assert (operation_cost(schema._schema, document, operation, estimated, COST_MODEL, counts)
            == cost(CREATE_RECORDS, counts, four) > cost(CREATE_RECORDS, counts, {"inputs": [RECORD_INPUT]}))


def test_an_input_the_estimate_does_not_coerce_is_still_refused_by_name(alice):
    inputs = [RECORD_INPUT, {**RECORD_INPUT, "amount": 4.2}]
    error = alice.error(CREATE_RECORDS, {"inputs": inputs})
    assert error["message"].startswith("inputs[1].amount: ")


def test_aliases_of_a_costly_field_each_cost_it():
    one = cost("{ records { totalCount } }")
    assert cost("{ a: records { totalCount } b: records { totalCount } }") == 2 * one


def test_fragments_cost_like_the_fields_they_hold():
    inline = "{ summary(from: \"2025-01-01\", to: \"2025-12-31\") { byPeriod { net } } }"
    fragment = ("{ summary(from: \"2025-01-01\", to: \"2025-12-31\") { ...Flow } } "
                "fragment Flow on Summary { byPeriod { net } }")
    assert cost(fragment) == cost(inline) > 0


def test_introspection_is_free():
    assert cost("{ __schema { types { name fields { name } } } }") == 0


@pytest.mark.parametrize("period", list(Period))
@pytest.mark.parametrize("date_from, date_to", [
    (date(2024, 1, 1), date(2024, 1, 1)), (date(2023, 12, 31), date(2025, 1, 2)),
    (date(2017, 1, 1), date(2026, 12, 30)), (date(2024, 2, 29), date(2024, 11, 17)),
])
def test_period_count_matches_the_listed_periods(period, date_from, date_to):
    assert period_count(date_from, date_to, period) == len(list(period_starts(date_from, date_to, period)))


def test_period_count_bills_an_absurd_range_as_the_longest_allowed():
    assert period_count(date(1, 1, 1), date(9999, 12, 31), Period.DAY) == 3661
    assert period_count(date(9999, 1, 1), date(9999, 12, 31), Period.MONTH) == 12
    assert period_count(date(2025, 1, 2), date(2025, 1, 1), Period.DAY) == 0


def test_every_list_of_objects_in_the_schema_has_an_estimated_size():
    lists = set()
    for type_ in schema._schema.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        for name, field in type_.fields.items():
            field_type = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            item_type = field_type.of_type.of_type if isinstance(field_type, GraphQLList) else None
            if isinstance(item_type, GraphQLObjectType):
                lists.add((type_.name, name))
    assert lists
    assert {field for field in lists if COSTS.get(field) is None or COSTS[field].items is None} == set()
