"""Dates written the way the browser's language writes them: 30/11/2026 in Britain, 11/30/2026 in the
United States, 30.11.2026 in Germany, 2026-11-30 in Sweden or Japan.

The dashboard speaks English, so month names stay English ("30 Nov 2026", or "Nov 30, 2026" where the
month comes first); only the order of day, month and year and the separator follow the locale. A small
table of common languages rather than Babel: these are the only parts of a locale the pages use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MONTH_FIRST = frozenset({"en-us", "en-ph", "en-as", "en-gu", "en-mh", "en-mp", "en-pr", "en-um", "en-vi",
                         "en-fm", "fil"})
"""Locales that write the month before the day (11/30/2026)."""
YEAR_FIRST = frozenset({"zh", "ja", "ko", "sv", "lt", "hu", "mn", "en-ca", "fr-ca", "eu"})
"""Languages (or locales) that write the year first; shown in ISO order, 2026-11-30."""
DOT_SEPARATED = frozenset({"de", "da", "nb", "nn", "no", "fi", "is", "cs", "sk", "pl", "ru", "uk", "be", "tr",
                           "et", "lv", "ro", "hr", "sr", "sl", "bg", "az", "kk", "ka", "hy", "mk", "sq"})
"""Languages that separate day, month and year with dots (30.11.2026)."""
DASH_SEPARATED = frozenset({"nl", "fy"})
"""Languages that separate them with dashes (30-11-2026)."""


@dataclass(frozen=True)
class DateFormat:
    """How dates read on the page: the order of day, month and year ("dmy", "mdy" or "ymd") and the
    separator of the numeric form."""

    order: str = "dmy"
    separator: str = "/"

    def day(self, day: date) -> str:
        """A date in numbers: "30/11/2026", "11/30/2026", "30.11.2026", "2026-11-30"."""
        if self.order == "ymd":
            return day.isoformat()
        first, second = (day.month, day.day) if self.order == "mdy" else (day.day, day.month)
        return f"{first:02d}{self.separator}{second:02d}{self.separator}{day.year}"

    def time_format(self) -> str:
        """`day`'s form as a d3/Vega time format ("%d/%m/%Y"), for chart axes and tooltips."""
        if self.order == "ymd":
            return "%Y-%m-%d"
        first, second = ("%m", "%d") if self.order == "mdy" else ("%d", "%m")
        return f"{first}{self.separator}{second}{self.separator}%Y"

    def long_day(self, day: date, year: bool = True) -> str:
        """A date with the month's short name: "30 Nov 2026" ("Nov 30, 2026" where the month comes first)."""
        if self.order == "mdy":
            return f"{day:%b} {day.day}, {day.year}" if year else f"{day:%b} {day.day}"
        return f"{day.day} {day:%b %Y}" if year else f"{day.day} {day:%b}"

    def range(self, start: date, end: date) -> str:
        """A period as people write it: "1 Oct – 25 Nov 2026", the year once when both share it."""
        return f"{self.long_day(start, year=start.year != end.year)} – {self.long_day(end)}"


def preferred_locale(accept_language: str | None) -> str:
    """The first language of an Accept-Language header, lower case ("en-gb"); "" when there is none."""
    if not accept_language:
        return ""
    first = accept_language.split(",")[0].split(";")[0].strip().lower().replace("_", "-")
    return "" if first == "*" else first


def date_format(accept_language: str | None) -> DateFormat:
    """The date format of the browser's first language; day-month-year with slashes when unknown."""
    locale = preferred_locale(accept_language)
    language = locale.split("-")[0]
    if locale in MONTH_FIRST or language in MONTH_FIRST or locale == "en":
        return DateFormat("mdy", "/")
    if locale in YEAR_FIRST or language in YEAR_FIRST:
        return DateFormat("ymd", "-")
    if language in DOT_SEPARATED:
        return DateFormat("dmy", ".")
    if language in DASH_SEPARATED:
        return DateFormat("dmy", "-")
    return DateFormat("dmy", "/")
