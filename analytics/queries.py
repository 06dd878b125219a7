"""The GraphQL documents the client sends, written against the contract's SDL."""

from __future__ import annotations

AUTH_FIELDS = "accessToken refreshToken user { id email }"

LOGIN = f"""
mutation Login($email: String!, $password: String!) {{
  login(email: $email, password: $password) {{ {AUTH_FIELDS} }}
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

SUMMARY = f"""
query Summary(
  $from: Date!, $to: Date!, $filter: RecordFilter, $period: Period!,
  $payeeLimit: Int!, $payeeKind: RecordKind!
) {{
  summary(from: $from, to: $to, filter: $filter, period: $period) {{
    from to period
    totals {{ currency income expense net savingsRate transferCount recordCount }}
    byPeriod {{ periodStart currency income expense net }}
    byCategory {{ {CATEGORY_TOTALS_FIELDS} children {{ {CATEGORY_TOTALS_FIELDS} }} }}
    byAccount {{ account {{ id name }} currency income expense transfersIn transfersOut net }}
    balances {{ account {{ id name }} currency points {{ date balance }} }}
    byPayee(limit: $payeeLimit, kind: $payeeKind) {{ payee currency amount recordCount }}
  }}
}}
"""
