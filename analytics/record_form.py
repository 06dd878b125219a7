"""The dashboard's record forms: reading what people type, prefilling an edit, undoing, in plain words.

Amounts are read with the decimal mark of the user's language (`12,50` in German, `12.50` in English);
problems come back per form field as sentences to show as they are ("Choose an account"), never the
API's `input.amount: …`. Every function is pure except those that take a FinanceClient.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import polars as pl

from analytics.amount_input import AmountError, amount_field_text, read_amount
from analytics.date_format import DateFormat
from analytics.errors import ApiError, AuthenticationError, InputError, NotFoundError
from analytics.records_table import signed_amount

if TYPE_CHECKING:
    from analytics.client import FinanceClient

KINDS = {"Expense": "expense", "Income": "income", "Transfer": "transfer"}
"""The kind picker: label -> the client's kind."""

FORM_FIELDS = {  # the API's RecordInput field -> the form's field
    "accountId": "account", "kind": "kind", "amount": "amount", "date": "date", "payee": "payee",
    "description": "description", "notes": "description", "categoryId": "category",
    "counterpartAccountId": "counterpart", "counterpartAmount": "amount", "tags": "description",
}
LABELS = {
    "account": "Account", "kind": "Kind", "amount": "Amount", "date": "Date", "payee": "Payee",
    "description": "Description", "category": "Category", "counterpart": "To account",
}
REQUIRED = {  # what to say when the API finds a required field missing
    "accountId": ("account", "Choose an account."),
    "amount": ("amount", "Enter an amount."),
    "date": ("date", "Choose a date."),
    "kind": ("kind", "Choose income, expense or transfer."),
}
PLAIN_REASONS = {  # API reasons that read better rewritten
    "a transfer needs the account the money goes to": "Choose the account the money goes to.",
    "must not be zero": "Enter an amount other than zero.",
}


class FormProblems(Exception):
    """Why a form was not accepted: a sentence per form field (None: about the whole form)."""

    def __init__(self, problems: dict[str | None, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems

    def sentences(self) -> list[str]:
        """Every problem, the ones about fields first."""
        return [sentence for field, sentence in self.problems.items() if field] + (
            [self.problems[None]] if None in self.problems else [])


def category_options(categories: pl.DataFrame) -> dict[str, int]:
    """Categories as a picker lists them: "Food / Groceries (expense)" -> id."""
    rows = categories.iter_rows(named=True)
    return {f"{row['full_name']} ({row['kind']})": row["category_id"] for row in rows}


def option_label(options: Mapping[str, Any], value: Any) -> str | None:
    """The label a picker shows for a value (None when the value is not among the options)."""
    return next((label for label, option in options.items() if option == value and value is not None), None)


def record_input(entry: Mapping[str, Any], mark: str = ".") -> dict[str, Any]:
    """A submitted record form (kind, account, amount, date, payee, category, counterpart, description)
    as `create_record`'s fields: a transfer has no category, other kinds no counterpart account.
    Raises FormProblems for what can be told before asking the API."""
    problems: dict[str | None, str] = {}
    if entry.get("account") is None:
        problems["account"] = "Choose an account."
    try:
        amount = read_amount(entry.get("amount") or "", mark)
    except AmountError as problem:
        problems["amount"] = str(problem)
    kind = entry.get("kind") or "expense"
    transfer = kind == "transfer"
    if transfer and entry.get("counterpart") is None:
        problems["counterpart"] = "Choose the account the money goes to."
    if problems:
        raise FormProblems(problems)
    return {
        "account_id": entry["account"], "kind": kind, "amount": amount, "date": entry.get("date"),
        "payee": (entry.get("payee") or "").strip(), "description": (entry.get("description") or "").strip(),
        "category_id": None if transfer else entry.get("category"),
        "counterpart_account_id": entry.get("counterpart") if transfer else None,
    }


def plain_problems(failure: ApiError) -> FormProblems:
    """An API refusal as sentences per form field: "Amount: EUR amounts have at most 2 decimal places."."""
    if isinstance(failure, NotFoundError):
        return FormProblems({None: "That record or account is no longer there: it may have been deleted "
                                   "in another tab. Reload the page."})
    if isinstance(failure, AuthenticationError):
        return FormProblems({None: "Your session has ended: reload the page and sign in again."})
    if not isinstance(failure, InputError):
        return FormProblems({None: "The server could not do this just now: try again in a moment."})
    missing = re.search(r"required field '(\w+)'", failure.message)
    if missing and missing.group(1) in REQUIRED:
        field, sentence = REQUIRED[missing.group(1)]
        return FormProblems({field: sentence})
    api_field = (failure.field or "").rsplit(".", 1)[-1]
    reason = str(failure.extensions.get("reason") or failure.message)
    if api_field not in FORM_FIELDS:
        return FormProblems({None: _sentence(reason)})
    field = FORM_FIELDS[api_field]
    plain = PLAIN_REASONS.get(reason) or f"{LABELS[field]}: {reason}"
    return FormProblems({field: _sentence(plain)})


def problem_sentences(failure: Exception) -> list[str]:
    """What to tell the user about a refused form: its FormProblems, or an API error in plain words."""
    if isinstance(failure, FormProblems):
        return failure.sentences()
    if isinstance(failure, ApiError):
        return plain_problems(failure).sentences()
    raise failure


def refusal(heading: str, failure: Exception) -> dict[str, str]:
    """A refused form as the outcome a page shows: a callout kind and the heading with the sentences."""
    return {"kind": "danger", "text": f"**{heading}** " + " ".join(problem_sentences(failure))}


def _sentence(text: str) -> str:
    """Text starting with a capital and ending with a full stop."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def record_sentence(
    kind: str, amount: Decimal, currency: str, payee: str, day: date, dates: DateFormat = DateFormat()
) -> str:
    """A record in words: "−12.50 EUR at Grocer on 3 Feb 2024" (the date as `dates` writes it)."""
    at = f" at {payee}" if payee else ""
    return f"{signed_amount(kind.lower(), amount, currency)}{at} on {dates.long_day(day)}"


def node_sentence(node: Mapping[str, Any], dates: DateFormat = DateFormat()) -> str:
    """A records page's node in words (see `record_sentence`)."""
    return record_sentence(node["kind"], Decimal(node["amount"]), node["currency"], node["payee"],
                           date.fromisoformat(node["date"]), dates)


# Editing and undoing ---------------------------------------------------------------------------------


def record_fields(node: Mapping[str, Any]) -> dict[str, Any]:
    """A Record node (of `FinanceClient.records_page` or `record`) as `create_record`'s fields: what
    putting a deleted record back needs, tags and notes included."""
    return {
        "account_id": int(node["account"]["id"]),
        "kind": node["kind"].lower(),
        "amount": Decimal(node["amount"]),
        "date": date.fromisoformat(node["date"]),
        "payee": node["payee"],
        "description": node["description"],
        "notes": node.get("notes") or "",
        "tags": list(node["tags"]),
        "category_id": int(node["category"]["id"]) if node.get("category") else None,
        "counterpart_account_id": (int(node["counterpartAccount"]["id"]) if node.get("counterpartAccount")
                                   else None),
        "counterpart_amount": Decimal(node["counterpartAmount"]) if node.get("counterpartAmount") else None,
    }


def form_values(node: Mapping[str, Any], mark: str = ".") -> dict[str, Any]:
    """The edit form's starting values for a record, as the form's fields hold them (ids, not labels)."""
    fields = record_fields(node)
    return {
        "kind": fields["kind"], "account": fields["account_id"],
        "amount": amount_field_text(fields["amount"], node["currency"], mark), "date": fields["date"],
        "payee": fields["payee"], "category": fields["category_id"],
        "counterpart": fields["counterpart_account_id"], "description": fields["description"],
    }


def changed_fields(node: Mapping[str, Any], edited: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of `edited` (a `record_input`) that differ from the record's: what `update_record`
    sends. A record that stops being a transfer loses its counterpart amount too."""
    before = record_fields(node)
    changes = {name: value for name, value in edited.items() if before.get(name) != value}
    if before["kind"] == "transfer" and edited.get("kind") != "transfer" and before["counterpart_amount"]:
        changes["counterpart_amount"] = None
    return changes


def restoring_fields(node: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """What undoing `changes` to the record sends: the old value of every changed field."""
    before = record_fields(node)
    return {name: before[name] for name in changes}


def recreating_fields(node: Mapping[str, Any]) -> dict[str, Any]:
    """What re-creating a deleted record sends: its fields, leaving out the ones it did not have."""
    return {name: value for name, value in record_fields(node).items() if value is not None}


def undo_change(client: FinanceClient, offer: Mapping[str, Any]) -> dict[str, Any] | None:
    """Undo an edit ({"record_id", "fields": `restoring_fields`}), a delete ({"fields":
    `recreating_fields`}) or an addition ({"added_id"}); answers the record as it is after (a records
    page's node), None when the undo removed it."""
    if "added_id" in offer:
        client.delete_record(offer["added_id"])
        return None
    if "record_id" in offer:
        return client.update_record(offer["record_id"], **offer["fields"])
    created = client.create_record(**offer["fields"])
    node = client.record(created["id"])
    if node is None:
        raise NotFoundError("NOT_FOUND", f"record {created['id']} is gone again")
    return node
