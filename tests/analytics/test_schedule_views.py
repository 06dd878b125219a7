"""The Recurring page's cards, picker and form layout."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from analytics.date_format import DateFormat
from analytics.frames import frame_from_rows
from analytics.schedule_views import (
    form_template,
    hidden_words,
    schedule_cards,
    schedule_choices,
    suggestion_cards,
    upcoming_table,
)
from analytics.schedules import SCHEDULES_SCHEMA, SUGGESTIONS_SCHEMA, UPCOMING_RECORDS_SCHEMA


def schedule(**fields: Any) -> dict[str, Any]:
    """A schedules row: 12.50 EUR to the gym on the 15th from Checking, unless told otherwise."""
    row = dict.fromkeys(SCHEDULES_SCHEMA.names())
    row |= {"schedule_id": 1, "kind": "expense", "payee": "Gym", "description": "",
            "amount": Decimal("12.50"), "currency": "EUR", "estimated": False, "frequency": "month",
            "every": 1, "last_day_of_month": False, "start_on": date(2026, 12, 15),
            "next_due_on": date(2026, 12, 15), "account_id": 1,
            "account": "Checking", "cadence": "monthly on the 15th"}
    return row | fields


def test_a_schedule_card_shows_amount_with_currency_cadence_next_date_and_where():
    cards = schedule_cards(frame_from_rows([
        schedule(category="Health", count=12),
        schedule(schedule_id=2, kind="transfer", payee="", amount=Decimal("200"),
                 counterpart_account="Savings", cadence="monthly on the last day"),
    ], SCHEDULES_SCHEMA), DateFormat())
    assert "<strong>Gym</strong>" in cards and "−12.50 EUR" in cards
    assert "Monthly on the 15th" in cards and "Next on 15 Dec 2026 · 12 times" in cards
    assert "Checking · Health" in cards
    assert "<strong>No payee</strong>" in cards and "200.00 EUR" in cards and "Checking → Savings" in cards


def test_names_from_the_user_are_escaped():
    cards = schedule_cards(frame_from_rows([schedule(payee="<b>Tom & Jerry</b>", estimated=True)],
                                           SCHEDULES_SCHEMA), DateFormat())
    assert "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;" in cards and "<b>" not in cards
    assert "−12.50 EUR (estimated)" in cards
    assert hidden_words("Accept", "<Gym>").startswith("Accept<span")
    assert "&lt;Gym&gt;" in hidden_words("Accept", "<Gym>")


def test_a_suggestion_card_holds_its_buttons():
    suggestion = dict.fromkeys(SUGGESTIONS_SCHEMA.names()) | {
        "suggestion_id": "abc", "kind": "income", "payee": "Employer", "cadence": "monthly",
        "typical_amount": Decimal("3000"), "currency": "EUR", "occurrences": 5,
        "last_date": date(2026, 11, 25), "next_expected_date": date(2026, 12, 25), "account": "Checking",
        "category": "Salary",
    }
    cards = suggestion_cards(frame_from_rows([suggestion], SUGGESTIONS_SCHEMA), ["<button>Accept</button>"],
                             DateFormat("mdy", "/"))
    assert "+3,000.00 EUR" in cards and "Monthly, next expected Dec 25, 2026" in cards
    assert "5 payments so far, the last on Nov 25, 2026" in cards and "<button>Accept</button>" in cards


def test_a_schedules_dates_follow_the_browsers_order():
    cards = schedule_cards(frame_from_rows([schedule(end_on=date(2027, 6, 15))], SCHEDULES_SCHEMA),
                           DateFormat("mdy", "/"))
    assert "Next on Dec 15, 2026 · until Jun 15, 2027" in cards


def test_the_picker_tells_alike_schedules_apart():
    choices = schedule_choices(frame_from_rows([schedule(), schedule(schedule_id=2)], SCHEDULES_SCHEMA))
    assert choices == {
        "Gym · −12.50 EUR monthly on the 15th": 1, "Gym · −12.50 EUR monthly on the 15th (2)": 2}


def test_the_form_template_names_every_field_once_and_survives_format():
    template = form_template()
    names = ("kind", "payee", "amount", "estimated", "account", "category", "counterpart",
             "counterpart_amount", "start_on", "every", "unit", "day", "ends", "end_on", "count",
             "description")
    filled = template.format(**{name: f"[{name}]" for name in names})
    assert all(filled.count(f"[{name}]") == 1 for name in names)
    assert ".fintrack-form {" in filled


def test_the_records_coming_up_are_a_captioned_table_that_scrolls_by_keyboard():
    records = frame_from_rows([
        {"date": date(2026, 12, 15), "schedule_id": 1, "payee": "Gym", "kind": "expense",
         "amount": Decimal("12.50"), "currency": "EUR", "estimated": True, "account": "Checking",
         "category": None},
        {"date": date(2026, 12, 31), "schedule_id": 2, "payee": "Savings", "kind": "transfer",
         "amount": Decimal("200"), "currency": "EUR", "estimated": False, "account": "Checking",
         "category": "→ Savings"},
    ], UPCOMING_RECORDS_SCHEMA)
    table = upcoming_table(records, 30, DateFormat("dmy", "."))
    assert "<caption" in table and "over the next 30 days" in table and "tabindex='0'" in table
    assert "<td>15.12.2026</td>" in table and "−12.50 EUR (estimated)" in table
    assert "Checking · Uncategorized" in table
    assert "Checking → Savings" in table and "200.00 EUR" in table
