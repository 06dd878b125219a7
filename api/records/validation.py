"""The rules a record must satisfy, checked against the user's accounts and categories.

Errors name the GraphQL input path the client sent (`input.amount`, `inputs[3].tags[1]`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.accounts.service import load_accounts_by_id
from api.categories.models import Category, CategoryKind
from api.categories.service import load_categories_by_id
from api.errors import InvalidInput, NotFound
from api.money import to_minor_units
from api.ledger.models import Record, RecordKind
from api.ledger.writer import RecordValues

MAX_PAYEE_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 500
MAX_NOTES_LENGTH = 10_000
MAX_TAG_LENGTH = 50
MAX_TAGS_PER_RECORD = 20
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)

CATEGORY_KIND_FOR_RECORD_KIND = {
    RecordKind.INCOME: CategoryKind.INCOME,
    RecordKind.EXPENSE: CategoryKind.EXPENSE,
}


@dataclass(slots=True)  # not frozen: its __init__ took four times as long, and imports build 100,000
class RecordFields:
    """What a client states about a record, before validation."""

    account_id: int
    kind: RecordKind
    amount: Decimal
    date: date
    payee: str = ""
    description: str = ""
    notes: str = ""
    category_id: int | None = None
    tags: Sequence[str] = ()
    counterpart_account_id: int | None = None
    counterpart_amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class AccountFacts:
    """What validation reads of an account, read off the ORM object once per batch, not once per record."""

    id: int
    name: str
    currency: str
    archived: bool


@dataclass(frozen=True, slots=True)
class CategoryFacts:
    """What validation reads of a category (see AccountFacts)."""

    id: int
    kind: CategoryKind


@dataclass(frozen=True)
class References:
    """The user's accounts and categories that a set of records names, loaded in two queries."""

    accounts: dict[int, Account]
    categories: dict[int, Category]
    # Instrumented attribute reads cost about a microsecond each: 500 records read the same few objects.
    _account_facts: dict[int, AccountFacts] = field(default_factory=dict, init=False, repr=False)
    _category_facts: dict[int, CategoryFacts] = field(default_factory=dict, init=False, repr=False)

    def account(self, account_id: int) -> AccountFacts:
        """The user's account; a missing one and another user's one look the same."""
        facts = self._account_facts.get(account_id)
        if facts is None:
            if account_id not in self.accounts:
                raise NotFound("Account", account_id)
            account = self.accounts[account_id]
            facts = self._account_facts[account_id] = AccountFacts(
                account.id, account.name, account.currency, account.archived
            )
        return facts

    def category(self, category_id: int) -> CategoryFacts:
        """The user's category; a missing one and another user's one look the same."""
        facts = self._category_facts.get(category_id)
        if facts is None:
            if category_id not in self.categories:
                raise NotFound("Category", category_id)
            category = self.categories[category_id]
            facts = self._category_facts[category_id] = CategoryFacts(category.id, category.kind)
        return facts


async def load_references(session: AsyncSession, user_id: int, records: Sequence[RecordFields]) -> References:
    """Load every account and category the records name, whatever their number."""
    account_ids = sorted(
        {fields.account_id for fields in records}
        | {fields.counterpart_account_id for fields in records if fields.counterpart_account_id is not None}
    )
    category_ids = sorted({fields.category_id for fields in records if fields.category_id is not None})
    accounts = await load_accounts_by_id(session, user_id, account_ids) if account_ids else []
    categories = await load_categories_by_id(session, user_id, category_ids) if category_ids else []
    return References(
        accounts={account.id: account for account in accounts if account is not None},
        categories={category.id: category for category in categories if category is not None},
    )


def validate_record(
    fields: RecordFields, references: References, path: str, previous: Record | None = None
) -> RecordValues:
    """Check every rule and convert amounts; `previous` is the stored record when updating.

    A field's path (`inputs[3].payee`) is written out only for its error: formatting every path of
    every record cost a fifth of validating a createRecords batch of 500.
    """
    account = _usable_account(
        references.account(fields.account_id), path, "accountId", previous, "account_id"
    )
    amount_minor = _amount_minor(
        fields.amount, account.currency, f"{path}.amount", may_be_negative=fields.kind is RecordKind.EXPENSE
    )
    counterpart_account_id, counterpart_amount_minor = _counterpart(
        fields, references, path, account, amount_minor, previous
    )
    return RecordValues(
        account_id=account.id,
        kind=fields.kind,
        amount_minor=amount_minor,
        currency=account.currency,
        occurred_on=_checked_date(fields.date, path),
        payee=_checked_text(fields.payee.strip(), MAX_PAYEE_LENGTH, path, "payee"),
        description=_checked_text(fields.description.strip(), MAX_DESCRIPTION_LENGTH, path, "description"),
        notes=_checked_text(fields.notes, MAX_NOTES_LENGTH, path, "notes"),
        category_id=_category_id(fields, references, path) if fields.category_id is not None else None,
        counterpart_account_id=counterpart_account_id,
        counterpart_amount_minor=counterpart_amount_minor,
        tags=normalize_tags(fields.tags, f"{path}.tags") if fields.tags else [],
    )


def normalize_tags(tags: Sequence[str], path: str) -> list[str]:
    """Trimmed, de-duplicated and sorted; empty or over-long tags and too many tags are refused."""
    normalized: set[str] = set()
    for index, tag in enumerate(tags):
        trimmed = tag.strip()
        if not trimmed:
            raise InvalidInput(f"{path}[{index}]", "a tag cannot be empty")
        if len(trimmed) > MAX_TAG_LENGTH:
            raise InvalidInput(f"{path}[{index}]", f"a tag has at most {MAX_TAG_LENGTH} characters")
        normalized.add(trimmed)
    if len(normalized) > MAX_TAGS_PER_RECORD:
        raise InvalidInput(path, f"a record has at most {MAX_TAGS_PER_RECORD} tags")
    return sorted(normalized)


def _usable_account(
    account: AccountFacts, path: str, field: str, previous: Record | None, column: str
) -> AccountFacts:
    """Archived accounts take no new records; records already on them may still be edited."""
    if account.archived and (previous is None or getattr(previous, column) != account.id):
        raise InvalidInput(
            f"{path}.{field}", f"account {account.name!r} is archived; unarchive it to add records"
        )
    return account


def _amount_minor(amount: Decimal, currency: str, path: str, may_be_negative: bool = False) -> int:
    """Never zero; negative only for an expense, where it is a refund (hledger, Actual and YNAB alike)."""
    if amount == 0:
        raise InvalidInput(path, "must not be zero")
    if amount < 0 and not may_be_negative:
        raise InvalidInput(path, "must be greater than zero (only an expense may be negative: a refund)")
    return to_minor_units(amount, currency, path)


def _checked_date(value: date, path: str) -> date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise InvalidInput(f"{path}.date", f"must be between {EARLIEST_DATE} and {LATEST_DATE}")
    return value


def _checked_text(value: str, max_length: int, path: str, field: str) -> str:
    if len(value) > max_length:
        raise InvalidInput(f"{path}.{field}", f"at most {max_length} characters")
    return value


def _category_id(fields: RecordFields, references: References, path: str) -> int | None:
    """Income takes an income category, an expense an expense category, a transfer none."""
    if fields.category_id is None:
        return None
    if fields.kind is RecordKind.TRANSFER:
        raise InvalidInput(f"{path}.categoryId", "transfers take no category")
    category = references.category(fields.category_id)
    expected = CATEGORY_KIND_FOR_RECORD_KIND[fields.kind]
    if category.kind is not expected:
        raise InvalidInput(
            f"{path}.categoryId", f"{fields.kind.value} records take {expected.value} categories"
        )
    return category.id


def _counterpart(
    fields: RecordFields,
    references: References,
    path: str,
    account: AccountFacts,
    amount_minor: int,
    previous: Record | None,
) -> tuple[int | None, int | None]:
    """The account a transfer arrives in and what arrived there, in that account's currency."""
    if fields.kind is not RecordKind.TRANSFER:
        if fields.counterpart_account_id is not None:
            raise InvalidInput(f"{path}.counterpartAccountId", "only transfers have a counterpart account")
        if fields.counterpart_amount is not None:
            raise InvalidInput(f"{path}.counterpartAmount", "only transfers have a counterpart amount")
        return None, None
    account_path, amount_path = f"{path}.counterpartAccountId", f"{path}.counterpartAmount"
    if fields.counterpart_account_id is None:
        raise InvalidInput(account_path, "a transfer needs the account the money goes to")
    counterpart = _usable_account(
        references.account(fields.counterpart_account_id), path, "counterpartAccountId", previous,
        "counterpart_account_id",
    )
    if counterpart.id == account.id:
        raise InvalidInput(account_path, "a transfer goes to another account")
    if counterpart.currency == account.currency:
        if fields.counterpart_amount is not None and fields.counterpart_amount != fields.amount:
            raise InvalidInput(amount_path, "between accounts of the same currency it equals the amount")
        return counterpart.id, amount_minor
    if fields.counterpart_amount is not None:
        return counterpart.id, _amount_minor(fields.counterpart_amount, counterpart.currency, amount_path)
    stored = _stored_arrival(previous, account, counterpart)
    if stored is None:
        raise InvalidInput(amount_path, f"say how much {counterpart.currency} arrived")
    return counterpart.id, stored


def _stored_arrival(previous: Record | None, account: AccountFacts, counterpart: AccountFacts) -> int | None:
    """An edit keeps the stored arrival amount while the transfer joins the same two accounts' currencies."""
    if (
        previous is not None
        and previous.kind is RecordKind.TRANSFER
        and previous.currency == account.currency
        and previous.counterpart_account_id == counterpart.id
    ):
        return previous.counterpart_amount_minor
    return None
