"""The same history as a Beancount file and an hledger journal, for the peers of target 8.

Both formats share the posting syntax (`Account  12.30 EUR`, `@@` for a total price), so one entry
model serves both; only the header and the transaction's first line differ.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

OPENING_BALANCES = "Equity:Opening-Balances"


@dataclass(frozen=True)
class Posting:
    """One leg; `total_price` (e.g. "1500.00 EUR") when a transfer changes currency."""

    account: str
    amount: str
    currency: str
    total_price: str | None = None

    def line(self) -> str:
        """The posting as both formats write it."""
        price = f" @@ {self.total_price}" if self.total_price else ""
        return f"  {self.account}  {self.amount} {self.currency}{price}"


@dataclass(frozen=True)
class Entry:
    """A dated transaction with its payee, narration and balanced postings."""

    day: date
    payee: str
    narration: str
    postings: tuple[Posting, ...]


def account_component(name: str) -> str:
    """A name usable as one component of a ledger account ("Gifts & donations" -> "Gifts-donations")."""
    component = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-") or "Unnamed"
    return component[0].upper() + component[1:]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def beancount_text(entries: Iterable[Entry], accounts: Iterable[str], opened_on: date) -> str:
    """A Beancount file: options, an `open` per account, then the transactions."""
    lines = ['option "title" "Finance Tracker benchmark"', 'option "operating_currency" "EUR"', ""]
    lines += [f"{opened_on.isoformat()} open {account}" for account in sorted(set(accounts))]
    for entry in entries:
        lines += ["", f"{entry.day.isoformat()} * {_quoted(entry.payee)} {_quoted(entry.narration)}"]
        lines += [posting.line() for posting in entry.postings]
    return "\n".join(lines) + "\n"


def hledger_text(entries: Iterable[Entry]) -> str:
    """An hledger journal: `payee | narration` descriptions (a `;` would start a comment)."""
    lines: list[str] = []
    for entry in entries:
        description = f"{entry.payee} | {entry.narration}".replace(";", ",")
        lines += ["", f"{entry.day.isoformat()} * {description}"]
        lines += [posting.line() for posting in entry.postings]
    return "\n".join(lines) + "\n"
