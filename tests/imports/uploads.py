"""Uploads through the GraphQL multipart request spec, as a browser or client library sends them."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import GraphQL

RESULT_FIELDS = """
kept import { id fileName format accountId undoneAt counts { new duplicate refused skipped total } }
fileName format columns notes counts { new duplicate refused skipped total } rowsTruncated
mapping { delimiter dateColumn dateFormat amountColumn payeeColumn decimalSeparator }
rows { line outcome recordId column reason date amount payee description categoryId tags }
"""
IMPORT_FILE = f"""
mutation($file: Upload!, $accountId: ID!, $mapping: CsvMappingInput, $presetName: String,
         $skipInvalid: Boolean! = false, $idempotencyKey: String) {{
  importFile(file: $file, accountId: $accountId, mapping: $mapping, presetName: $presetName,
             skipInvalid: $skipInvalid, idempotencyKey: $idempotencyKey) {{ {RESULT_FIELDS} }}
}}
"""
PREVIEW_IMPORT = f"""
mutation($file: Upload!, $accountId: ID!, $mapping: CsvMappingInput, $presetName: String) {{
  previewImport(file: $file, accountId: $accountId, mapping: $mapping, presetName: $presetName) {{
    {RESULT_FIELDS}
  }}
}}
"""


def post_upload(
    user: GraphQL, query: str, variables: dict[str, Any], content: bytes, file_name: str = "statement.csv",
    headers: dict[str, str] | None = None,
) -> Any:
    """POST a multipart request with one file bound to `$file`; the raw response."""
    operations = json.dumps({"query": query, "variables": {**variables, "file": None}})
    sent_headers = {"Authorization": f"Bearer {user.token}"} if user.token else {}
    sent_headers.update(headers or {})
    return user.client.post(
        "/graphql",
        data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (file_name, content, "text/csv")},
        headers=sent_headers,
    )


def upload(user: GraphQL, query: str, variables: dict[str, Any], content: bytes, **options: Any) -> dict:
    """The response body of an upload."""
    response = post_upload(user, query, variables, content, **options)
    assert response.status_code == 200, response.text
    return response.json()


def imported(user: GraphQL, account_id: str, content: bytes, **variables: Any) -> dict:
    """importFile's result, which must have no errors."""
    body = upload(user, IMPORT_FILE, {"accountId": account_id, **variables}, content)
    assert not body.get("errors"), body["errors"]
    return body["data"]["importFile"]
