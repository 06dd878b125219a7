"""GraphQL IDs are parsed in one place and bad ones name their field."""

import pytest

from api.errors import InvalidInput
from api.graphql.ids import MAX_ID, parse_id


def test_parse_id_accepts_plain_numbers():
    assert parse_id("42", "id") == 42


@pytest.mark.parametrize("value", ["", "0", "abc", "-1", "1.5", " 7", "1e3", "٣", str(MAX_ID + 1)])
def test_parse_id_refuses_anything_else_naming_the_field(value):
    with pytest.raises(InvalidInput) as raised:
        parse_id(value, "input.accountId")
    assert raised.value.field == "input.accountId"
