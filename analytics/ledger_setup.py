"""Setting up a ledger from the dashboard: signing up, accounts and categories, in plain words.

Functions take a signed-in FinanceClient and raise `SetupProblem` with a message meant for people
("Choose a currency", "Enter an amount like 1250.00"), never a raw API error. Reading what users type
(amounts with a decimal comma, colours) is pure and tested directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl
from iso4217 import Currency

from analytics.amount_input import AmountError, read_amount
from analytics.client import FinanceClient
from analytics.errors import ApiError
from analytics.formatting import format_money
from analytics.page_memory import PageMemory

MIN_PASSWORD_LENGTH = 12  # the API's rule (api.auth.passwords), repeated to answer before a round trip
MAX_PASSWORD_LENGTH = 128
MAX_NAME_LENGTH = 100
ACCOUNT_TYPES = {  # label -> AccountType
    "Checking": "CHECKING", "Savings": "SAVINGS", "Credit card": "CREDIT_CARD", "Cash": "CASH",
    "Investment": "INVESTMENT", "Loan": "LOAN",
}
COMMON_CURRENCIES = (
    "EUR", "USD", "GBP", "CHF", "JPY", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF",
    "RON", "TRY", "INR", "CNY", "HKD", "SGD", "KRW", "BRL", "MXN", "ZAR", "ILS", "AED", "THB",
)
COLORS = {  # the palette the starter categories use (colour-blind friendly): label -> "#rrggbb"
    "Blue": "#4e79a7", "Orange": "#f28e2b", "Red": "#e15759", "Teal": "#76b7b2", "Green": "#59a14f",
    "Yellow": "#edc948", "Purple": "#b07aa1", "Pink": "#ff9da7", "Brown": "#9c755f", "Grey": "#bab0ac",
    "Dark green": "#2f8f5b", "Steel blue": "#3d7ea6",
}
COLOR_PATTERN = re.compile(r"#?([0-9a-fA-F]{6})")

REGISTER = """
mutation Register($email: String!, $password: String!) {
  register(email: $email, password: $password) { user { id email } }
}
"""
ACCOUNT_FIELDS = "id name type currency openingBalance balance archived"
CREATE_ACCOUNT = f"""
mutation CreateAccount($input: CreateAccountInput!) {{
  createAccount(input: $input) {{ {ACCOUNT_FIELDS} }}
}}
"""
UPDATE_ACCOUNT = f"""
mutation UpdateAccount($id: ID!, $input: UpdateAccountInput!) {{
  updateAccount(id: $id, input: $input) {{ {ACCOUNT_FIELDS} }}
}}
"""
DELETE_ACCOUNT = "mutation DeleteAccount($id: ID!) { deleteAccount(id: $id) }"
CATEGORY_FIELDS = "id name fullName kind color parentId"
CREATE_CATEGORY = f"""
mutation CreateCategory($input: CreateCategoryInput!) {{
  createCategory(input: $input) {{ {CATEGORY_FIELDS} }}
}}
"""
UPDATE_CATEGORY = f"""
mutation UpdateCategory($id: ID!, $input: UpdateCategoryInput!) {{
  updateCategory(id: $id, input: $input) {{ {CATEGORY_FIELDS} }}
}}
"""
DELETE_CATEGORY = "mutation DeleteCategory($id: ID!) { deleteCategory(id: $id) }"
RECORD_COUNT = """
query RecordCount($filter: RecordFilter) { records(filter: $filter, first: 1) { totalCount } }
"""
FIELD_LABELS = {"name": "Name", "currency": "Currency", "openingBalance": "Opening balance",
                "parentId": "Parent", "color": "Colour", "email": "Email"}


class SetupProblem(Exception):
    """Why a setup step did not happen, in words to show as they are."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class SetupMemory(PageMemory):
    """What the Accounts page remembers besides its last outcome: the account and category last picked
    (so the pickers stay on them when the page runs again)."""

    account_id: int | None = None
    category_id: int | None = None


def plain_error(failure: ApiError) -> str:
    """An API refusal in words: "Name: an account named 'Cash' already exists"."""
    reason = failure.extensions.get("reason")
    if failure.field and isinstance(reason, str):
        label = FIELD_LABELS.get(failure.field.rsplit(".", 1)[-1], "")
        return f"{label}: {reason}" if label else reason[:1].upper() + reason[1:]
    if failure.code in ("UNAUTHENTICATED", "NOT_FOUND"):
        return "That is no longer there (or the session ended): reload the page."
    return failure.message


def _run(client: FinanceClient, query: str, variables: Mapping[str, Any]) -> dict[str, Any]:
    """Run a mutation; a refusal becomes a SetupProblem in plain words."""
    try:
        return client.execute(query, variables)
    except ApiError as failure:
        raise SetupProblem(plain_error(failure)) from failure


# Reading what people type ----------------------------------------------------------------------------


def parse_amount(text: str, currency: str, mark: str = ".") -> Decimal:
    """An amount as every form reads amounts (`read_amount`, with the user's decimal `mark`), any sign:
    an opening balance may be a debt."""
    try:
        return read_amount(text, mark, currency)
    except AmountError as problem:
        raise SetupProblem(str(problem)) from None


def parse_color(text: str) -> str:
    """A colour typed as "#3366cc" or "3366CC", as the API takes it."""
    match = COLOR_PATTERN.fullmatch(text.strip())
    if match is None:
        raise SetupProblem("Enter a colour like #3366cc")
    return f"#{match.group(1).lower()}"


def clean_name(text: str | None) -> str:
    """A name without surrounding spaces; refuses an empty or over-long one."""
    name = (text or "").strip()
    if not name:
        raise SetupProblem("Enter a name")
    if len(name) > MAX_NAME_LENGTH:
        raise SetupProblem(f"Choose a name of at most {MAX_NAME_LENGTH} characters")
    return name


def currency_options(also: str | None = None) -> dict[str, str]:
    """The common currencies as the dropdown lists them, "EUR · Euro" -> "EUR", and `also` (an account's
    own currency) when it is not one of them."""
    codes = COMMON_CURRENCIES if also is None or also in COMMON_CURRENCIES else (*COMMON_CURRENCIES, also)
    return {currency_label(code): code for code in codes}


def currency_label(code: str) -> str:
    """How the currency dropdowns show a currency: "EUR · Euro"."""
    try:
        return f"{code} · {Currency(code).currency_name}"
    except ValueError:
        return code


def password_problem(password: str, repeated: str) -> str | None:
    """What is wrong with a new password before the server is asked (it also refuses common ones)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters (a few words work well)."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Choose a password of at most {MAX_PASSWORD_LENGTH} characters."
    if password != repeated:
        return "The two passwords differ: type the same password twice."
    return None


# Signing up ------------------------------------------------------------------------------------------


def sign_up(client: FinanceClient, email: str, password: str, repeated: str) -> dict[str, Any]:
    """Create a user (with the starter categories) and sign the client in; returns the user."""
    email = email.strip()
    if "@" not in email:
        raise SetupProblem("Enter your email address, like you@example.com.")
    problem = password_problem(password, repeated)
    if problem:
        raise SetupProblem(problem)
    try:
        client.execute(REGISTER, {"email": email, "password": password})
    except ApiError as failure:
        reason = str(failure.extensions.get("reason", ""))
        if "common" in reason:
            raise SetupProblem("That password is one of the most common ones: choose another.") from failure
        if "already" in reason or "taken" in reason or "exists" in reason:
            raise SetupProblem("There is already an account with this email: sign in instead.") from failure
        raise SetupProblem(plain_error(failure)) from failure
    return client.login(email, password)


# Accounts --------------------------------------------------------------------------------------------


def create_account(
    client: FinanceClient, name: str | None, account_type: str | None, currency: str | None,
    opening_balance: str | None, mark: str = ".",
) -> dict[str, Any]:
    """Open an account; `opening_balance` as typed with the user's decimal `mark` (empty: zero). Returns
    the API's Account."""
    clean = clean_name(name)
    if account_type not in ACCOUNT_TYPES.values():
        raise SetupProblem("Choose the type of account")
    if not currency:
        raise SetupProblem("Choose a currency")
    typed = (opening_balance or "").strip()
    balance = parse_amount(typed, currency, mark) if typed else Decimal(0)
    account_input = {"name": clean, "type": account_type, "currency": currency,
                     "openingBalance": format(balance, "f")}
    return _run(client, CREATE_ACCOUNT, {"input": account_input})["createAccount"]


def update_account(
    client: FinanceClient, account_id: int, currency: str, *, name: str | None = None,
    account_type: str | None = None, opening_balance: str | None = None, archived: bool | None = None,
    new_currency: str | None = None, mark: str = ".",
) -> dict[str, Any]:
    """Rename, retype, restate (a balance typed with the user's decimal `mark`) or (un)archive an account,
    or change its currency (`currency` is the one it has; only while it has no records); None leaves a
    field as it is."""
    moved = new_currency if new_currency and new_currency != currency else None
    changes: dict[str, Any] = {"archived": archived, "type": account_type, "currency": moved}
    if name is not None:
        changes["name"] = clean_name(name)
    if opening_balance is not None:
        changes["openingBalance"] = format(parse_amount(opening_balance, moved or currency, mark), "f")
    account_input = {field: value for field, value in changes.items() if value is not None}
    return _run(client, UPDATE_ACCOUNT, {"id": str(account_id), "input": account_input})["updateAccount"]


def delete_account(client: FinanceClient, account_id: int) -> None:
    """Delete an account with every record on it (transfers to or from it included)."""
    _run(client, DELETE_ACCOUNT, {"id": str(account_id)})


def record_count(client: FinanceClient, account_id: int | None = None, category_id: int | None = None) -> int:
    """How many records the account (or the category with its sub-categories, or the ledger) has."""
    record_filter: dict[str, Any] = {}
    if account_id is not None:
        record_filter["accountIds"] = [str(account_id)]
    if category_id is not None:
        record_filter["categoryIds"] = [str(category_id)]
    return int(client.execute(RECORD_COUNT, {"filter": record_filter})["records"]["totalCount"])


def account_deletion_warning(name: str, records: int) -> str:
    """What deleting the account does, said before it is done."""
    if records == 0:
        return f"Delete **{name}** for good. It has no records."
    noun = "record" if records == 1 else "records"
    return (f"Delete **{name}** for good, with its **{records:,} {noun}** (transfers to or from it "
            "included). To keep the history, archive it instead.")


def accounts_table(accounts: pl.DataFrame) -> pl.DataFrame:
    """Accounts as the page lists them: active first, then by name; balances with their currency."""
    ordered = accounts.sort(["archived", "account"])
    types = {value: label for label, value in ACCOUNT_TYPES.items()}
    return pl.DataFrame({
        "Account": ordered["account"],
        "Type": [types.get(kind.upper(), kind) for kind in ordered["type"]],
        "Currency": ordered["currency"],
        "Balance": [format_money(balance, currency)
                    for balance, currency in zip(ordered["balance"], ordered["currency"])],
        "Status": ["Archived" if archived else "Active" for archived in ordered["archived"]],
    }, schema={name: pl.String for name in ("Account", "Type", "Currency", "Balance", "Status")})


def account_choices(accounts: pl.DataFrame) -> dict[str, int]:
    """Accounts as a picker lists them: "Cash (EUR)", "Old savings (EUR, archived)" -> id."""
    ordered = accounts.sort(["archived", "account"])
    return {
        f"{row['account']} ({row['currency']}{', archived' if row['archived'] else ''})": row["account_id"]
        for row in ordered.iter_rows(named=True)
    }


# Categories ------------------------------------------------------------------------------------------


def create_category(
    client: FinanceClient, name: str | None, kind: str | None, parent_id: int | None = None,
    color: str | None = None,
) -> dict[str, Any]:
    """Add a category (kind "INCOME" or "EXPENSE"), or a sub-category of `parent_id` (of the same kind)."""
    clean = clean_name(name)
    if kind not in ("INCOME", "EXPENSE"):
        raise SetupProblem("Choose income or expense")
    category_input = {"name": clean, "kind": kind, "parentId": None if parent_id is None else str(parent_id),
                      "color": None if not color else parse_color(color)}
    return _run(client, CREATE_CATEGORY, {"input": category_input})["createCategory"]


_KEEP = object()


def update_category(
    client: FinanceClient, category_id: int, *, name: str | None = None, color: str | None = None,
    parent_id: int | None | object = _KEEP,
) -> dict[str, Any]:
    """Rename, recolour or move a category (parent_id None: to the top level); omitted fields stay."""
    category_input: dict[str, Any] = {}
    if name is not None:
        category_input["name"] = clean_name(name)
    if color:
        category_input["color"] = parse_color(color)
    if parent_id is not _KEEP:
        category_input["parentId"] = None if parent_id is None else str(parent_id)
    return _run(client, UPDATE_CATEGORY, {"id": str(category_id), "input": category_input})["updateCategory"]


def delete_category(client: FinanceClient, category_id: int) -> None:
    """Delete a category with its sub-categories; their records stay, uncategorized."""
    _run(client, DELETE_CATEGORY, {"id": str(category_id)})


def descendant_ids(categories: pl.DataFrame, category_id: int) -> set[int]:
    """The ids of every category below this one (not itself)."""
    children: dict[int, list[int]] = {}
    for row in categories.iter_rows(named=True):
        if row["parent_category_id"] is not None:
            children.setdefault(row["parent_category_id"], []).append(row["category_id"])
    found: set[int] = set()
    waiting = list(children.get(category_id, []))
    while waiting:
        current = waiting.pop()
        found.add(current)
        waiting.extend(children.get(current, []))
    return found


def category_deletion_warning(categories: pl.DataFrame, category_id: int, records: int) -> str:
    """What deleting the category does to its sub-categories and records, said before it is done."""
    name = categories.filter(pl.col("category_id") == category_id)["full_name"][0]
    below = len(descendant_ids(categories, category_id))
    subcategories = f", with its {below} sub-categor{'y' if below == 1 else 'ies'}," if below else ""
    if records == 0:
        kept = "No records use it."
    elif records == 1:
        kept = "Its one record stays and becomes uncategorized."
    else:
        kept = f"Its {records:,} records stay and become uncategorized."
    return f"Delete **{name}**{subcategories} for good. {kept}"


def tree_rows(categories: pl.DataFrame, kind: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """The categories of one kind ("income" or "expense") depth first, parents before their children,
    siblings by name: (depth, row) with depth 0 at the top level."""
    rows = [row for row in categories.iter_rows(named=True) if row["kind"] == kind]
    children: dict[int | None, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda row: row["category"].casefold()):
        children.setdefault(row["parent_category_id"], []).append(row)

    def walk(parent_id: int | None, depth: int) -> Iterator[tuple[int, dict[str, Any]]]:
        for row in children.get(parent_id, []):
            yield depth, row
            yield from walk(row["category_id"], depth + 1)

    yield from walk(None, 0)


def category_choices(categories: pl.DataFrame) -> dict[str, int]:
    """Categories as a picker lists them, expenses then income: "Food / Groceries (expense)" -> id."""
    return {
        f"{row['full_name']} ({kind})": row["category_id"]
        for kind in ("expense", "income") for _depth, row in tree_rows(categories, kind)
    }


def parent_choices(categories: pl.DataFrame, category_id: int | None = None) -> dict[str, int]:
    """Where a category can go: its kind's categories except itself and those below it (for a new one,
    every category); "Food (expense)" -> id."""
    if category_id is None:
        return category_choices(categories)
    kind = categories.filter(pl.col("category_id") == category_id)["kind"][0]
    excluded = descendant_ids(categories, category_id) | {category_id}
    return {f"{row['full_name']} ({kind})": row["category_id"]
            for _depth, row in tree_rows(categories, kind) if row["category_id"] not in excluded}


def kind_of(categories: pl.DataFrame, category_id: int) -> str:
    """A category's kind as the API spells it: "INCOME" or "EXPENSE"."""
    return str(categories.filter(pl.col("category_id") == category_id)["kind"][0]).upper()


def color_label(color: str) -> str | None:
    """The palette's name of a colour, when it is one of the palette's."""
    return next((label for label, value in COLORS.items() if value == color.lower()), None)
