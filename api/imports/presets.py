"""CSV presets: a bank's export format, as the user corrected it, saved by name per account."""

from __future__ import annotations

from dataclasses import asdict, fields

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.service import get_account
from api.errors import InvalidInput, NotFound
from api.imports.models import CsvPreset
from api.imports.parsed import CsvMapping

MAX_PRESET_NAME_LENGTH = 100
MAX_PRESETS_PER_ACCOUNT = 50
_MAPPING_FIELDS = {field.name for field in fields(CsvMapping)}


def mapping_to_json(mapping: CsvMapping) -> dict[str, object]:
    """The mapping as stored."""
    return asdict(mapping)


def mapping_from_json(stored: dict[str, object]) -> CsvMapping:
    """A stored mapping; fields a later version dropped are ignored, new ones take their defaults."""
    known = {name: value for name, value in stored.items() if name in _MAPPING_FIELDS}
    return CsvMapping(**known)  # type: ignore[arg-type]


def _checked_name(name: str, field: str) -> str:
    trimmed = " ".join(name.split())
    if not 0 < len(trimmed) <= MAX_PRESET_NAME_LENGTH:
        raise InvalidInput(field, f"must have 1 to {MAX_PRESET_NAME_LENGTH} characters")
    return trimmed


async def save_preset(
    session: AsyncSession, user_id: int, account_id: int, name: str, mapping: CsvMapping
) -> CsvPreset:
    """Create the account's preset of that name, or replace its mapping."""
    account = await get_account(session, user_id, account_id)
    name = _checked_name(name, "name")
    preset = await session.scalar(
        select(CsvPreset).where(CsvPreset.account_id == account.id, CsvPreset.name == name)
    )
    if preset is None:
        if len(await list_presets(session, user_id, account.id)) >= MAX_PRESETS_PER_ACCOUNT:
            raise InvalidInput("name", f"an account has at most {MAX_PRESETS_PER_ACCOUNT} presets")
        preset = CsvPreset(user_id=user_id, account_id=account.id, name=name,
                           mapping=mapping_to_json(mapping))
        session.add(preset)
    else:
        preset.mapping = mapping_to_json(mapping)
    await session.flush()
    return preset


async def list_presets(session: AsyncSession, user_id: int, account_id: int) -> list[CsvPreset]:
    """The account's presets by name."""
    account = await get_account(session, user_id, account_id)
    return list(await session.scalars(
        select(CsvPreset).where(CsvPreset.account_id == account.id).order_by(CsvPreset.name)
    ))


async def find_preset(session: AsyncSession, user_id: int, account_id: int, name: str) -> CsvPreset:
    """The user's preset of that name for the account; NotFound when there is none (or not theirs)."""
    preset = await session.scalar(
        select(CsvPreset).where(
            CsvPreset.user_id == user_id, CsvPreset.account_id == account_id,
            CsvPreset.name == " ".join(name.split()),
        )
    )
    if preset is None:
        raise NotFound("Preset", repr(name))
    return preset


async def preset_mapping(session: AsyncSession, user_id: int, account_id: int, name: str) -> CsvMapping:
    """The mapping of the account's preset of that name."""
    return mapping_from_json((await find_preset(session, user_id, account_id, name)).mapping)


async def delete_preset(session: AsyncSession, user_id: int, account_id: int, name: str) -> None:
    """Delete the account's preset of that name."""
    await session.delete(await find_preset(session, user_id, account_id, name))
    await session.flush()
