"""analytics.date_format: dates in the order and with the separator of the browser's language."""

from __future__ import annotations

from datetime import date, datetime

import marimo as mo
import pytest

from analytics.date_format import DateFormat, date_format, preferred_locale
from analytics.import_views import import_rows_table, past_import_line
from analytics.kpis import cards_scope
from analytics.record_form import node_sentence

DAY = date(2026, 11, 3)


@pytest.mark.parametrize(("accept_language", "written"), [
    ("en-GB,en;q=0.9", "03/11/2026"),
    ("en-US,en;q=0.9", "11/03/2026"),
    ("en", "11/03/2026"),
    ("de-DE,de;q=0.9,en;q=0.8", "03.11.2026"),
    ("nl-NL", "03-11-2026"),
    ("sv-SE", "2026-11-03"),
    ("ja", "2026-11-03"),
    ("en-CA", "2026-11-03"),
    ("fr-FR", "03/11/2026"),
    (None, "03/11/2026"),
    ("*", "03/11/2026"),
])
def test_a_date_in_numbers_follows_the_first_language(accept_language: str | None, written: str) -> None:
    assert date_format(accept_language).day(DAY) == written


@pytest.mark.parametrize("accept_language", ["en-GB", "en-US", "de-DE", "nl-NL", "sv-SE", None])
def test_charts_time_format_writes_days_as_the_page_does(accept_language: str | None) -> None:
    # d3's %d, %m and %Y (Vega's axes and tooltips) mean what they mean to strftime.
    dates = date_format(accept_language)
    assert DAY.strftime(dates.time_format()) == dates.day(DAY)


def test_month_names_follow_the_day_month_order() -> None:
    british, american = DateFormat("dmy", "/"), DateFormat("mdy", "/")

    assert british.long_day(DAY) == "3 Nov 2026"
    assert american.long_day(DAY) == "Nov 3, 2026"
    assert british.range(date(2026, 10, 1), DAY) == "1 Oct – 3 Nov 2026"
    assert american.range(date(2025, 12, 1), DAY) == "Dec 1, 2025 – Nov 3, 2026"


def test_the_preferred_locale_is_the_first_one_without_its_weight() -> None:
    assert preferred_locale("pt_BR;q=0.9, en;q=0.8") == "pt-br"
    assert preferred_locale("") == ""


def test_past_imports_and_import_rows_show_dates_in_the_browsers_order() -> None:
    american = DateFormat("mdy", "/")
    row = {"file_name": "bank.csv", "account": "Main", "imported_at": datetime(2026, 11, 3, 14, 5),
           "new": 3, "duplicate": 1, "refused": 0, "undone": False}
    preview = {"rows": [{"line": 2, "outcome": "NEW", "date": "2026-11-03", "amount": "1.00", "payee": "Shop",
                         "description": "", "problems": []}]}

    assert "Nov 3, 2026 14:05 UTC" in mo.as_html(past_import_line(row, american)).text
    assert "11/03/2026" in mo.as_html(import_rows_table(preview, american)).text


def test_the_cards_say_they_count_every_category_while_the_charts_follow_the_selection() -> None:
    assert cards_scope([]) == ""
    assert "show **Food, Travel** only" in cards_scope(["Food", "Travel"])


def test_a_record_in_words_writes_its_date_in_the_browsers_order() -> None:
    node = {"kind": "EXPENSE", "amount": "12.50", "currency": "EUR", "payee": "Grocer", "date": "2024-02-03"}

    assert node_sentence(node) == "−12.50 EUR at Grocer on 3 Feb 2024"
    assert node_sentence(node, DateFormat("mdy", "/")) == "−12.50 EUR at Grocer on Feb 3, 2024"
