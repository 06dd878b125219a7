"""Property: after any sequence of writes through the API, every figure derived equals the raw records.

Hypothesis draws creates, batch creates, updates (amount, date, kind, account, category, payee),
deletes, refunds, transfers between currencies, category moves and deletions, account archiving
and deletions. After every step the stored roll-ups equal their reference GROUP BY, each account's
balance equals its opening balance plus its legs summed in Python from the records, and every
summary part (totals, byPeriod, byCategory, byAccount, balances, byPayee, incomeStatement) equals
`summary_reference`'s figures from the raw rows, over the whole history, a range whose edge months
are partial and a part of one month (where roll-ups and records meet differently). A refused write
must change nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from tests.accounts.operations import DELETE_ACCOUNT, UPDATE_ACCOUNT, create_account
from tests.categories.operations import (
    DELETE_CATEGORY,
    UPDATE_CATEGORY,
    categories_by_full_name,
    create_category,
)
from tests.conftest import GraphQL
from tests.ledger.conftest import Ledger
from tests.ledger.summary_reference import SUMMARY_PARTS, answered_summary, expected_summary, read_raw_books
from tests.records.operations import CREATE_RECORD, CREATE_RECORDS, DELETE_RECORD, UPDATE_RECORD

ACCEPTED_REFUSALS = {"BAD_USER_INPUT", "NOT_FOUND"}
MONTHS = ("2025-01", "2025-02", "2025-03")
PAYEES = ("", "Market", "Bakery", "Landlord")
# The whole history and an empty month before it; partial months at both edges; part of one month.
SUMMARY_RANGES = (
    (date(2024, 12, 1), date(2025, 3, 31)),
    (date(2025, 1, 15), date(2025, 3, 10)),
    (date(2025, 2, 5), date(2025, 2, 20)),
)


class Books:
    """One fresh user's accounts, categories and record ids, and the GraphQL calls that change them."""

    def __init__(self, user: GraphQL, number: int) -> None:
        self.user = user
        self.accounts = [
            create_account(user, f"Checking {number}", openingBalance="100.00"),
            create_account(user, f"Savings {number}"),
            create_account(user, f"Dollars {number}", currency="USD", openingBalance="-3.00"),
        ]
        hobbies = create_category(user, f"Hobbies {number}")
        models = create_category(user, "Models", parentId=hobbies["id"])
        defaults = categories_by_full_name(user)
        self.expense_categories = [hobbies["id"], models["id"], defaults["Food / Groceries"]["id"]]
        self.income_categories = [defaults["Salary"]["id"]]
        self.record_ids: list[str] = []

    def write(self, operation: str, variables: dict[str, Any]) -> dict[str, Any] | None:
        """Run a mutation; a refusal is fine (the state must not change), any other error is not."""
        body = self.user.execute(operation, variables)
        for error in body.get("errors") or []:
            assert error["extensions"]["code"] in ACCEPTED_REFUSALS, error
        return None if body.get("errors") else body["data"]


@st.composite
def record_inputs(draw: st.DrawFn, books: Books) -> dict[str, Any]:
    """A record input: income, an expense or refund, or a transfer (converted between currencies)."""
    account, counterpart = draw(st.permutations(books.accounts))[:2]
    kind = draw(st.sampled_from(["INCOME", "EXPENSE", "EXPENSE", "TRANSFER"]))
    cents = draw(st.integers(1, 50_000))
    if kind == "EXPENSE" and draw(st.booleans()):
        cents = -cents  # a refund
    fields: dict[str, Any] = {
        "accountId": account["id"], "kind": kind, "amount": f"{cents / 100:.2f}",
        "date": f"{draw(st.sampled_from(MONTHS))}-{draw(st.integers(1, 28)):02d}",
        "tags": draw(st.lists(st.sampled_from(["a", "b"]), max_size=2, unique=True)),
        "payee": draw(st.sampled_from(PAYEES)),
    }
    if kind == "TRANSFER":
        fields["counterpartAccountId"] = counterpart["id"]
        if counterpart["currency"] != account["currency"]:
            fields["counterpartAmount"] = f"{draw(st.integers(1, 50_000)) / 100:.2f}"
    else:
        categories = books.expense_categories if kind == "EXPENSE" else books.income_categories
        fields["categoryId"] = draw(st.sampled_from([None, *categories]))
    return fields


@st.composite
def changes(draw: st.DrawFn, books: Books) -> dict[str, Any]:
    """What an update changes: the fields of another drawn record, one group of them at a time."""
    other = draw(record_inputs(books))
    group = draw(st.sampled_from([
        ("amount",), ("date",), ("accountId",), ("categoryId",), ("payee",),
        ("kind", "amount", "categoryId", "counterpartAccountId", "counterpartAmount"),
    ]))
    return {field: other[field] for field in group if field in other}


def step(data: st.DataObject, books: Books) -> None:
    """One drawn write."""
    action = data.draw(st.sampled_from([
        "create", "create", "batch", "update", "update", "delete", "move_category", "delete_category",
        "archive_account", "delete_account",
    ]))
    if action == "create" or not books.record_ids and action in ("update", "delete"):
        created = books.write(CREATE_RECORD, {"input": data.draw(record_inputs(books))})
        books.record_ids += [created["createRecord"]["id"]] if created else []
    elif action == "batch":
        inputs = data.draw(st.lists(record_inputs(books), min_size=1, max_size=5))
        created = books.write(CREATE_RECORDS, {"inputs": inputs})
        books.record_ids += [record["id"] for record in created["createRecords"]] if created else []
    elif action == "update":
        record_id = data.draw(st.sampled_from(books.record_ids))
        books.write(UPDATE_RECORD, {"id": record_id, "input": data.draw(changes(books))})
    elif action == "delete":
        record_id = data.draw(st.sampled_from(books.record_ids))
        books.write(DELETE_RECORD, {"id": record_id})
        books.record_ids.remove(record_id)
    elif action == "move_category" and books.expense_categories:
        # Under another expense category or to the top; a move into its own branch is refused.
        category_id = data.draw(st.sampled_from(books.expense_categories))
        parent_id = data.draw(st.sampled_from([None, *books.expense_categories]))
        books.write(UPDATE_CATEGORY, {"id": category_id, "input": {"parentId": parent_id}})
    elif action == "archive_account":
        account = data.draw(st.sampled_from(books.accounts))
        books.write(UPDATE_ACCOUNT, {"id": account["id"], "input": {"archived": data.draw(st.booleans())}})
    elif action == "delete_category" and len(books.expense_categories) > 1:
        # The first left, with whatever was moved below it (a move can put every one there).
        books.write(DELETE_CATEGORY, {"id": books.expense_categories[0]})
        existing = {category["id"] for category in categories_by_full_name(books.user).values()}
        books.expense_categories = [category for category in books.expense_categories if category in existing]
    elif action == "delete_account" and len(books.accounts) > 2:
        account = books.accounts.pop(data.draw(st.integers(0, len(books.accounts) - 1)))
        books.write(DELETE_ACCOUNT, {"id": account["id"]})


def assert_summaries_match_records(books: Books, ledger: Ledger) -> None:
    """Every summary part over each range equals the reference worked out from the raw rows."""
    user_id = int(books.user.ok("{ me { id } }")["me"]["id"])
    raw = ledger.run(lambda session: read_raw_books(session, user_id))
    for first, last in SUMMARY_RANGES:
        variables = {"from": first.isoformat(), "to": last.isoformat()}
        answer = answered_summary(books.user.ok(SUMMARY_PARTS, variables)["summary"])
        expected = expected_summary(raw, first, last)
        for part, figures in expected.items():
            assert answer[part] == figures, (part, first, last)


def test_every_figure_follows_every_write(make_user, ledger):
    users = iter(range(1_000_000))

    @hypothesis_settings(max_examples=25, deadline=None, database=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        books = Books(make_user(), next(users))
        for _ in range(data.draw(st.integers(1, 8), label="steps")):
            step(data, books)
            ledger.assert_consistent(books.user)
            assert_summaries_match_records(books, ledger)

    run()
