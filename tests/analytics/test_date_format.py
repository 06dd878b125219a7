"""analytics.date_format: dates in the order and with the separator of the browser's language."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.date_format import DateFormat, date_format, preferred_locale

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


def test_month_names_follow_the_day_month_order() -> None:
    british, american = DateFormat("dmy", "/"), DateFormat("mdy", "/")

    assert british.long_day(DAY) == "3 Nov 2026"
    assert american.long_day(DAY) == "Nov 3, 2026"
    assert british.range(date(2026, 10, 1), DAY) == "1 Oct – 3 Nov 2026"
    assert american.range(date(2025, 12, 1), DAY) == "Dec 1, 2025 – Nov 3, 2026"


def test_the_preferred_locale_is_the_first_one_without_its_weight() -> None:
    assert preferred_locale("pt_BR;q=0.9, en;q=0.8") == "pt-br"
    assert preferred_locale("") == ""
