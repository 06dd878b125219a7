"""The Recurring page's lists as HTML: schedules and suggestions as cards that fit a laptop and a phone.

Every text from the user (payees, account and category names) is escaped; amounts carry their currency.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import polars as pl

from analytics.date_format import DateFormat
from analytics.schedules import ends_words, signed_money

VISUALLY_HIDDEN = ("position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); "
                   "white-space: nowrap")

CARDS_CSS = """<style>
.fintrack-cards-list { display: grid; gap: 0.75rem; list-style: none; margin: 0.25rem 0 0; padding: 0;
                       grid-template-columns: repeat(auto-fill, minmax(min(100%, 300px), 1fr)); }
.fintrack-card { border: 1px solid color-mix(in srgb, currentColor 22%, transparent); border-radius: 0.5rem;
                 padding: 0.6rem 0.8rem; display: flex; flex-direction: column; gap: 0.2rem; }
.fintrack-card-head { display: flex; justify-content: space-between; align-items: baseline; gap: 0.75rem; }
.fintrack-card-head strong { overflow-wrap: anywhere; }
.fintrack-card-amount { white-space: nowrap; font-variant-numeric: tabular-nums; font-weight: 600; }
.fintrack-card-detail { font-size: 0.9em; }
.fintrack-card-actions { display: flex; gap: 0.5rem; justify-content: flex-end; margin-top: 0.3rem; }
</style>"""

FORM_CSS = """<style>
.fintrack-form { display: grid; gap: 0.5rem 1.25rem; align-items: end;
                 grid-template-columns: repeat(auto-fill, minmax(min(100%, 230px), 1fr)); }
.fintrack-form > h4 { grid-column: 1 / -1; margin: 0.5rem 0 -0.25rem; font-size: 1rem; }
.fintrack-form > .fintrack-wide { grid-column: 1 / -1; }
</style>"""

FORM_FIELDS = (
    ("What", ("kind", "payee", "amount", "estimated")),
    ("Where", ("account", "category", "counterpart", "counterpart_amount")),
    ("When", ("start_on", "every", "unit", "day")),
    ("Until", ("ends", "end_on", "count")),
)


def hidden_words(visible: str, for_screen_readers: str) -> str:
    """A button label: `visible` on screen, followed by words only a screen reader speaks."""
    return f"{html.escape(visible)}<span style='{VISUALLY_HIDDEN}'> {html.escape(for_screen_readers)}</span>"


def _amount(row: dict[str, Any], column: str = "amount") -> str:
    estimate = " (estimated)" if row.get("estimated") else ""
    return html.escape(signed_money(row["kind"], row[column], row["currency"]) + estimate)


def _where(row: dict[str, Any]) -> str:
    """ "Checking → Savings" for a transfer, "Checking · Food" otherwise."""
    account = row.get("account") or "No account"
    if row["kind"] == "transfer":
        return f"{account} → {row.get('counterpart_account') or '?'}"
    return f"{account} · {row.get('category') or 'Uncategorized'}"


def _card(head: str, amount: str, details: Iterable[str], actions: str = "") -> str:
    lines = "".join(f"<span class='fintrack-card-detail'>{line}</span>" for line in details)
    buttons = f"<div class='fintrack-card-actions'>{actions}</div>" if actions else ""
    return (f"<li class='fintrack-card'><div class='fintrack-card-head'><strong>{head}</strong>"
            f"<span class='fintrack-card-amount'>{amount}</span></div>{lines}{buttons}</li>")


def schedule_cards(schedule_list: pl.DataFrame, dates: DateFormat) -> str:
    """The schedules as cards: payee and amount, cadence, next date and end (dated as `dates` writes),
    account and category."""
    cards = []
    for row in schedule_list.iter_rows(named=True):
        following = f"Next on {dates.long_day(row['next_due_on'])}" if row["next_due_on"] else "Ended"
        until = ends_words(row["end_on"], row["count"], row["next_due_on"], dates)
        ends = "" if until in ("no end", "ended") else f" · {until}"
        details = [html.escape(row["cadence"].capitalize()), html.escape(following + ends),
                   html.escape(_where(row))]
        cards.append(_card(html.escape(row["payee"] or "No payee"), _amount(row), details))
    return f"{CARDS_CSS}<ul class='fintrack-cards-list' aria-label='Your schedules'>{''.join(cards)}</ul>"


def suggestion_cards(suggestion_list: pl.DataFrame, actions: list[str], dates: DateFormat) -> str:
    """The suggestions as cards, each with its buttons (`actions`, HTML, one entry per suggestion), dated
    as `dates` writes."""
    cards = []
    for row, buttons in zip(suggestion_list.iter_rows(named=True), actions):
        details = [
            html.escape(f"{row['cadence'].capitalize()}, next expected "
                        f"{dates.long_day(row['next_expected_date'])}"),
            html.escape(f"{row['occurrences']} payments so far, the last on "
                        f"{dates.long_day(row['last_date'])}"),
            html.escape(_where(row)),
        ]
        cards.append(_card(html.escape(row["payee"]), _amount(row, "typical_amount"), details, buttons))
    return (f"{CARDS_CSS}<ul class='fintrack-cards-list' aria-label='Suggested schedules'>"
            f"{''.join(cards)}</ul>")


def schedule_choices(schedule_list: pl.DataFrame) -> dict[str, int]:
    """The schedules as the "change or delete" picker lists them: "Gym · −12.50 EUR monthly on the 15th"."""
    choices: dict[str, int] = {}
    for row in schedule_list.iter_rows(named=True):
        amount = signed_money(row["kind"], row["amount"], row["currency"])
        label = f"{row['payee'] or 'No payee'} · {amount} {row['cadence']}"
        while label in choices:  # two alike: told apart by a number
            label += f" ({len(choices) + 1})"
        choices[label] = row["schedule_id"]
    return choices


def form_template() -> str:
    """The schedule form's layout as a `mo.Html(...).batch` template: its fields in a grid under four
    headings (What, Where, When, Until), one column on a phone, then the description across."""
    escaped_css = FORM_CSS.replace("{", "{{").replace("}", "}}")
    sections = "".join(
        f"<h4>{heading}</h4>" + "".join(f"<div>{{{name}}}</div>" for name in names)
        for heading, names in FORM_FIELDS
    )
    description = "<div class='fintrack-wide'>{description}</div>"
    return f"{escaped_css}<div class='fintrack-form'>{sections}{description}</div>"


UPCOMING_CSS = """<style>
.fintrack-upcoming-scroll { max-height: 22rem; overflow-y: auto; }
.fintrack-upcoming { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
.fintrack-upcoming th, .fintrack-upcoming td { padding: 0.3rem 0.5rem; text-align: left; vertical-align: top;
  border-bottom: 1px solid color-mix(in srgb, currentColor 15%, transparent); }
.fintrack-upcoming th { position: sticky; top: 0; background: var(--background, Canvas); }
.fintrack-upcoming .fintrack-money { text-align: right; white-space: nowrap; }
.fintrack-upcoming td:first-child { white-space: nowrap; }
.fintrack-upcoming small { display: block; opacity: 0.85; }
</style>"""


def _upcoming_where(row: dict[str, Any]) -> str:
    """ "Checking · Food", or "Checking → Savings" for a transfer (its category column holds "→ Savings")."""
    category = row["category"] or "Uncategorized"
    joiner = " " if category.startswith("→") else " · "
    return f"{row['account'] or 'No account'}{joiner}{category}"


def upcoming_table(records: pl.DataFrame, days: int, dates: DateFormat) -> str:
    """The records coming up as a compact table (date as `dates` writes it, payee with its account and
    category, amount) that fits a phone; it scrolls on its own when long, and keyboard users can scroll it
    too."""
    rows = "".join(
        f"<tr><td>{dates.day(row['date'])}</td><td>{html.escape(row['payee'] or 'No payee')}"
        f"<small>{html.escape(_upcoming_where(row))}</small></td>"
        f"<td class='fintrack-money'>{_amount(row)}</td></tr>"
        for row in records.iter_rows(named=True)
    )
    caption = f"Records the schedules will add over the next {days} days"
    return (
        f"{UPCOMING_CSS}<div class='fintrack-upcoming-scroll' tabindex='0' role='region' "
        f"aria-label='{caption}'><table class='fintrack-upcoming'>"
        f"<caption style='{VISUALLY_HIDDEN}'>{caption}</caption>"
        "<thead><tr><th scope='col'>Date</th><th scope='col'>Payee</th>"
        "<th scope='col' class='fintrack-money'>Amount</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )
