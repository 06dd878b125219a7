"""The download route takes every field of GraphQL's `RecordFilter`, meaning the same, up to its limits."""

from __future__ import annotations

from typing import Any

import pytest

from api.records.inputs import MAX_FILTER_VALUES, MAX_SEARCH_LENGTH
from tests.conftest import GraphQL
from tests.exports.conftest import Books, download

EXPORT_CSV = "query($filter: RecordFilter) { exportRecordsCsv(filter: $filter) }"
FILTER_FIELDS = '{ __type(name: "RecordFilter") { inputFields { name } } }'


def sample_filters(books: Books) -> dict[str, dict[str, Any]]:
    """For each RecordFilter field, a filter that uses it to leave some records out."""
    return {
        "dateFrom": {"dateFrom": "2024-01-15"},
        "dateTo": {"dateTo": "2024-01-15"},
        "accountIds": {"accountIds": [books.wallet, books.card]},
        "categoryIds": {"categoryIds": [books.groceries]},
        "kinds": {"kinds": ["INCOME", "TRANSFER"]},
        "minAmount": {"minAmount": "20.00"},
        "maxAmount": {"maxAmount": "-0.01"},
        "search": {"search": "market"},
        "payees": {"payees": ["Market"]},
        "tags": {"tags": ["food", "work"]},
        "uncategorized": {"uncategorized": True},
    }


def query_value(value: Any) -> Any:
    """A GraphQL variable as a query parameter (booleans as GraphQL writes them)."""
    return str(value).lower() if isinstance(value, bool) else value


def test_every_filter_field_selects_over_http_what_it_selects_over_graphql(alice: GraphQL, books: Books):
    fields = {field["name"] for field in alice.ok(FILTER_FIELDS)["__type"]["inputFields"]}
    filters = sample_filters(books)
    assert fields == set(filters), "a RecordFilter field the download route may not read"
    everything = download(alice, "/export/records.csv").text
    for name, record_filter in filters.items():
        expected = "\ufeff" + alice.ok(EXPORT_CSV, {"filter": record_filter})["exportRecordsCsv"]
        params = {key: query_value(value) for key, value in record_filter.items()}
        answer = download(alice, "/export/records.csv", **params).text
        assert answer == expected, name
        assert answer != everything, f"{name} left nothing out: the sample proves nothing"


@pytest.mark.parametrize("path", ["/export/records.csv", "/export/records.parquet"])
def test_the_longest_filter_fits_in_a_query_string(alice: GraphQL, books: Books, path: str):
    ids = [str(1_000_000 + index) for index in range(MAX_FILTER_VALUES)]
    tags = [f"{index:03d}" + "t" * 47 for index in range(MAX_FILTER_VALUES)]
    response = download(
        alice, path, accountIds=ids, categoryIds=ids, tags=tags, search="x" * MAX_SEARCH_LENGTH,
        kinds=["INCOME", "EXPENSE", "TRANSFER"], dateFrom="2024-01-01", dateTo="2024-12-31",
        minAmount="-1000000.00", maxAmount="1000000.00", uncategorized="true",
    )
    assert response.status_code == 200, response.text
    assert len(str(response.request.url)) > 40_000  # about 47 kB: uvicorn (httptools) took it too
