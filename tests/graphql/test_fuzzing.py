"""Generated queries and mutations (hypothesis-graphql, as schemathesis runs it) never make an internal error.

Every root field but the uploads, with arguments drawn from the schema, sent to the real ASGI app
as nobody and as a signed-in user. Refusals with codes (BAD_USER_INPUT, NOT_FOUND,
UNAUTHENTICATED, QUERY_TOO_COSTLY…) are fine; INTERNAL_SERVER_ERROR or HTTP 500 is not.
"""

from __future__ import annotations

from pathlib import Path

import graphql
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis_graphql import from_schema, nodes

from tests.conftest import GraphQL

SCHEMA = graphql.build_schema((Path(__file__).parents[2] / "schema.graphql").read_text(encoding="utf-8"))
EXAMPLES_PER_USER = 150  # two users: 300 operations, well under a minute on a loaded machine

# Plausible values mostly, loose ones sometimes: the scalars' own refusals are under test too.
SCALARS = {
    "Money": st.one_of(st.from_regex(r"-?[0-9]{1,14}(\.[0-9]{1,3})?", fullmatch=True), st.text(max_size=45))
    .map(nodes.String),
    "CurrencyCode": st.sampled_from(["EUR", "USD", "JPY", "BHD", "eur", "XXX", "EURO", ""]).map(nodes.String),
    "Date": st.one_of(st.dates().map(str), st.text(max_size=12)).map(nodes.String),
    "DateTime": st.datetimes().map(lambda moment: moment.isoformat() + "Z").map(nodes.String),
    "Decimal": st.from_regex(r"-?[0-9]{1,10}(\.[0-9]{1,4})?", fullmatch=True).map(nodes.String),
    # Ids of rows that may exist, ids around PostgreSQL's INTEGER limit (once an internal error), text.
    "ID": st.one_of(st.integers(1, 40).map(str), st.integers(2**31 - 3, 2**31 + 3).map(str),
                    st.text(max_size=6)).map(nodes.String),
}


def _fields_without_uploads(root: graphql.GraphQLObjectType | None) -> list[str]:
    """Root fields none of whose arguments is (or holds) an Upload: multipart is fuzzed elsewhere."""
    if root is None:
        return []
    return [name for name, field in root.fields.items()
            if all(graphql.get_named_type(argument.type).name != "Upload"
                   for argument in field.args.values())]


FIELDS = _fields_without_uploads(SCHEMA.query_type) + _fields_without_uploads(SCHEMA.mutation_type)
OPERATIONS = from_schema(SCHEMA, fields=FIELDS, custom_scalars=SCALARS, allow_x00=False)


def assert_no_internal_error(user: GraphQL, operation: str) -> None:
    headers = {"Authorization": f"Bearer {user.token}"} if user.token else {}
    response = user.client.post("/graphql", json={"query": operation}, headers=headers)
    assert response.status_code != 500, (operation, response.text)
    body = response.json()
    codes = [error.get("extensions", {}).get("code") for error in body.get("errors") or []]
    assert "INTERNAL_SERVER_ERROR" not in codes, (operation, body)


def _fuzz(user: GraphQL) -> None:
    @settings(max_examples=EXAMPLES_PER_USER, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(operation=OPERATIONS)
    def run(operation: str) -> None:
        assert_no_internal_error(user, operation)

    run()


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_generated_operations_never_fail_internally(make_user, anonymous: GraphQL, signed_in: bool):
    _fuzz(make_user() if signed_in else anonymous)
