"""Date cells read with one explicit format per column; the format decided from the whole column."""

from __future__ import annotations

from datetime import date

import pytest

from api.imports.formats.dates import DateError, describe_date_format, detect_date_format, make_date_parser


@pytest.mark.parametrize(("date_format", "cell", "expected"), [
    ("%d.%m.%Y", "05.01.2024", date(2024, 1, 5)),
    ("%d.%m.%Y", "5.1.2024", date(2024, 1, 5)),
    ("%d/%m/%Y", "13/01/2024", date(2024, 1, 13)),
    ("%m/%d/%Y", "01/13/2024", date(2024, 1, 13)),
    ("%Y-%m-%d", "2024-01-05", date(2024, 1, 5)),
    ("%Y-%m-%d", "2024-01-05 23:59:59", date(2024, 1, 5)),
    ("%Y-%m-%d", "2024-01-05T10:00:00+01:00", date(2024, 1, 5)),
    ("%d.%m.%y", "05.01.24", date(2024, 1, 5)),
    ("%d.%m.%y", "05.01.99", date(1999, 1, 5)),
    ("%d %b %Y", "05 Jan 2024", date(2024, 1, 5)),
    ("%d %b %Y", "05 Mär 2024", date(2024, 3, 5)),
    ("%d-%b-%y", "05-Dec-23", date(2023, 12, 5)),
    ("%b %d, %Y", "Jan 5, 2024", date(2024, 1, 5)),
    ("%Y%m%d", "20240105", date(2024, 1, 5)),
    ("%d.%m.%Y (%a)", "05.01.2024 (Fri)", date(2024, 1, 5)),
])
def test_formats(date_format, cell, expected):
    assert make_date_parser(date_format)(cell) == expected


@pytest.mark.parametrize(("date_format", "cell"), [
    ("%d.%m.%Y", "31.02.2024"), ("%d.%m.%Y", "2024-01-05"), ("%m/%d/%Y", "13/01/2024"),
    ("%d %b %Y", "05 Foo 2024"), ("%Y-%m-%d", ""), ("%d.%m.%Y (%a)", "nonsense"),
])
def test_not_dates(date_format, cell):
    with pytest.raises(DateError):
        make_date_parser(date_format)(cell)


def test_one_day_past_the_twelfth_settles_the_whole_column():
    day_first_column = ["01/02/2024", "03/04/2024", "25/04/2024"]
    assert detect_date_format(day_first_column, day_first=False) == ("%d/%m/%Y", None)
    assert detect_date_format(["01/02/2024", "04/25/2024"], day_first=True) == ("%m/%d/%Y", None)


def test_an_ambiguous_column_follows_the_amounts_locale_and_says_so():
    chosen, note = detect_date_format(["01/02/2024", "03/04/2024"], day_first=True)
    assert chosen == "%d/%m/%Y"
    assert note == ("Every date reads both as DD/MM/YYYY and as MM/DD/YYYY; chose DD/MM/YYYY because the "
                    "amounts look European.")
    assert detect_date_format(["01/02/2024", "03/04/2024"], day_first=False)[0] == "%m/%d/%Y"
    _, note = detect_date_format(["01/02/2024"], day_first=True, because="the account is in INR")
    assert note is not None and note.endswith("chose DD/MM/YYYY because the account is in INR.")


def test_the_format_reading_most_cells_wins_and_nothing_readable_gives_none():
    assert detect_date_format(["2024-01-05", "2024-01-06", "Saldo"], day_first=True) == ("%Y-%m-%d", None)
    assert detect_date_format(["Saldo", ""], day_first=True) == (None, None)


def test_formats_are_shown_as_people_write_them():
    assert describe_date_format("%d.%m.%Y") == "DD.MM.YYYY"
    assert describe_date_format("%d %b %y") == "DD MMM YY"
