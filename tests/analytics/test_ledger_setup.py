"""Setting up a ledger from the dashboard (analytics.ledger_setup) against the real app: signing up,
accounts and categories written and read back, refusals in plain words, amounts as people type them."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from starlette.testclient import TestClient

from analytics import ledger_setup
from analytics.client import FinanceClient
from analytics.ledger_setup import SetupProblem
from analytics.page_memory import PageMemory, page_memory
from tests.analytics.conftest import BASE_URL, PASSWORD, Ledger
from tests.conftest import GraphQL

NEW_PASSWORD = "a long walk by the river"


def category_id(finance: FinanceClient, name: str) -> int:
    """The id of the user's category of this name."""
    categories = finance.categories()
    return int(categories.filter(pl.col("category") == name)["category_id"][0])


@pytest.mark.parametrize(("typed", "currency", "mark", "amount"), [
    ("1250,5", "EUR", ",", "1250.5"),
    ("1.250,50", "EUR", ",", "1250.50"),
    ("-35,20", "EUR", ",", "-35.20"),  # a debt
    ("−35.20", "EUR", ".", "-35.20"),
    ("1,250", "BHD", ",", "1.250"),
    ("1,250", "BHD", ".", "1250"),
])
def test_a_balance_is_read_with_the_users_decimal_mark_and_may_be_negative(
    typed: str, currency: str, mark: str, amount: str
):
    assert ledger_setup.parse_amount(typed, currency, mark) == Decimal(amount)


def test_a_balance_that_cannot_be_read_says_how_to_write_it_in_the_users_format():
    with pytest.raises(SetupProblem, match="EUR amounts have at most 2 decimal places, like 12,50."):
        ledger_setup.parse_amount("1,250", "EUR", ",")
    with pytest.raises(SetupProblem, match="Enter the amount as a number, like 12.50."):
        ledger_setup.parse_amount("1,25,0", "EUR")


def test_colours_are_read_with_or_without_the_hash():
    assert ledger_setup.parse_color("3366CC") == "#3366cc"
    assert ledger_setup.parse_color(" #59a14f ") == "#59a14f"
    with pytest.raises(SetupProblem, match="Enter a colour like #3366cc"):
        ledger_setup.parse_color("green")


def test_new_passwords_are_checked_before_asking_the_server():
    assert ledger_setup.password_problem(NEW_PASSWORD, NEW_PASSWORD) is None
    assert "at least 12" in (ledger_setup.password_problem("short", "short") or "")
    assert "at most 128" in (ledger_setup.password_problem("x" * 129, "x" * 129) or "")
    assert "differ" in (ledger_setup.password_problem(NEW_PASSWORD, NEW_PASSWORD + "!") or "")


def test_the_currency_dropdown_lists_common_currencies_by_name():
    options = ledger_setup.currency_options()
    assert options["EUR · Euro"] == "EUR"
    assert len(set(options.values())) == len(ledger_setup.COMMON_CURRENCIES)


def test_signing_up_creates_the_user_with_starter_categories_and_signs_in(client: TestClient):
    finance = FinanceClient(BASE_URL, http_client=client)
    user = ledger_setup.sign_up(finance, " newcomer@example.com ", NEW_PASSWORD, NEW_PASSWORD)
    assert user["email"] == "newcomer@example.com"
    assert finance.signed_in
    assert finance.accounts().is_empty()
    assert "Groceries" in finance.categories()["category"].to_list()


@pytest.mark.parametrize(("email", "password", "problem"), [
    ("newcomer", NEW_PASSWORD, "Enter your email address"),
    ("newcomer@example.com", "password1234", "one of the most common ones"),
    ("alice@example.com", NEW_PASSWORD, "already an account with this email"),
    ("newcomer@example.com", "short", "at least 12 characters"),
])
def test_sign_up_refusals_are_plain(
    client: TestClient, alice: GraphQL, email: str, password: str, problem: str
):
    finance = FinanceClient(BASE_URL, http_client=client)
    with pytest.raises(SetupProblem, match=problem):
        ledger_setup.sign_up(finance, email, password, password)
    assert not finance.signed_in


def test_an_account_is_created_with_an_opening_balance_typed_with_a_decimal_comma(finance: FinanceClient):
    account = ledger_setup.create_account(finance, " Main checking ", "CHECKING", "EUR", "1.250,50")
    assert (account["name"], account["currency"], account["openingBalance"]) == (
        "Main checking", "EUR", "1250.50")
    listed = finance.accounts()
    assert listed["balance"].to_list() == [Decimal("1250.50")]


def test_an_empty_opening_balance_is_zero(finance: FinanceClient):
    account = ledger_setup.create_account(finance, "Wallet", "CASH", "USD", "  ")
    assert Decimal(account["openingBalance"]) == 0


@pytest.mark.parametrize(("name", "account_type", "currency", "balance", "problem"), [
    ("", "CHECKING", "EUR", "0", "Enter a name"),
    ("Cash", None, "EUR", "0", "Choose the type of account"),
    ("Cash", "CASH", None, "0", "Choose a currency"),
    ("Cash", "CASH", "EUR", "lots", "Enter the amount as a number, like 12.50."),
    ("x" * 101, "CASH", "EUR", "0", "at most 100 characters"),
])
def test_account_refusals_are_plain(
    finance: FinanceClient, name: str, account_type: str | None, currency: str | None, balance: str,
    problem: str,
):
    with pytest.raises(SetupProblem, match=problem):
        ledger_setup.create_account(finance, name, account_type, currency, balance)


def test_a_taken_account_name_is_refused_in_words(finance: FinanceClient, ledger: Ledger):
    with pytest.raises(SetupProblem) as raised:
        ledger_setup.create_account(finance, "checking", "SAVINGS", "EUR", "0")
    assert raised.value.message.startswith("Name: ")
    assert "input." not in raised.value.message


def test_an_account_is_renamed_restated_archived_and_restored(finance: FinanceClient, ledger: Ledger):
    renamed = ledger_setup.update_account(
        finance, ledger.checking, "EUR", name="Daily", opening_balance="900,00", archived=True
    )
    assert (renamed["name"], renamed["openingBalance"], renamed["archived"]) == ("Daily", "900.00", True)
    assert "Daily" not in finance.accounts()["account"].to_list()
    assert "Daily" in finance.accounts(include_archived=True)["account"].to_list()

    restored = ledger_setup.update_account(finance, ledger.checking, "EUR", archived=False)
    assert (restored["name"], restored["archived"]) == ("Daily", False)


def test_the_currency_changes_only_while_the_account_has_no_records(finance: FinanceClient, ledger: Ledger):
    wallet = ledger_setup.create_account(finance, "Wallet", "CASH", "EUR", "12,50")
    moved = ledger_setup.update_account(finance, int(wallet["id"]), "EUR", new_currency="JPY",
                                        opening_balance="1500")
    assert (moved["currency"], moved["openingBalance"]) == ("JPY", "1500")
    with pytest.raises(SetupProblem, match="^Currency: the currency cannot change once the account has"):
        ledger_setup.update_account(finance, ledger.checking, "EUR", new_currency="USD")
    unchanged = ledger_setup.update_account(finance, ledger.checking, "EUR", new_currency="EUR", name="Main")
    assert (unchanged["name"], unchanged["currency"]) == ("Main", "EUR")
    assert ledger_setup.currency_options("XAU")["XAU · Gold"] == "XAU"


def test_deleting_an_account_says_first_how_many_records_go(finance: FinanceClient, ledger: Ledger):
    records = ledger_setup.record_count(finance, account_id=ledger.checking)
    assert records == 5  # four income and expenses, and the transfer to Dollars
    warning = ledger_setup.account_deletion_warning("Checking", records)
    assert "**5 records**" in warning and "archive it instead" in warning

    ledger_setup.delete_account(finance, ledger.checking)

    assert finance.accounts()["account"].to_list() == ["Dollars"]
    assert ledger_setup.record_count(finance) == 1


def test_the_accounts_table_lists_active_accounts_first_with_balances_and_currency(
    finance: FinanceClient, ledger: Ledger
):
    ledger_setup.update_account(finance, ledger.dollars, "USD", archived=True)
    table = ledger_setup.accounts_table(finance.accounts(include_archived=True))
    assert table.rows() == [
        ("Checking", "Checking", "EUR", "2,500.00 EUR", "Active"),
        ("Dollars", "Checking", "USD", "100.00 USD", "Archived"),
    ]
    choices = ledger_setup.account_choices(finance.accounts(include_archived=True))
    assert list(choices) == ["Checking (EUR)", "Dollars (USD, archived)"]


def test_a_category_and_a_sub_category_are_created_renamed_recoloured_and_moved(finance: FinanceClient):
    pets = ledger_setup.create_category(finance, "Pets", "EXPENSE")
    vet = ledger_setup.create_category(finance, "Vet", "EXPENSE", int(pets["id"]))
    assert vet["fullName"] == "Pets / Vet"
    assert vet["color"] == pets["color"]

    renamed = ledger_setup.update_category(finance, int(pets["id"]), name="Animals", color="59A14F")
    assert (renamed["name"], renamed["color"]) == ("Animals", "#59a14f")
    moved = ledger_setup.update_category(finance, int(vet["id"]), parent_id=category_id(finance, "Health"))
    assert moved["fullName"] == "Health / Vet"
    kept = ledger_setup.update_category(finance, int(vet["id"]), name="Vets")
    assert kept["fullName"] == "Health / Vets"
    top = ledger_setup.update_category(finance, int(vet["id"]), parent_id=None)
    assert (top["fullName"], top["parentId"]) == ("Vets", None)


def test_category_refusals_are_plain(finance: FinanceClient):
    with pytest.raises(SetupProblem, match="Enter a name"):
        ledger_setup.create_category(finance, "  ", "EXPENSE")
    with pytest.raises(SetupProblem, match="Choose income or expense"):
        ledger_setup.create_category(finance, "Pets", None)
    with pytest.raises(SetupProblem, match="^Name: .*already exists"):
        ledger_setup.create_category(finance, "food", "EXPENSE")
    with pytest.raises(SetupProblem, match="^Parent: the parent must be an income category"):
        ledger_setup.create_category(finance, "Bonus", "INCOME", category_id(finance, "Food"))
    food = category_id(finance, "Food")
    with pytest.raises(SetupProblem, match="cannot move below itself"):
        ledger_setup.update_category(finance, food, parent_id=category_id(finance, "Groceries"))


def test_deleting_a_category_says_what_happens_to_its_records(finance: FinanceClient, ledger: Ledger):
    categories = finance.categories()
    food = ledger.category_ids["Food"]
    records = ledger_setup.record_count(finance, category_id=food)
    assert records == 2  # Groceries in January, Food in February
    warning = ledger_setup.category_deletion_warning(categories, food, records)
    assert warning == ("Delete **Food**, with its 2 sub-categories, for good. Its 2 records stay and become "
                       "uncategorized.")

    salary = ledger.category_ids["Salary"]
    assert ledger_setup.category_deletion_warning(categories, salary, 1) == (
        "Delete **Salary** for good. Its one record stays and becomes uncategorized.")

    ledger_setup.delete_category(finance, food)

    assert "Groceries" not in finance.categories()["category"].to_list()
    assert ledger_setup.record_count(finance, category_id=ledger.category_ids["Salary"]) == 1
    uncategorized = finance.records_frame().filter(pl.col("payee") == "Grocer")
    assert uncategorized["category_id"].to_list() == [None, None]


def test_the_tree_lists_parents_before_their_children_and_moves_exclude_the_category_itself(
    finance: FinanceClient
):
    ledger_setup.create_category(finance, "Vet", "EXPENSE", category_id(finance, "Groceries"))
    categories = finance.categories()
    rows = [(depth, row["category"]) for depth, row in ledger_setup.tree_rows(categories, "expense")]
    food = rows.index((0, "Food"))
    assert rows[food:food + 4] == [(0, "Food"), (1, "Groceries"), (2, "Vet"), (1, "Restaurants")]
    assert all(row["kind"] == "income" for _, row in ledger_setup.tree_rows(categories, "income"))

    parents = ledger_setup.parent_choices(categories, category_id(finance, "Food"))
    below_food = {"Food (expense)", "Food / Groceries (expense)", "Food / Groceries / Vet (expense)"}
    assert not below_food & set(parents)
    assert "Housing (expense)" in parents and "Salary (income)" not in parents
    assert ledger_setup.kind_of(categories, category_id(finance, "Salary")) == "INCOME"
    assert ledger_setup.color_label("#59A14F") == "Green"


def test_the_page_memory_belongs_to_one_signed_in_client(client: TestClient, alice: GraphQL):
    first, second = (FinanceClient(BASE_URL, http_client=client) for _ in range(2))
    first.login("alice@example.com", PASSWORD)
    memory = page_memory(first, ledger_setup.SetupMemory)
    memory.tell("account", "Saved **Cash**.")
    memory.account_id = 7
    again = page_memory(first, ledger_setup.SetupMemory)
    assert again.outcome_of("account") == ("Saved **Cash**.", "success") and again.account_id == 7
    assert again.outcome_of("category") is None
    assert page_memory(second, ledger_setup.SetupMemory).outcome_of("account") is None
    assert page_memory(first, PageMemory).outcome_of("account") is None  # another page's memory


def test_a_write_shown_once_refreshed_says_what_it_did_only_with_the_fresh_page():
    memory, refreshes = PageMemory(), []
    refused = memory.write("category", lambda: "Added **Pets** (expense).", lambda: refreshes.append(1),
                           SetupProblem, shown_once_refreshed=True)
    assert refused is None and refreshes == [1]
    assert memory.outcome_of("category") is None  # the forms are about to be drawn again
    memory.refreshed()
    assert memory.outcome_of("category") == ("Added **Pets** (expense).", "success")


def test_a_refused_write_is_said_at_once_and_refreshes_nothing():
    memory, refreshes = PageMemory(), []

    def refuse() -> str:
        raise SetupProblem("a category named Pets exists already")

    refused = memory.write("category", refuse, lambda: refreshes.append(1), SetupProblem,
                           shown_once_refreshed=True)
    memory.tell("category", f"**Not added:** {refused}", "danger")
    assert refreshes == []
    assert memory.outcome_of("category") == ("**Not added:** a category named Pets exists already", "danger")
