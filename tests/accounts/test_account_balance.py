"""Account.balance: the opening balance plus every ledger leg, loaded for a whole list at once."""

from __future__ import annotations

from tests.accounts.operations import ACCOUNT, ACCOUNTS, create_account
from tests.accounts.query_counter import counted_queries
from tests.accounts.records_table import insert_record


def balance(user, account: dict) -> str:
    """The account's balance as the API reports it."""
    return user.ok(ACCOUNT, {"id": account["id"]})["account"]["balance"]


def test_balance_adds_income_and_subtracts_expenses(alice, settings):
    account = create_account(alice, openingBalance="100.00")
    insert_record(settings, account["id"], "income", "50.25")
    insert_record(settings, account["id"], "expense", "20.10")
    insert_record(settings, account["id"], "expense", "0.15")
    assert balance(alice, account) == "130.00"


def test_transfer_moves_money_between_accounts(alice, settings):
    checking = create_account(alice, "Checking", openingBalance="100")
    savings = create_account(alice, "Savings", openingBalance="10")
    insert_record(settings, checking["id"], "transfer", "30", counterpart_account_id=savings["id"])
    assert (balance(alice, checking), balance(alice, savings)) == ("70.00", "40.00")


def test_transfer_between_currencies_arrives_as_the_counterpart_amount(alice, settings):
    euros = create_account(alice, "Euros", openingBalance="100")
    yen = create_account(alice, "Yen", currency="JPY")
    insert_record(
        settings, euros["id"], "transfer", "10.50", counterpart_account_id=yen["id"],
        counterpart_amount="1700",
    )
    assert (balance(alice, euros), balance(alice, yen)) == ("89.50", "1700")


def test_balance_can_go_negative(alice, settings):
    card = create_account(alice, "Card", type="CREDIT_CARD")
    insert_record(settings, card["id"], "expense", "0.01")
    assert balance(alice, card) == "-0.01"


def test_balance_is_exact_where_floats_would_drift(alice, settings):
    account = create_account(alice)
    for _ in range(10):
        insert_record(settings, account["id"], "income", "0.10")
    insert_record(settings, account["id"], "income", "12345678901.23")  # near MAX_MINOR_UNITS
    assert balance(alice, account) == "12345678902.23"


def test_other_users_records_do_not_touch_the_balance(alice, bob, settings):
    mine = create_account(alice, openingBalance="1")
    theirs = create_account(bob, openingBalance="1")
    insert_record(settings, theirs["id"], "income", "500")
    assert (balance(alice, mine), balance(bob, theirs)) == ("1.00", "501.00")


def test_balances_of_a_list_are_loaded_in_one_query(alice, settings, client):
    def statements_for_listing() -> list[str]:
        with counted_queries(client) as statements:
            alice.ok(ACCOUNTS)
        return statements

    first = create_account(alice, "A")
    insert_record(settings, first["id"], "income", "1")
    one_account = statements_for_listing()
    for name in ("B", "C", "D", "E"):
        insert_record(settings, create_account(alice, name)["id"], "expense", "1")
    five_accounts = statements_for_listing()
    # sign-in, the cost estimate's counts, due recurring records, accounts, balances
    assert len(five_accounts) == len(one_account) <= 5
    assert [balance["balance"] for balance in alice.ok(ACCOUNTS)["accounts"]] == [
        "1.00", "-1.00", "-1.00", "-1.00", "-1.00"
    ]
