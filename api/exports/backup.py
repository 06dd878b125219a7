"""One user's whole data as one versioned JSON file, and its restore into a user who has nothing yet.

The file: {"format": "fintrack-backup", "version": 1, "exported_at", "accounts", "categories"
(parents before children), one list per extra section (rules, CSV presets), "records"}. Amounts are
decimal strings in their currency; ids are the stored ones, and every reference uses them. A
restore gives everything new ids. Records come last and are written chunk by chunk, so a backup
of any size is streamed; a restore reads the file whole (the CLI's, or one the user uploads).

A restore is one transaction: accounts and categories are added, then every record is validated
like a new record of the API and inserted through the ledger writer in bulk (roll-ups with them),
then the extra sections; archived accounts are archived last (records cannot be added to them).
The user must have no accounts and nothing in any extra section; their categories (a new user
has the default ones) are replaced by the backup's.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account, AccountType
from api.categories.models import Category, CategoryKind
from api.categories.service import in_tree_order
from api.database import utc_now
from api.errors import InvalidInput
from api.exports.reading import CHUNK_SIZE, StoredRecord, record_chunks
from api.exports.sections import EXTRA_SECTIONS, IdMaps, remapped_id
from api.ledger import writer
from api.ledger.models import Record, RecordKind
from api.money import format_decimal, from_minor_units, parse_decimal, to_minor_units, validate_currency
from api.records.validation import RecordFields, load_references, validate_record

BACKUP_FORMAT = "fintrack-backup"
BACKUP_VERSION = 1
NOT_EMPTY = "restore needs a user without accounts, records, rules or presets"

T = TypeVar("T")


async def backup_text(session: AsyncSession, user_id: int) -> AsyncIterator[str]:
    """The backup as JSON text, piece by piece: everything small first, then records a chunk at a time."""
    accounts = list(await session.scalars(
        select(Account).where(Account.user_id == user_id).order_by(Account.id)))
    categories = in_tree_order(list(await session.scalars(
        select(Category).where(Category.user_id == user_id))))
    head: dict[str, Any] = {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "exported_at": utc_now().isoformat(),
        "accounts": [_account_item(account) for account in accounts],
        "categories": [_category_item(category) for category in categories],
    }
    for section in EXTRA_SECTIONS:
        head[section.name] = await section.dump(session, user_id)
    yield json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "records": ['
    separator = "\n  "
    currencies = {account.id: account.currency for account in accounts}
    async for records in record_chunks(session, [Record.user_id == user_id]):
        for record in records:
            yield separator + json.dumps(_record_item(record, currencies), ensure_ascii=False)
            separator = ",\n  "
    yield "\n ]\n}\n"


async def restore_backup(session: AsyncSession, user_id: int, document: Any) -> int:
    """Add the backup's data to a user who has none; returns how many records were restored."""
    _check_format(document)
    await _ensure_empty(session, user_id)
    await session.execute(delete(Category).where(Category.user_id == user_id))
    accounts = await _restore_accounts(session, user_id, _list(document, "accounts"))
    ids: IdMaps = {
        "accounts": {old_id: account.id for old_id, account in accounts.items()},
        "categories": await _restore_categories(session, user_id, _list(document, "categories")),
    }
    records = _list(document, "records")
    for start in range(0, len(records), CHUNK_SIZE):
        fields = [_record_fields(item, f"records[{start + index}]", ids)
                  for index, item in enumerate(records[start:start + CHUNK_SIZE])]
        references = await load_references(session, user_id, fields)
        values = [validate_record(one, references, f"records[{start + index}]")
                  for index, one in enumerate(fields)]
        await writer.insert_records(session, user_id, values)
    for section in EXTRA_SECTIONS:
        await section.restore(session, user_id, _list(document, section.name, required=False), ids)
    for old_id, account in accounts.items():
        account.archived = _archived_flags(document).get(old_id, False)
    await session.flush()
    return len(records)


def _account_item(account: Account) -> dict[str, Any]:
    return {
        "id": account.id, "name": account.name, "type": account.type.value, "currency": account.currency,
        "opening_balance": format_decimal(from_minor_units(account.opening_balance_minor, account.currency)),
        "archived": account.archived,
    }


def _category_item(category: Category) -> dict[str, Any]:
    return {"id": category.id, "name": category.name, "kind": category.kind.value,
            "parent_id": category.parent_id, "color": category.color}


def _record_item(record: StoredRecord, currencies: dict[int, str]) -> dict[str, Any]:
    counterpart_amount = None
    if record.counterpart_account_id is not None and record.counterpart_amount_minor is not None:
        arrived = from_minor_units(record.counterpart_amount_minor, currencies[record.counterpart_account_id])
        counterpart_amount = format_decimal(arrived)
    return {
        "id": record.id, "account_id": record.account_id, "kind": record.kind.value,
        "amount": format_decimal(from_minor_units(record.amount_minor, record.currency)),
        "currency": record.currency, "date": record.occurred_on.isoformat(), "payee": record.payee,
        "description": record.description, "notes": record.notes, "category_id": record.category_id,
        "tags": list(record.tags), "counterpart_account_id": record.counterpart_account_id,
        "counterpart_amount": counterpart_amount,
    }


def _check_format(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
        raise InvalidInput("format", f"not a {BACKUP_FORMAT} file")
    if document.get("version") != BACKUP_VERSION:
        raise InvalidInput("version", f"version {document.get('version')!r} is not supported "
                                      f"(this server reads version {BACKUP_VERSION})")


async def _ensure_empty(session: AsyncSession, user_id: int) -> None:
    """Refuse to mix a backup into existing data: ids, names and balances would collide."""
    has_accounts = await session.scalar(select(Account.id).where(Account.user_id == user_id).limit(1))
    counts = [await section.count(session, user_id) for section in EXTRA_SECTIONS]
    if has_accounts is not None or any(counts):
        raise InvalidInput("user", NOT_EMPTY)


async def _restore_accounts(session: AsyncSession, user_id: int, items: list[Any]) -> dict[int, Account]:
    accounts: dict[int, Account] = {}
    for index, item in enumerate(items):
        path = f"accounts[{index}]"
        currency = validate_currency(_value(item, "currency", str, path), f"{path}.currency")
        accounts[_value(item, "id", int, path)] = Account(
            user_id=user_id,
            name=_value(item, "name", str, path),
            type=_parsed(AccountType, _value(item, "type", str, path), f"{path}.type"),
            currency=currency,
            opening_balance_minor=to_minor_units(
                parse_decimal(_value(item, "opening_balance", str, path), f"{path}.opening_balance"),
                currency, f"{path}.opening_balance"),
            archived=False,
        )
    session.add_all(accounts.values())
    await session.flush()
    return accounts


async def _restore_categories(session: AsyncSession, user_id: int, items: list[Any]) -> dict[int, int]:
    """Parents come before their children in the file (as written); each level is flushed for its ids."""
    ids: dict[int, int] = {}
    for index, item in enumerate(items):
        path = f"categories[{index}]"
        parent_id = item.get("parent_id") if isinstance(item, dict) else None
        category = Category(
            user_id=user_id,
            name=_value(item, "name", str, path),
            kind=_parsed(CategoryKind, _value(item, "kind", str, path), f"{path}.kind"),
            parent_id=None if parent_id is None else remapped_id(
                {"categories": ids}, "categories", parent_id, f"{path}.parent_id"),
            color=_value(item, "color", str, path),
        )
        session.add(category)
        await session.flush()
        ids[_value(item, "id", int, path)] = category.id
    return ids


def _record_fields(item: Any, path: str, ids: IdMaps) -> RecordFields:
    category_id = item.get("category_id") if isinstance(item, dict) else None
    counterpart_id = item.get("counterpart_account_id") if isinstance(item, dict) else None
    return RecordFields(
        account_id=remapped_id(ids, "accounts", _value(item, "account_id", int, path), f"{path}.account_id"),
        kind=_parsed(RecordKind, _value(item, "kind", str, path), f"{path}.kind"),
        amount=parse_decimal(_value(item, "amount", str, path), f"{path}.amount"),
        date=_parsed(date.fromisoformat, _value(item, "date", str, path), f"{path}.date"),
        payee=_value(item, "payee", str, path),
        description=_value(item, "description", str, path),
        notes=_value(item, "notes", str, path),
        category_id=None if category_id is None else remapped_id(
            ids, "categories", category_id, f"{path}.category_id"),
        tags=_value(item, "tags", list, path),
        counterpart_account_id=None if counterpart_id is None else remapped_id(
            ids, "accounts", counterpart_id, f"{path}.counterpart_account_id"),
        counterpart_amount=_optional_decimal(item, "counterpart_amount", path),
    )


def _value(item: Any, key: str, kind: type[T], path: str) -> T:
    """A required value of the given JSON type (bool is no int here)."""
    if not isinstance(item, dict):
        raise InvalidInput(path, "must be an object")
    value = item.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise InvalidInput(f"{path}.{key}", f"must be a {kind.__name__}")
    return value


def _optional_decimal(item: dict[str, Any], key: str, path: str) -> Decimal | None:
    value = item.get(key)
    return None if value is None else parse_decimal(_value(item, key, str, path), f"{path}.{key}")


def _parsed(parse: Callable[[str], T], text: str, path: str) -> T:
    """`parse(text)`, a ValueError becoming the input error it is."""
    try:
        return parse(text)
    except ValueError:
        raise InvalidInput(path, f"{text!r} is not valid here") from None


def _list(document: dict[str, Any], key: str, required: bool = True) -> list[Any]:
    value = document.get(key, None if required else [])
    if not isinstance(value, list):
        raise InvalidInput(key, "must be a list")
    return value


def _archived_flags(document: dict[str, Any]) -> dict[int, bool]:
    return {item["id"]: item.get("archived") is True for item in document["accounts"]}
