"""The GraphQL client against the real app in-process: frames, paging, token refresh and errors."""

from __future__ import annotations

import ssl
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import polars as pl
import pytest
from starlette.testclient import TestClient

from analytics.categories import category_breakdown
from analytics.cashflow import monthly_cash_flow
from analytics.client import FinanceClient, RecordFilter, trusted_certificates
from analytics.errors import (
    AuthenticationError,
    InputError,
    NotFoundError,
    RateLimitedError,
    TransportError,
)
from analytics.frames import ACCOUNTS_SCHEMA, RECORDS_SCHEMA
from api.auth.credentials import Credentials
from api.client_address import forwarding_headers
from api.config import Settings
from tests.accounts.operations import create_account
from tests.analytics.conftest import BASE_URL, PASSWORD, Ledger
from tests.analytics.factories import money
from tests.conftest import GraphQL

CREATE_RECORDS = """
mutation($inputs: [RecordInput!]!) { createRecords(inputs: $inputs) { id } }
"""
CHANGE_PASSWORD = """
mutation($current: String!, $new: String!) { changePassword(currentPassword: $current, newPassword: $new) }
"""


def test_wrong_password_is_an_authentication_error(client: TestClient, alice: GraphQL):
    finance = FinanceClient(BASE_URL, http_client=client)
    with pytest.raises(AuthenticationError) as raised:
        finance.login("alice@example.com", "not the password")
    assert raised.value.code == "UNAUTHENTICATED"
    assert not finance.signed_in


def test_queries_before_signing_in_are_an_authentication_error(client: TestClient):
    with pytest.raises(AuthenticationError):
        FinanceClient(BASE_URL, http_client=client).accounts()


def test_headers_go_with_every_request_so_failures_count_per_browser(
    client: TestClient, alice: GraphQL, settings: Settings
):
    token = client.app.state.app_state.forwarding_token
    in_browser = {
        address: FinanceClient(BASE_URL, http_client=client, headers=forwarding_headers(token, address))
        for address in ("198.51.100.1", "198.51.100.2")
    }
    for _ in range(settings.login_attempts_per_minute):
        with pytest.raises(AuthenticationError):
            in_browser["198.51.100.1"].login("alice@example.com", "not the password")
    with pytest.raises(RateLimitedError):
        in_browser["198.51.100.1"].login("alice@example.com", PASSWORD)
    assert in_browser["198.51.100.2"].login("alice@example.com", PASSWORD)["email"] == "alice@example.com"


def test_accounts_frame_has_exact_balances(finance: FinanceClient, ledger: Ledger):
    accounts = finance.accounts()
    assert accounts.schema == ACCOUNTS_SCHEMA
    columns = ("account_id", "account", "type", "currency", "opening_balance", "balance")
    assert accounts.select(columns).rows() == [
        (ledger.checking, "Checking", "checking", "EUR", *money("1000.00", "2500.00")),
        (ledger.dollars, "Dollars", "checking", "USD", *money("0", "100.00")),
    ]


def test_categories_frame_lists_parents_with_their_children(finance: FinanceClient):
    categories = finance.categories()
    by_name = {row["category"]: row for row in categories.to_dicts()}
    assert by_name["Groceries"]["parent_category_id"] == by_name["Food"]["category_id"]
    assert by_name["Groceries"]["full_name"] == "Food / Groceries"
    assert by_name["Food"]["parent_category_id"] is None
    assert by_name["Salary"]["kind"] == "income"


def test_created_record_comes_back_typed(finance: FinanceClient, alice: GraphQL):
    account_id = int(create_account(alice, "Wallet", type="CASH", currency="JPY")["id"])
    row = finance.create_record(
        account_id=account_id, kind="expense", amount=Decimal("1200"), date=date(2024, 5, 1),
        payee="Ramen", tags=["food", "travel"],
    )
    assert row["amount"] == Decimal("1200") and row["currency"] == "JPY"
    assert row["date"] == date(2024, 5, 1) and row["kind"] == "expense"
    assert row["account_id"] == account_id and row["tags"] == ["food", "travel"]


def test_records_frame_is_typed_newest_first_with_parent_categories(finance: FinanceClient, ledger: Ledger):
    frame = finance.records_frame()
    assert frame.schema == RECORDS_SCHEMA
    assert frame["date"].to_list() == [
        date(2024, 2, 20), date(2024, 2, 15), date(2024, 2, 3),
        date(2024, 1, 12), date(2024, 1, 10), date(2024, 1, 5),
    ]
    groceries = frame.filter(pl.col("category") == "Groceries").row(0, named=True)
    assert groceries["parent_category"] == "Food"
    assert groceries["parent_category_id"] == ledger.category_ids["Food"]
    assert groceries["amount"] == Decimal("45.30")
    transfer = frame.filter(kind="transfer").row(0, named=True)
    assert transfer["counterpart_account_id"] == ledger.dollars
    assert transfer["counterpart_amount"] == Decimal("108.50")
    assert transfer["category_id"] is None


def test_records_frame_honours_a_typed_or_a_graphql_filter(finance: FinanceClient, ledger: Ledger):
    typed = finance.records_frame(RecordFilter(kinds=("expense",), account_ids=(ledger.checking,)))
    assert typed["amount"].to_list() == money("54.70", "45.30", "800.00")
    spelled = finance.records_frame({"search": "grocer", "dateFrom": "2024-02-01"})
    assert spelled["amount"].to_list() == money("54.70")


def test_no_records_give_an_empty_frame_with_the_schema(finance: FinanceClient):
    frame = finance.records_frame()
    assert frame.is_empty() and frame.schema == RECORDS_SCHEMA


def test_records_frame_pages_through_more_than_one_page(finance: FinanceClient, alice: GraphQL):
    account_id = create_account(alice, "Busy")["id"]
    start = date(2023, 1, 1)
    inputs = [
        {"accountId": account_id, "kind": "EXPENSE", "amount": Decimal("0.01"), "date": day}
        for day in (start + timedelta(days=index) for index in range(503))
    ]
    finance.execute(CREATE_RECORDS, {"inputs": inputs[:500]})
    finance.execute(CREATE_RECORDS, {"inputs": inputs[500:]})
    frame = finance.records_frame()
    assert frame.height == 503 and frame["id"].n_unique() == 503
    assert frame["amount"].sum() == Decimal("5.03")
    assert frame.select(pl.col("date").is_sorted(descending=True)).item()


def test_summary_frames_match_the_ledger(finance: FinanceClient, ledger: Ledger):
    summary = finance.summary(date(2024, 1, 1), date(2024, 2, 29))
    assert (summary.date_from, summary.date_to) == (date(2024, 1, 1), date(2024, 2, 29))
    assert summary.period == "MONTH"
    totals = summary.totals.select("currency", "income", "expense", "net", "savings_rate", "transfer_count")
    assert totals.rows() == [
        ("EUR", *money("2500.00", "900.00", "1600.00"), 0.64, 1),
        ("USD", *money("0", "8.50", "-8.50"), None, 0),
    ]
    assert summary.cash_flow.rows() == [
        (date(2024, 1, 1), "EUR", *money("2500.00", "845.30", "1654.70")),
        (date(2024, 2, 1), "EUR", *money("0", "54.70", "-54.70")),
        (date(2024, 2, 1), "USD", *money("0", "8.50", "-8.50")),
    ]
    expenses = summary.categories.filter(kind="expense").sort("currency", "amount", descending=[False, True])
    assert expenses.select("category", "currency", "amount").rows() == [
        ("Housing", "EUR", *money("800.00")),
        ("Food", "EUR", *money("100.00")),
        ("Uncategorized", "USD", *money("8.50")),
    ]
    assert expenses["share"].to_list() == pytest.approx([800 / 900, 100 / 900, 1.0])
    food_children = summary.subcategories.filter(parent_category_id=ledger.category_ids["Food"])
    assert sorted(food_children.select("category", "amount").rows()) == [
        ("Food", *money("54.70")), ("Groceries", *money("45.30")),
    ]
    assert summary.balances.select("date", "account", "balance").rows() == [
        (date(2024, 1, 31), "Checking", *money("2654.70")),
        (date(2024, 2, 29), "Checking", *money("2500.00")),
        (date(2024, 1, 31), "Dollars", *money("0")),
        (date(2024, 2, 29), "Dollars", *money("100.00")),
    ]
    assert summary.payees.rows() == [
        ("Landlord", "EUR", *money("800.00"), 1),
        ("Grocer", "EUR", *money("100.00"), 2),
        ("Diner", "USD", *money("8.50"), 1),
    ]
    checking = summary.accounts.filter(account_id=ledger.checking).row(0, named=True)
    assert (checking["transfers_out"], checking["net"]) == (Decimal("100.00"), Decimal("1500.00"))


def test_summary_agrees_with_the_pure_functions_over_the_records(finance: FinanceClient, ledger: Ledger):
    summary = finance.summary(date(2024, 1, 1), date(2024, 2, 29))
    records = finance.records_frame()
    assert monthly_cash_flow(records).equals(summary.cash_flow)
    computed = category_breakdown(records).select("category_id", "currency", "amount").sort(pl.all())
    served = summary.categories.filter(kind="expense").select("category_id", "currency", "amount")
    assert computed.equals(served.sort(pl.all()))


def test_summary_of_an_empty_range_has_empty_frames_with_schemas(finance: FinanceClient, ledger: Ledger):
    summary = finance.summary(date(2030, 1, 1), date(2030, 1, 31), period="week")
    assert summary.totals.is_empty() and summary.cash_flow.is_empty() and summary.payees.is_empty()
    assert summary.cash_flow.schema["income"] == RECORDS_SCHEMA["amount"]
    assert summary.period == "WEEK"


def test_summary_can_ask_for_some_parts_only(finance: FinanceClient, ledger: Ledger):
    summary = finance.summary(date(2024, 1, 1), date(2024, 2, 29), parts=("totals", "payees"), payee_limit=1)
    assert summary.totals["currency"].to_list() == ["EUR", "USD"]
    assert summary.payees["payee"].to_list() == ["Landlord", "Diner"]
    for empty in (summary.cash_flow, summary.categories, summary.subcategories, summary.balances):
        assert empty.is_empty()
    assert summary.balances.schema["balance"] == RECORDS_SCHEMA["amount"]


def test_summary_refuses_unknown_parts(finance: FinanceClient):
    with pytest.raises(ValueError, match="budgets"):
        finance.summary(date(2024, 1, 1), date(2024, 1, 31), parts=("totals", "budgets"))


def test_summary_refuses_an_unknown_period_before_asking(finance: FinanceClient):
    with pytest.raises(InputError) as raised:
        finance.summary(date(2024, 1, 1), date(2024, 1, 31), period="FORTNIGHT")
    assert raised.value.field == "period"


def test_bad_input_names_the_field(finance: FinanceClient, ledger: Ledger):
    with pytest.raises(InputError) as raised:
        finance.create_record(
            account_id=ledger.checking, kind="income", amount=Decimal("-5"), date=date(2024, 1, 1)
        )
    assert raised.value.code == "BAD_USER_INPUT"
    assert raised.value.field == "input.amount"


def test_a_range_ending_before_it_starts_is_refused(finance: FinanceClient):
    with pytest.raises(InputError) as raised:
        finance.summary(date(2024, 2, 1), date(2024, 1, 1))
    assert raised.value.field == "to"


def test_missing_objects_are_not_found(finance: FinanceClient):
    with pytest.raises(NotFoundError) as raised:
        finance.execute("query($id: ID!) { account(id: $id) { id } }", {"id": "424242"})
    assert raised.value.code == "NOT_FOUND"


def test_an_invalid_query_is_an_input_error(finance: FinanceClient):
    with pytest.raises(InputError) as raised:
        finance.execute("{ nope }")
    assert raised.value.code == "GRAPHQL_VALIDATION_FAILED"


def _expired_copy(client: TestClient, access_token: str) -> str:
    """The same session's access token, issued two hours ago (so expired)."""
    codec = client.app.state.app_state.provided(Credentials).token_codec
    claims = codec.decode(access_token)
    return codec.issue(claims.user_id, claims.session_id, now=datetime.now(timezone.utc) - timedelta(hours=2))


def test_an_expired_access_token_is_refreshed_once_and_the_request_retried(
    client: TestClient, finance: FinanceClient, ledger: Ledger
):
    expired = _expired_copy(client, finance._access_token)
    finance._access_token = expired
    assert finance.accounts().height == 2
    assert finance._access_token not in (None, expired)
    assert finance.accounts().height == 2


def test_when_the_session_was_revoked_the_refresh_fails_and_the_client_is_signed_out(
    client: TestClient, finance: FinanceClient, alice: GraphQL
):
    alice.ok(CHANGE_PASSWORD, {"current": PASSWORD, "new": "a brand new passphrase"})
    with pytest.raises(AuthenticationError):
        finance.accounts()
    assert not finance.signed_in


def test_logout_ends_the_session(client: TestClient, finance: FinanceClient):
    finance.logout()
    assert not finance.signed_in
    with pytest.raises(AuthenticationError):
        finance.accounts()


def test_repeated_failed_sign_ins_are_rate_limited(client: TestClient, alice: GraphQL):
    finance = FinanceClient(BASE_URL, http_client=client)
    with pytest.raises(RateLimitedError) as raised:
        for _ in range(50):
            with pytest.raises(AuthenticationError):
                finance.login("alice@example.com", "wrong password!")
    assert raised.value.code == "RATE_LIMITED"
    assert raised.value.retry_after_seconds and raised.value.retry_after_seconds > 0


def test_an_unreachable_server_is_a_transport_error():
    with FinanceClient("http://127.0.0.1:9", timeout=2) as finance:
        with pytest.raises(TransportError) as raised:
            finance.login("alice@example.com", PASSWORD)
    assert raised.value.code == "TRANSPORT_ERROR"


def test_an_answer_that_is_not_graphql_is_a_transport_error(client: TestClient):
    finance = FinanceClient(f"{BASE_URL}/healthz", http_client=client)
    with pytest.raises(TransportError) as raised:
        finance.login("alice@example.com", PASSWORD)
    assert raised.value.code == "HTTP_404"


def test_clients_share_one_tls_context_that_still_verifies_servers() -> None:
    with FinanceClient("https://finance.example.org"), FinanceClient("https://finance.example.org"):
        pass
    context = trusted_certificates()
    assert trusted_certificates() is context  # built once per process, not per client
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 0
