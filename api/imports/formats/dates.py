"""Dates as banks write them, read with one explicit format per column (never guessed per cell).

`make_date_parser` compiles a `strptime`-style format into a regular expression once and caches
each distinct cell (a statement repeats the same few hundred dates), because `strptime` per row
would dominate a large import. A time after the date (`2024-01-05 10:23`) is ignored. Thai banks count
years in the Buddhist era (2567 is 2024) and Taiwanese ones in the Minguo era (113 is 2024, `%R`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime

DateParser = Callable[[str], date]

# Tried in this order; among formats that read a column equally well, the earlier wins.
CANDIDATE_FORMATS = (
    "%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%m/%d/%Y", "%d/%m/%y", "%m/%d/%y",
    "%d-%m-%Y", "%m-%d-%Y", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d",
    "%d %b %Y", "%d-%b-%Y", "%d %b %y", "%d-%b-%y", "%b %d %Y", "%b %d, %Y", "%R/%m/%d", "%R.%m.%d",
)
BUDDHIST_ERA_OFFSET = 543
"""A Buddhist-era year less this is the common era's; years from `BUDDHIST_ERA_FROM` on are read so."""
BUDDHIST_ERA_FROM = 2400
MINGUO_ERA_OFFSET = 1911
# Day-first formats and their month-first twins: a column both read equally well is ambiguous.
MONTH_FIRST_TWINS = {"%d/%m/%Y": "%m/%d/%Y", "%d/%m/%y": "%m/%d/%y", "%d-%m-%Y": "%m-%d-%Y"}
# The currencies of the countries whose banks write the month first (the US, Canada, the Philippines):
# an ambiguous column of an account in any other currency is read day first, whatever the amounts say.
MONTH_FIRST_CURRENCIES = frozenset({"USD", "CAD", "PHP"})

# Month abbreviations (first three letters, lower case) in English, German, Dutch and Spanish.
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    "mär": 3, "mrz": 3, "mai": 5, "okt": 10, "dez": 12, "mrt": 3, "mei": 5,
    "ene": 1, "abr": 4, "ago": 8, "dic": 12,
}
_DIRECTIVES = {
    "d": r"(?P<day>\d{1,2})",
    "m": r"(?P<month>\d{1,2})",
    "Y": r"(?P<year>\d{4})",
    "y": r"(?P<short_year>\d{2})",
    "b": r"(?P<month_name>[^\W\d_]{3,9})\.?",
    "R": r"(?P<minguo_year>\d{3})",
}
_TIME_SUFFIX = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?(?:Z|\s*[+-]\d{2}:?\d{2})?)?"
# A day's name before the date ("Mon 08/01/2024", "Montag, 08.01.2024"): read past.
_WEEKDAY_PREFIX = (r"(?:(?:mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
                   r"sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)[a-z]*\.?,?\s+)?")
_CACHE_LIMIT = 100_000


class DateError(ValueError):
    """A cell that is not a date in the column's format."""


def describe_date_format(date_format: str) -> str:
    """Show a strptime format the way people write it: %d.%m.%Y as DD.MM.YYYY."""
    for directive, shown in (("%d", "DD"), ("%m", "MM"), ("%Y", "YYYY"), ("%y", "YY"), ("%b", "MMM"),
                             ("%R", "YYY (Minguo)")):
        date_format = date_format.replace(directive, shown)
    return date_format


def make_date_parser(date_format: str) -> DateParser:
    """Return a function reading one cell with this format; raises DateError for anything else."""
    pattern = _compile(date_format)
    cache: dict[str, date] = {}

    def parse_date(text: str) -> date:
        found = cache.get(text)
        if found is not None:
            return found
        value = _parse_uncached(text.strip(), date_format, pattern)
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[text] = value
        return value

    return parse_date


def _compile(date_format: str) -> re.Pattern[str] | None:
    """Translate a strptime format to a pattern; None when it uses directives we leave to strptime."""
    parts: list[str] = []
    position = 0
    while position < len(date_format):
        character = date_format[position]
        if character == "%":
            directive = date_format[position + 1:position + 2]
            if directive == "%":
                parts.append("%")
            elif directive in _DIRECTIVES:
                parts.append(_DIRECTIVES[directive])
            else:
                return None
            position += 2
            continue
        parts.append(r"\s+" if character == " " else re.escape(character))
        position += 1
    return re.compile(_WEEKDAY_PREFIX + "".join(parts) + _TIME_SUFFIX, re.IGNORECASE)


def _parse_uncached(text: str, date_format: str, pattern: re.Pattern[str] | None) -> date:
    if pattern is None:
        try:
            return datetime.strptime(text, date_format).date()
        except ValueError:
            raise DateError(text) from None
    match = pattern.fullmatch(text)
    if match is None:
        raise DateError(text)
    fields = match.groupdict()
    if fields.get("year"):
        year = int(fields["year"])
        if year >= BUDDHIST_ERA_FROM:
            year -= BUDDHIST_ERA_OFFSET
    elif fields.get("minguo_year"):
        year = int(fields["minguo_year"]) + MINGUO_ERA_OFFSET
    elif fields.get("short_year"):
        short_year = int(fields["short_year"])
        year = 2000 + short_year if short_year < 69 else 1900 + short_year  # strptime's rule for %y
    else:
        raise DateError(text)
    if fields.get("month_name"):
        month = MONTHS.get(fields["month_name"][:3].lower())
        if month is None:
            raise DateError(text)
    else:
        month = int(fields["month"])
    try:
        return date(year, month, int(fields["day"]))
    except ValueError:
        raise DateError(text) from None


def ambiguous_dates_day_first(
    european_amounts: bool, account_currency: str | None
) -> tuple[bool, str | None]:
    """Whether a date column whose every cell reads both ways is day first, and why when the account's
    currency decided (None: the amounts did): a UK or Indian export of a month's first twelve days
    writes its amounts like an American one."""
    if european_amounts or account_currency is None:
        return european_amounts, None
    return account_currency not in MONTH_FIRST_CURRENCIES, f"the account is in {account_currency}"


def detect_date_format(
    values: Iterable[str], day_first: bool, because: str | None = None
) -> tuple[str | None, str | None]:
    """Pick the format that reads the most cells of a column; return it and a note when it was a guess.

    A cell like 13/01/2024 settles day-first against month-first for the whole column; when every
    cell reads both ways, `day_first` decides and the note says why: `because` (say, "the account is in
    GBP"), else what the amounts' locale suggests.
    """
    cells = [value.strip() for value in values if value.strip()]
    if not cells:
        return None, None
    scores: dict[str, int] = {}
    for date_format in CANDIDATE_FORMATS:
        parser = make_date_parser(date_format)
        scores[date_format] = sum(1 for cell in cells if reads_as_date(parser, cell))
    best_score = max(scores.values())
    if best_score == 0:
        return None, None
    best = next(date_format for date_format in CANDIDATE_FORMATS if scores[date_format] == best_score)
    twin = MONTH_FIRST_TWINS.get(best)
    if twin is None or scores[twin] != best_score:
        return best, None
    chosen = best if day_first else twin
    because = because or f"the amounts look {'European' if day_first else 'American'}"
    note = (
        f"Every date reads both as {describe_date_format(best)} and as {describe_date_format(twin)}; "
        f"chose {describe_date_format(chosen)} because {because}."
    )
    return chosen, note


def reads_as_date(parser: DateParser, cell: str) -> bool:
    """True when the parser accepts the cell."""
    try:
        parser(cell)
    except DateError:
        return False
    return True
