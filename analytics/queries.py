"""The GraphQL documents the client sends, written against the contract's SDL."""

from __future__ import annotations

from collections.abc import Iterable

AUTH_FIELDS = "accessToken refreshToken user { id email }"

LOGIN = f"""
mutation Login($email: String!, $password: String!, $remember: Boolean!) {{
  login(email: $email, password: $password, remember: $remember) {{ {AUTH_FIELDS} deviceToken }}
}}
"""

RESUME_SESSION = f"""
mutation ResumeSession($deviceToken: String!) {{
  resumeSession(deviceToken: $deviceToken) {{ {AUTH_FIELDS} }}
}}
"""

REFRESH_TOKEN = f"""
mutation RefreshToken($refreshToken: String!) {{
  refreshToken(refreshToken: $refreshToken) {{ {AUTH_FIELDS} }}
}}
"""

LOGOUT = """
mutation Logout($refreshToken: String) { logout(refreshToken: $refreshToken) }
"""

RECORD_FIELDS = """
  id kind amount currency date payee description tags
  account { id name }
  category { id }
  counterpartAccount { id }
  counterpartAmount
"""

RECORDS = f"""
query Records($filter: RecordFilter, $first: Int!, $after: String) {{
  records(filter: $filter, first: $first, after: $after) {{
    pageInfo {{ hasNextPage endCursor }}
    nodes {{ {RECORD_FIELDS} }}
  }}
}}
"""

CREATE_RECORD = f"""
mutation CreateRecord($input: RecordInput!) {{
  createRecord(input: $input) {{ {RECORD_FIELDS} }}
}}
"""

TABLE_RECORD_FIELDS = """
  id kind amount currency date payee description notes tags counterpartAmount
  account { id name } category { id fullName } counterpartAccount { id name }
"""
"""What a records table shows and what editing or re-creating a record needs."""

RECORDS_PAGE = f"""
query RecordsPage($filter: RecordFilter, $first: Int!, $after: String) {{
  records(filter: $filter, first: $first, after: $after) {{
    totalCount
    pageInfo {{ hasNextPage endCursor }}
    nodes {{ {TABLE_RECORD_FIELDS} }}
  }}
}}
"""

RECORD = f"""
query Record($id: ID!) {{ record(id: $id) {{ {TABLE_RECORD_FIELDS} }} }}
"""

UPDATE_RECORD = f"""
mutation UpdateRecord($id: ID!, $input: UpdateRecordInput!) {{
  updateRecord(id: $id, input: $input) {{ {TABLE_RECORD_FIELDS} }}
}}
"""

DELETE_RECORD = """
mutation DeleteRecord($id: ID!) { deleteRecord(id: $id) }
"""

ACCOUNTS = """
query Accounts($includeArchived: Boolean!) {
  accounts(includeArchived: $includeArchived) {
    id name type currency openingBalance balance archived
  }
}
"""

CATEGORIES = """
query Categories { categories { id name fullName kind color parentId } }
"""

CATEGORY_TOTALS_FIELDS = "categoryId name color kind currency amount share recordCount"

SUMMARY_PARTS = {
    "totals": "totals { currency income expense net savingsRate transferCount recordCount }",
    "cash_flow": "byPeriod { periodStart currency income expense net }",
    "categories": f"byCategory {{ {CATEGORY_TOTALS_FIELDS} children {{ {CATEGORY_TOTALS_FIELDS} }} }}",
    "accounts": "byAccount { account { id name } currency income expense transfersIn transfersOut net }",
    "balances": "balances { account { id name } currency points { date balance } }",
    "payees": "byPayee(limit: $payeeLimit, kind: $payeeKind) { payee currency amount recordCount }",
}
"""Each `Summary` frame's selection; the API computes only the parts a query asks for."""


def summary_query(parts: Iterable[str]) -> str:
    """The summary query for these parts (keys of SUMMARY_PARTS), declaring only the variables used."""
    parts = list(parts)
    payee_variables = ", $payeeLimit: Int!, $payeeKind: RecordKind!" if "payees" in parts else ""
    selections = "\n    ".join(SUMMARY_PARTS[part] for part in parts)
    return f"""
query Summary($from: Date!, $to: Date!, $filter: RecordFilter, $period: Period!{payee_variables}) {{
  summary(from: $from, to: $to, filter: $filter, period: $period) {{
    from to period
    {selections}
  }}
}}
"""
