"""applyRules on stored records: dry-run counts and samples, writes through the ledger writer, refunds."""

from __future__ import annotations

from tests.accounts.operations import create_account
from tests.ledger.conftest import ledger  # noqa: F401  (fixture)
from tests.records.operations import RECORD, category_id, create_record
from tests.rules.operations import apply_rules, create_rule


def record(user, record_id: str) -> dict:
    return user.ok(RECORD, {"id": record_id})["record"]


def test_dry_run_counts_and_samples_per_rule_without_writing(alice):
    account = create_account(alice)
    groceries = category_id(alice, "Food / Groceries")
    rewe = create_rule(
        alice, "Rewe", payee={"match": "CONTAINS", "pattern": "rewe"}, categoryId=groceries, setPayee="REWE"
    )
    create_rule(alice, "Unused", payee={"match": "EQUALS", "pattern": "nobody"})
    ids = [
        create_record(alice, account, payee=f"Rewe Markt {n}", amount=f"{n}.00")["id"] for n in range(1, 8)
    ]
    create_record(alice, account, payee="Bakery")
    result = apply_rules(alice)
    assert result["dryRun"] is True and result["changedCount"] == 7
    first, unused = result["rules"]
    assert first["rule"]["id"] == rewe["id"] and first["changedCount"] == 7 and unused["changedCount"] == 0
    assert len(first["samples"]) == 5
    sample = first["samples"][0]
    assert sample["recordId"] == ids[0]
    unchanged = {"kind": "EXPENSE", "amount": "1.00", "currency": "EUR", "tags": []}
    assert sample["before"] == {**unchanged, "payee": "Rewe Markt 1", "category": None}
    category = {"id": groceries, "name": "Groceries"}
    assert sample["after"] == {**unchanged, "payee": "REWE", "category": category}
    assert record(alice, ids[0])["payee"] == "Rewe Markt 1"


def test_apply_writes_and_roll_ups_stay_equal_to_the_reference(alice, ledger):  # noqa: F811
    account = create_account(alice)
    groceries = category_id(alice, "Food / Groceries")
    rewe = {"match": "CONTAINS", "pattern": "rewe"}
    create_rule(alice, "Rewe", payee=rewe, categoryId=groceries, tags=["food"])
    changed = create_record(alice, account, payee="REWE 123", tags=["mine"])
    untouched = create_record(alice, account, payee="Bakery")
    result = apply_rules(alice, dry_run=False)
    assert result["dryRun"] is False and result["changedCount"] == 1
    after = record(alice, changed["id"])
    assert after["category"]["id"] == groceries and after["tags"] == ["food", "mine"]
    assert record(alice, untouched["id"])["category"] is None
    ledger.assert_consistent(alice)
    assert apply_rules(alice)["changedCount"] == 0  # applied once, nothing left to change


def test_money_in_put_in_an_expense_category_becomes_a_refund(alice, ledger):  # noqa: F811
    account = create_account(alice)
    clothing = category_id(alice, "Shopping / Clothing")
    create_rule(alice, "Returns", payee={"match": "CONTAINS", "pattern": "zalando"}, direction="IN",
                categoryId=clothing)
    credit = create_record(alice, account, kind="INCOME", payee="Zalando return", amount="40.00")
    purchase = create_record(alice, account, payee="Zalando", amount="40.00")
    sample = apply_rules(alice)["rules"][0]["samples"][0]
    assert sample["after"]["kind"] == "EXPENSE" and sample["after"]["amount"] == "-40.00"
    apply_rules(alice, dry_run=False)
    refund = record(alice, credit["id"])
    assert (refund["kind"], refund["amount"], refund["category"]["name"]) == ("EXPENSE", "-40.00", "Clothing")
    assert record(alice, purchase["id"])["category"] is None  # money out: direction IN does not match
    ledger.assert_consistent(alice)


def test_transfers_are_never_touched_and_the_filter_limits_the_records(alice):
    checking, savings = create_account(alice), create_account(alice, "Savings")
    create_rule(alice, "Everything")
    create_record(alice, checking, kind="TRANSFER", counterpartAccountId=savings["id"], payee="x")
    create_record(alice, checking, date="2026-01-01")
    create_record(alice, checking, date="2026-03-01")
    assert apply_rules(alice)["changedCount"] == 2
    assert apply_rules(alice, record_filter={"dateFrom": "2026-02-01"})["changedCount"] == 1


def test_rules_of_another_user_never_apply(alice, bob):
    account = create_account(bob)
    create_rule(alice, "Alice's")
    create_record(bob, account)
    assert apply_rules(bob)["rules"] == []
    assert apply_rules(alice)["changedCount"] == 0
