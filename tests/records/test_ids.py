"""GraphQL IDs are parsed in one place and bad ones name their field."""

from datetime import date

import pytest

from api.errors import InvalidInput
from api.graphql.ids import MAX_ID, parse_id
from api.records.cursors import encode_cursor


def test_parse_id_accepts_plain_numbers():
    assert parse_id("42", "id") == 42


@pytest.mark.parametrize("value", ["", "0", "abc", "-1", "1.5", " 7", "1e3", "٣", str(MAX_ID + 1)])
def test_parse_id_refuses_anything_else_naming_the_field(value):
    with pytest.raises(InvalidInput) as raised:
        parse_id(value, "input.accountId")
    assert raised.value.field == "input.accountId"


def test_parse_id_accepts_up_to_the_largest_integer_key():
    assert parse_id("2147483647", "id") == 2147483647


BEYOND_INTEGER_KEYS = "2147483648"  # 2**31: PostgreSQL's INTEGER columns used to fail on it internally
CREATE_RECORD = "mutation($input: RecordInput!) { createRecord(input: $input) { id } }"
RECORDS_AFTER = "query($after: String) { records(after: $after) { edges { node { id } } } }"


def test_an_id_beyond_the_integer_columns_is_bad_input_naming_its_field(alice):
    record_input = {"accountId": BEYOND_INTEGER_KEYS, "kind": "EXPENSE", "amount": "1", "date": "2026-01-01"}
    error = alice.error(CREATE_RECORD, {"input": record_input})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "input.accountId"


def test_a_cursor_past_the_integer_columns_is_bad_input(alice):
    error = alice.error(RECORDS_AFTER, {"after": encode_cursor(date(2026, 1, 1), int(BEYOND_INTEGER_KEYS))})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "after"
