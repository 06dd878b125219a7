"""A small typed client for the Finance Tracker GraphQL API that hands back polars frames.

Tokens live in this object's memory only (a remembered device's token is handed to the caller to
keep). An access token that the API refuses is renewed once with the refresh token, and the request
is retried.
"""

from __future__ import annotations

import functools
import json
import ssl
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from types import TracebackType
from typing import Any, TypeVar

import httpx
import polars as pl

from analytics import imports as import_queries
from analytics import payloads, queries, statement
from analytics.errors import (
    AuthenticationError,
    InputError,
    NotFoundError,
    TransportError,
    error_from_graphql,
    error_from_status,
)

T = TypeVar("T")
PAGE_SIZE = 500  # the most the API hands out per page
TABLE_PAGE_SIZE = 25  # what a records table shows at once
PERIODS = ("DAY", "WEEK", "MONTH", "QUARTER", "YEAR")
DEFAULT_TIMEOUT_SECONDS = 30.0


def _camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _graphql_value(name: str, value: Any) -> Any:
    """A Python value as the API's input expects it: integer IDs as strings, enums upper-case."""
    if isinstance(value, (list, tuple)):
        return [_graphql_value(name, item) for item in value]
    if name in ("kind", "kinds") and isinstance(value, str):
        return value.upper()
    if (name.endswith("_id") or name.endswith("_ids")) and isinstance(value, int):
        return str(value)
    return value


def _graphql_input(values: Mapping[str, Any]) -> dict[str, Any]:
    """snake_case Python keyword values as a camelCase GraphQL input object."""
    return {_camel_case(name): _graphql_value(name, value) for name, value in values.items()}


def _jsonable(value: Any) -> Any:
    """Decimals and dates as the strings the Money and Date scalars take."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    return value


@dataclass(frozen=True)
class RecordFilter:
    """Which records to look at (the API's RecordFilter); unset parts do not filter."""

    date_from: date | None = None
    date_to: date | None = None
    account_ids: tuple[int, ...] | None = None
    category_ids: tuple[int, ...] | None = None  # includes their sub-categories
    kinds: tuple[str, ...] | None = None  # "income", "expense", "transfer"
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    search: str | None = None  # payee and description, case-insensitive
    payees: tuple[str, ...] | None = None  # exactly these payees
    tags: tuple[str, ...] | None = None  # any of
    uncategorized: bool | None = None

    def to_graphql(self) -> dict[str, Any]:
        """The filter as GraphQL variables."""
        values = {field.name: getattr(self, field.name) for field in fields(self)}
        return _graphql_input({name: value for name, value in values.items() if value is not None})


Filter = RecordFilter | Mapping[str, Any] | None


def _filter_variables(filter: Filter) -> dict[str, Any] | None:
    """A RecordFilter, or a mapping already spelled the GraphQL way, as variables."""
    if isinstance(filter, RecordFilter):
        return filter.to_graphql()
    return dict(filter) if filter is not None else None


@dataclass(frozen=True)
class Summary:
    """One `summary` query's answer as frames (layouts in analytics.frames)."""

    date_from: date
    date_to: date
    period: str
    totals: pl.DataFrame  # per currency: income, expense, net, savings_rate, counts
    cash_flow: pl.DataFrame  # per (period_start, currency); periods without records are absent
    categories: pl.DataFrame  # per (top-level category, currency)
    subcategories: pl.DataFrame  # the sub-categories' own amounts, under parent_category_id
    accounts: pl.DataFrame  # per account with activity
    balances: pl.DataFrame  # each account's balance at the end of each period
    payees: pl.DataFrame  # biggest payees first, per currency


@functools.cache
def trusted_certificates() -> ssl.SSLContext:
    """One TLS context for every client of this process: building one loads the whole certificate store
    (about 50 ms and a few MB), which each dashboard session paid before its sign-in form could show."""
    return httpx.create_ssl_context()


class FinanceClient:
    """Signs in to the API and queries it; pass `http_client` to reuse one (tests pass a TestClient).

    `headers` go with every request (the dashboard sends the ones its server gives it).
    """

    def __init__(
        self,
        base_url: str,
        http_client: httpx.Client | None = None,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        headers: Mapping[str, str] | None = None,
        on_device_token: Callable[[str | None], None] | None = None,
    ) -> None:
        self.endpoint = base_url.rstrip("/") + "/graphql"
        # Given, sign-ins are remembered: it is told the device token after each sign-in (to keep for
        # `resume`), and None on signing out (the API has then forgotten the device).
        self._on_device_token = on_device_token
        self._headers = dict(headers or {})
        self._http = http_client if http_client is not None else httpx.Client(verify=trusted_certificates())
        self._owns_http = http_client is None
        self._timeout = timeout
        self._access_token: str | None = None
        self._refresh_token: str | None = None

    def __enter__(self) -> FinanceClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP connection pool if this client created it."""
        if self._owns_http:
            self._http.close()

    @property
    def signed_in(self) -> bool:
        """Whether the client holds tokens (they may still have been revoked since)."""
        return self._access_token is not None

    def login(self, email: str, password: str) -> dict[str, Any]:
        """Sign in and keep the tokens in memory; returns the user (id, email).

        With `on_device_token`, the device is remembered and that callback is told its token.
        """
        remember = self._on_device_token is not None
        variables = {"email": email, "password": password, "remember": remember}
        payload = self._post(queries.LOGIN, variables)["login"]
        user = self._keep_tokens(payload)
        if self._on_device_token is not None and payload.get("deviceToken"):
            self._on_device_token(payload["deviceToken"])
        return user

    def resume(self, device_token: str) -> dict[str, Any]:
        """Sign in with a remembered device's token (from `on_device_token`) into a session of this
        client's own; the token stays valid for other tabs and reloads. Returns the user."""
        payload = self._post(queries.RESUME_SESSION, {"deviceToken": device_token})["resumeSession"]
        return self._keep_tokens(payload)

    def logout(self) -> None:
        """End the session on the server (and a remembered device's, with its other sessions) and
        forget the tokens."""
        try:
            if self._refresh_token is not None:
                self.execute(queries.LOGOUT, {"refreshToken": self._refresh_token})
        finally:
            self._access_token = self._refresh_token = None
            if self._on_device_token is not None:
                self._on_device_token(None)

    def execute(self, query: str, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Run one operation as the signed-in user and return its `data`; errors raise ApiError."""
        return self._with_refresh(lambda: self._post(query, variables, self._access_token))

    def records(self, filter: Filter = None) -> Iterator[dict[str, Any]]:
        """Every matching Record node, newest first, fetched page by page."""
        after: str | None = None
        while True:
            variables = {"filter": _filter_variables(filter), "first": PAGE_SIZE, "after": after}
            connection = self.execute(queries.RECORDS, variables)["records"]
            yield from connection["nodes"]
            if not connection["pageInfo"]["hasNextPage"]:
                return
            after = connection["pageInfo"]["endCursor"]

    def records_page(
        self, filter: Filter = None, after: str | None = None, first: int = TABLE_PAGE_SIZE
    ) -> dict[str, Any]:
        """One page of records, newest first, as the API's connection (totalCount, pageInfo, nodes).

        `after` is the previous page's `pageInfo.endCursor` (keyset pagination); the nodes carry
        what a table shows and every field `create_record` needs to put a deleted record back.
        """
        variables = {"filter": _filter_variables(filter), "first": first, "after": after}
        page: dict[str, Any] = self.execute(queries.RECORDS_PAGE, variables)["records"]
        return page

    def records_frame(self, filter: Filter = None) -> pl.DataFrame:
        """All matching records as a records frame (see analytics.frames.RECORDS_SCHEMA)."""
        categories = self.categories()
        rows = [payloads.record_row(node) for node in self.records(filter)]
        return payloads.records_frame(rows, categories)

    def summary(
        self,
        date_from: date,
        date_to: date,
        period: str = "MONTH",
        filter: Filter = None,
        *,
        parts: Collection[str] = tuple(queries.SUMMARY_PARTS),
        payee_limit: int = 10,
        payee_kind: str = "EXPENSE",
    ) -> Summary:
        """Totals, cash flow, categories, accounts, balances and payees from one summary query.

        `parts` limits what the server computes (e.g. ("totals",) for KPI cards); the frames of the
        other parts come back empty.
        """
        if period.upper() not in PERIODS:
            raise InputError("BAD_USER_INPUT", f"period must be one of {', '.join(PERIODS)}", "period")
        unknown = set(parts) - set(queries.SUMMARY_PARTS)
        if unknown:
            raise ValueError(f"unknown summary parts {sorted(unknown)}; known: {list(queries.SUMMARY_PARTS)}")
        variables: dict[str, Any] = {
            "from": date_from,
            "to": date_to,
            "period": period.upper(),
            "filter": _filter_variables(filter),
        }
        if "payees" in parts:
            variables |= {"payeeLimit": payee_limit, "payeeKind": payee_kind.upper()}
        answer = self.execute(queries.summary_query(parts), variables)["summary"]
        return Summary(
            date_from=date.fromisoformat(answer["from"]),
            date_to=date.fromisoformat(answer["to"]),
            period=answer["period"],
            **payloads.summary_frames(answer),
        )

    def accounts(self, include_archived: bool = False) -> pl.DataFrame:
        """The accounts with their balances (usable as `running_balance`'s opening balances)."""
        nodes = self.execute(queries.ACCOUNTS, {"includeArchived": include_archived})["accounts"]
        return payloads.accounts_frame(nodes)

    def categories(self) -> pl.DataFrame:
        """All categories, parents before children."""
        return payloads.categories_frame(self.execute(queries.CATEGORIES)["categories"])

    def create_record(self, **fields: Any) -> dict[str, Any]:
        """Create a record and return it as a records-frame row (without the category names).

        Fields are RecordInput's in snake_case: account_id=1, kind="expense", amount=Decimal("9.99"),
        date=date(2024, 1, 31), payee="…", category_id=…, tags=[…], counterpart_account_id=….
        """
        node = self.execute(queries.CREATE_RECORD, {"input": _graphql_input(fields)})["createRecord"]
        return payloads.record_row(node)

    def record(self, record_id: int) -> dict[str, Any] | None:
        """One record as a records page's node (`records_page`), or None when there is no such record."""
        try:
            node: dict[str, Any] | None = self.execute(queries.RECORD, {"id": str(record_id)})["record"]
        except NotFoundError:
            return None
        return node

    def update_record(self, record_id: int, **fields: Any) -> dict[str, Any]:
        """Change some fields of a record (UpdateRecordInput's, in snake_case; None clears a field);
        returns the record as a records page's node."""
        variables = {"id": str(record_id), "input": _graphql_input(fields)}
        node: dict[str, Any] = self.execute(queries.UPDATE_RECORD, variables)["updateRecord"]
        return node

    def delete_record(self, record_id: int) -> None:
        """Delete a record for good (re-create it from its fields to undo)."""
        self.execute(queries.DELETE_RECORD, {"id": str(record_id)})

    def preview_import(
        self, content: bytes, file_name: str, account_id: int, *,
        mapping: Mapping[str, Any] | None = None, preset_name: str | None = None,
    ) -> dict[str, Any]:
        """What importing the file into the account would do, row by row (writes nothing).

        The answer is the API's ImportResult: counts, rows, and for CSV the mapping used and the columns.
        """
        variables = {"accountId": str(account_id), "mapping": mapping, "presetName": preset_name}
        return self._upload(import_queries.PREVIEW_IMPORT, variables, content, file_name)["previewImport"]

    def import_file(
        self, content: bytes, file_name: str, account_id: int, *,
        mapping: Mapping[str, Any] | None = None, preset_name: str | None = None,
        skip_invalid: bool = False, idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        """Import the file into the account in one transaction: nothing is kept when a row is refused,
        unless `skip_invalid`. Answers the API's ImportResult (`kept`: whether rows were written)."""
        variables = {
            "accountId": str(account_id), "mapping": mapping, "presetName": preset_name,
            "skipInvalid": skip_invalid, "idempotencyKey": idempotency_key,
        }
        return self._upload(import_queries.IMPORT_FILE, variables, content, file_name)["importFile"]

    def imports(self, account_id: int | None = None, first: int = 50) -> pl.DataFrame:
        """Past imports, newest first (see analytics.imports.IMPORTS_SCHEMA)."""
        variables = {"accountId": None if account_id is None else str(account_id), "first": first}
        return import_queries.imports_frame(self.execute(import_queries.IMPORTS, variables)["imports"])

    def undo_import(self, import_id: int) -> dict[str, Any]:
        """Delete the records an import created; returns the import, now marked undone."""
        return self.execute(import_queries.UNDO_IMPORT, {"id": str(import_id)})["undoImport"]

    def presets(self, account_id: int) -> dict[str, dict[str, Any]]:
        """The account's saved CSV mappings, by name."""
        nodes = self.execute(import_queries.PRESETS, {"accountId": str(account_id)})["presets"]
        return {node["name"]: node["mapping"] for node in nodes}

    def save_preset(self, account_id: int, name: str, mapping: Mapping[str, Any]) -> dict[str, Any]:
        """Save a CSV mapping for the account under a name (replacing one of that name)."""
        variables = {"accountId": str(account_id), "name": name, "mapping": dict(mapping)}
        return self.execute(import_queries.SAVE_PRESET, variables)["savePreset"]

    def export_records_csv(self, filter: Filter = None) -> bytes:
        """Every matching record as the API's CSV file (GET /export/records.csv: no row limit)."""
        params = {name: _query_value(value) for name, value in (_filter_variables(filter) or {}).items()}
        return self._with_refresh(lambda: self._download("/export/records.csv", params))

    def income_statement(
        self, date_from: date, date_to: date, filter: Filter = None, period: str = "MONTH"
    ) -> list[dict[str, Any]]:
        """Per currency, income and expense categories × periods (see analytics.statement.statement_table)."""
        variables = {"from": date_from, "to": date_to, "filter": _filter_variables(filter),
                     "period": period.upper()}
        return self.execute(statement.INCOME_STATEMENT, variables)["summary"]["incomeStatement"]

    def _with_refresh(self, send: Callable[[], T]) -> T:
        """Send once; when the access token is refused, renew it with the refresh token and send again."""
        try:
            return send()
        except AuthenticationError:
            if self._refresh_token is None:
                raise
        self._refresh()
        return send()

    def _upload(
        self, query: str, variables: Mapping[str, Any], content: bytes, file_name: str
    ) -> dict[str, Any]:
        """One operation with a file bound to `$file` (the GraphQL multipart request spec).

        The API refuses multipart requests without an Authorization header (its CSRF check): a signed-in
        client always sends one.
        """
        def send() -> dict[str, Any]:
            operations = {"query": query, "variables": {**_jsonable(variables), "file": None}}
            form = {"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})}
            files = {"0": (file_name, content, "application/octet-stream")}
            try:
                response = self._http.post(self.endpoint, data=form, files=files,
                                           headers=self._request_headers(self._access_token),
                                           timeout=self._timeout)
            except httpx.HTTPError as error:
                message = f"{self.endpoint} did not answer: {error!r}"
                raise TransportError("TRANSPORT_ERROR", message) from error
            return _answer_data(response)

        return self._with_refresh(send)

    def _download(self, path: str, params: Mapping[str, Any]) -> bytes:
        """The body of a GET of one of the API's download routes, as the signed-in user."""
        url = self.endpoint.removesuffix("/graphql") + path
        try:
            response = self._http.get(url, params=params, headers=self._request_headers(self._access_token),
                                      timeout=self._timeout)
        except httpx.HTTPError as error:
            raise TransportError("TRANSPORT_ERROR", f"{url} did not answer: {error!r}") from error
        if response.status_code == 200:
            return response.content
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if isinstance(answer, dict) and answer.get("errors"):
            raise error_from_graphql(answer["errors"][0])
        if response.status_code == 401:
            raise AuthenticationError("UNAUTHENTICATED", response.text[:200])
        raise error_from_status(response.status_code, response.text)

    def _request_headers(self, access_token: str | None) -> dict[str, str]:
        headers = dict(self._headers)
        if access_token:
            headers["Authorization"] = f"Bearer {access_token}"
        return headers

    def _keep_tokens(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._access_token = payload["accessToken"]
        self._refresh_token = payload["refreshToken"]
        return payload["user"]

    def _refresh(self) -> None:
        """Trade the refresh token for new tokens; when that fails the client is signed out."""
        refresh_token, self._access_token, self._refresh_token = self._refresh_token, None, None
        payload = self._post(queries.REFRESH_TOKEN, {"refreshToken": refresh_token})["refreshToken"]
        self._keep_tokens(payload)

    def _post(
        self, query: str, variables: Mapping[str, Any] | None, access_token: str | None = None
    ) -> dict[str, Any]:
        """One HTTP round trip; the `data` of a successful answer, an ApiError otherwise."""
        body = {"query": query, "variables": _jsonable(variables or {})}
        try:
            response = self._http.post(
                self.endpoint, json=body, headers=self._request_headers(access_token), timeout=self._timeout
            )
        except httpx.HTTPError as error:
            raise TransportError("TRANSPORT_ERROR", f"{self.endpoint} did not answer: {error!r}") from error
        return _answer_data(response)


def _answer_data(response: httpx.Response) -> dict[str, Any]:
    """The `data` of a successful GraphQL answer; an ApiError otherwise."""
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if not isinstance(answer, dict) or ("data" not in answer and "errors" not in answer):
        raise error_from_status(response.status_code, response.text)
    if answer.get("errors"):
        raise error_from_graphql(answer["errors"][0])
    if response.status_code >= 400 or answer.get("data") is None:
        raise error_from_status(response.status_code, response.text)
    return answer["data"]


def _query_value(value: Any) -> Any:
    """A filter value as a download route's query parameter: lists repeat, booleans are true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [_query_value(item) for item in value]
    return _jsonable(value)
