"""A plain-text journal in the hledger/Ledger format, so an independent engine can check the totals.

Accounts are `assets:NAME`, or `liabilities:NAME` for credit cards and loans; categories are
`income:PARENT:CHILD` and `expenses:PARENT:CHILD` (uncategorized records go to
`income:Uncategorized` and `expenses:Uncategorized`). An expense posts to its category and takes
from its account, so a refund (a negative expense) is a negative expense posting. A transfer
between currencies carries what left as its total price (`@@`). Balances before the range open it
as one `equity:opening balances` transaction on its first day. Amounts are exact, with the
currency's decimal places (declared by `commodity` directives) and the code after them. Names and
texts lose what the format would read differently: line breaks and tabs become spaces, `;` (a
comment) a comma, `:` in a name (a sub-account) a hyphen, `|` in a payee (the payee/note
separator) a slash.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import AccountType
from api.exports.reading import StoredRecord, UserBooks, load_user_books, record_chunks
from api.ledger.balances import legs_before
from api.ledger.models import Record, RecordKind
from api.money import format_decimal, from_minor_units, minor_unit_exponent
from api.records.filters import RecordCriteria, record_conditions

LIABILITY_TYPES = (AccountType.CREDIT_CARD, AccountType.LOAN)
OPENING_ACCOUNT = "equity:opening balances"
UNCATEGORIZED = "Uncategorized"
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class JournalRange:
    """Which days the journal covers; None is open-ended."""

    date_from: date | None = None
    date_to: date | None = None


def clean_text(text: str) -> str:
    """Text on one line that no `;` turns into a comment."""
    return _WHITESPACE.sub(" ", text).replace(";", ",").strip()


def clean_name(text: str) -> str:
    """One level of an account name: no sub-account separator, never empty."""
    return clean_text(text).replace(":", "-") or "unnamed"


def transaction_header(day: date, payee: str, description: str, record_id: int) -> str:
    """`DATE * PAYEE | DESCRIPTION  ; id:N`; a leading `(` would be read as a transaction code."""
    payee, description = clean_text(payee).replace("|", "/"), clean_text(description)
    text = f"{payee} | {description}" if payee and description else payee or description
    if text.startswith("("):
        text = "[" + text[1:]
    return f"{day.isoformat()} * {text}".rstrip() + f"  ; id:{record_id}\n"


class JournalNames:
    """The journal's account name for each of the user's accounts and categories, unique per account."""

    def __init__(self, books: UserBooks) -> None:
        self._books = books
        self.accounts: dict[int, str] = {}
        for account in books.accounts.values():
            side = "liabilities" if account.type in LIABILITY_TYPES else "assets"
            name = f"{side}:{clean_name(account.name)}"
            if name in self.accounts.values():  # two names that read alike once cleaned stay apart
                name = f"{name} #{account.id}"
            self.accounts[account.id] = name

    def category(self, record: StoredRecord) -> str:
        """`income:…` or `expenses:…` with the category's names from the top."""
        side = "income" if record.kind is RecordKind.INCOME else "expenses"
        names = self._books.categories.names_from_top(record.category_id) or [UNCATEGORIZED]
        return ":".join([side, *map(clean_name, names)])


async def journal_text(
    session: AsyncSession, user_id: int, journal_range: JournalRange
) -> AsyncIterator[str]:
    """The journal of the user's records in the range, piece by piece (directives, openings, records)."""
    books = await load_user_books(session, user_id)
    names = JournalNames(books)
    criteria = RecordCriteria(date_from=journal_range.date_from, date_to=journal_range.date_to)
    conditions = await record_conditions(session, user_id, criteria, books.categories)
    yield _directives(books, names)
    first_day = (journal_range.date_from
                 or await session.scalar(select(func.min(Record.occurred_on)).where(*conditions))
                 or date.today())
    yield await _opening_balances(session, user_id, books, names, first_day)
    async for records in record_chunks(session, conditions):
        yield "".join(_transaction(record, books, names) for record in records)


def _directives(books: UserBooks, names: JournalNames) -> str:
    currencies = sorted({account.currency for account in books.accounts.values()})
    lines = ["; Finance Tracker journal (hledger/Ledger format)", "decimal-mark ."]
    # A decimal mark in every declaration, as hledger asks; "1000." declares no decimal places.
    lines += [f"commodity 1000.{'0' * minor_unit_exponent(code)} {code}" for code in currencies]
    lines += [f"account {name}" for name in names.accounts.values()]
    lines.append(f"account {OPENING_ACCOUNT}")
    return "\n".join(lines) + "\n\n"


async def _opening_balances(
    session: AsyncSession, user_id: int, books: UserBooks, names: JournalNames, first_day: date
) -> str:
    """Each account's balance at the start of `first_day`, against equity, one posting per currency."""
    before = await legs_before(session, user_id, list(books.accounts), first_day)
    postings: list[str] = []
    totals: dict[str, int] = {}
    for account_id, account in books.accounts.items():
        balance = account.opening_balance_minor + before.get(account_id, 0)
        if balance:
            postings.append(_posting(names.accounts[account_id], balance, account.currency))
            totals[account.currency] = totals.get(account.currency, 0) - balance
    if not postings:
        return ""
    postings += [_posting(OPENING_ACCOUNT, total, currency) for currency, total in sorted(totals.items())]
    return f"{first_day.isoformat()} * Opening balances\n" + "".join(postings) + "\n"


def _transaction(record: StoredRecord, books: UserBooks, names: JournalNames) -> str:
    account = names.accounts[record.account_id]
    header = transaction_header(record.occurred_on, record.payee, record.description, record.id)
    if record.kind is RecordKind.INCOME:
        postings = [_posting(account, record.amount_minor, record.currency),
                    _posting(names.category(record), -record.amount_minor, record.currency)]
    elif record.kind is RecordKind.EXPENSE:
        postings = [_posting(names.category(record), record.amount_minor, record.currency),
                    _posting(account, -record.amount_minor, record.currency)]
    else:
        postings = [_arrival(record, books, names), _posting(account, -record.amount_minor, record.currency)]
    return header + "".join(postings) + "\n"


def _arrival(record: StoredRecord, books: UserBooks, names: JournalNames) -> str:
    """What reached the counterpart account; in another currency, priced at what left (`@@`)."""
    # The database has both for every transfer (constraint and validation).
    counterpart = books.accounts[cast(int, record.counterpart_account_id)]
    arrived = cast(int, record.counterpart_amount_minor)
    name = names.accounts[counterpart.id]
    if counterpart.currency == record.currency:
        return _posting(name, arrived, counterpart.currency)
    price = f" @@ {_amount(record.amount_minor, record.currency)}"
    return _posting(name, arrived, counterpart.currency, price)


def _posting(account: str, minor: int, currency: str, price: str = "") -> str:
    return f"    {account}  {_amount(minor, currency)}{price}\n"


def _amount(minor: int, currency: str) -> str:
    return f"{format_decimal(from_minor_units(minor, currency))} {currency}"
