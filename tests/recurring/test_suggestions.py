"""Suggestions from history: found per account, accepted as schedules, dismissed for good, per user."""

from __future__ import annotations

from datetime import timedelta

from tests.accounts.operations import assert_not_found, create_account
from tests.records.operations import category_id, create_record
from tests.recurring.operations import ACCEPT, DISMISS, SCHEDULES, SUGGESTIONS, utc_today


def monthly_history(user, account, payee: str = "Streamly", amounts=("9.99", "9.99", "10.49", "9.99")):
    """Payments to `payee` every 30 days up to a few days ago (monthly within the finder's tolerance)."""
    today = utc_today()
    food = category_id(user, "Food")
    for index, amount in enumerate(reversed(amounts)):
        day = today - timedelta(days=5 + 30 * index)
        create_record(user, account, amount=amount, date=day.isoformat(), payee=payee, categoryId=food)


def test_a_monthly_payment_is_suggested_with_its_account_category_and_next_date(alice):
    account = create_account(alice)
    monthly_history(alice, account)
    (suggestion,) = alice.ok(SUGGESTIONS)["recurringSuggestions"]
    assert suggestion["payee"] == "Streamly" and suggestion["cadence"] == "monthly"
    assert (suggestion["frequency"], suggestion["every"]) == ("MONTH", 1)
    assert suggestion["typicalAmount"] == "9.99" and suggestion["currency"] == "EUR"
    assert suggestion["account"] == {"id": account["id"]}
    assert suggestion["category"] == {"id": category_id(alice, "Food")}
    assert suggestion["nextExpectedDate"] > utc_today().isoformat()


def test_accepting_creates_the_schedule_and_the_suggestion_goes(alice):
    account = create_account(alice)
    monthly_history(alice, account)
    (suggestion,) = alice.ok(SUGGESTIONS)["recurringSuggestions"]
    schedule = alice.ok(ACCEPT, {"id": suggestion["id"]})["acceptSuggestion"]
    assert (schedule["payee"], schedule["amount"], schedule["startOn"]) == (
        "Streamly", "9.99", suggestion["nextExpectedDate"]
    )
    assert alice.ok(SCHEDULES)["schedules"][0]["id"] == schedule["id"]
    assert alice.ok(SUGGESTIONS)["recurringSuggestions"] == []


def test_a_dismissed_suggestion_does_not_come_back(alice):
    account = create_account(alice)
    monthly_history(alice, account)
    (suggestion,) = alice.ok(SUGGESTIONS)["recurringSuggestions"]
    assert alice.ok(DISMISS, {"id": suggestion["id"]})["dismissSuggestion"] == suggestion["id"]
    assert alice.ok(DISMISS, {"id": suggestion["id"]})["dismissSuggestion"] == suggestion["id"]
    create_record(alice, account, amount="9.99", date=utc_today().isoformat(), payee="Streamly")
    assert alice.ok(SUGGESTIONS)["recurringSuggestions"] == []


def test_irregular_or_stopped_payments_are_not_suggested(alice):
    account = create_account(alice)
    today = utc_today()
    for days in (200, 170, 140, 110):  # monthly, but the last one was months ago
        day = (today - timedelta(days=days)).isoformat()
        create_record(alice, account, amount="20.00", date=day, payee="Old")
    for days in (3, 20, 61):
        day = (today - timedelta(days=days)).isoformat()
        create_record(alice, account, amount="5.00", date=day, payee="Cafe")
    assert alice.ok(SUGGESTIONS)["recurringSuggestions"] == []


def test_another_users_suggestions_are_not_found(alice, bob):
    account = create_account(alice)
    monthly_history(alice, account)
    (suggestion,) = alice.ok(SUGGESTIONS)["recurringSuggestions"]
    assert bob.ok(SUGGESTIONS)["recurringSuggestions"] == []
    assert_not_found(bob.error(ACCEPT, {"id": suggestion["id"]}), "Suggestion", suggestion["id"])
    assert_not_found(bob.error(DISMISS, {"id": suggestion["id"]}), "Suggestion", suggestion["id"])
    assert bob.ok(SCHEDULES)["schedules"] == []
    assert len(alice.ok(SUGGESTIONS)["recurringSuggestions"]) == 1
