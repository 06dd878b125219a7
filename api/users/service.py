"""Users: creation, lookup by email, and their settings (time zone)."""

from __future__ import annotations

import functools
import zoneinfo
from datetime import UTC, date, datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import InvalidInput
from api.users.models import User

MAX_EMAIL_LENGTH = 254
EMAIL_TAKEN = "an account with this email already exists"


def normalize_email(email: str, field: str = "email") -> str:
    """Validate an address's syntax and return it lower-cased, the form it is stored in."""
    try:
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidInput(field, str(error)) from None
    return result.normalized.lower()


def sign_in_email(email: str) -> str:
    """The stored form of an address typed at sign-in; text that is no address (bounded) matches nobody.

    Sign-in never answers "invalid email": it would tell apart typos from unknown accounts.
    """
    try:
        return normalize_email(email)
    except InvalidInput:
        return email.strip().lower()[:MAX_EMAIL_LENGTH]


async def find_user_by_email(session: AsyncSession, email: str) -> User | None:
    """The user with this normalised email, if any."""
    return await session.scalar(select(User).where(User.email == email))


async def create_user(session: AsyncSession, email: str, password_hash: str) -> User:
    """Insert a user with a normalised, unused email; the caller commits."""
    if await find_user_by_email(session, email) is not None:
        raise InvalidInput("email", EMAIL_TAKEN)
    user = User(email=email, password_hash=password_hash)
    session.add(user)
    try:
        await session.flush()
    except IntegrityError:  # registered concurrently between the check and the insert
        raise InvalidInput("email", EMAIL_TAKEN) from None
    return user


@functools.cache  # the zone database is read from disk; it does not change while the server runs
def _known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(name: str, field: str = "timeZone") -> str:
    """The IANA zone name as given ("Europe/Paris"), or InvalidInput.

    Checked against the list of zones rather than by opening one: `ZoneInfo` also accepts file
    paths relative to the zone directory ("posixrules", "../zoneinfo/UTC") that are no zone names.
    """
    stripped = name.strip()
    if stripped not in _known_time_zones():
        raise InvalidInput(field, f"{name[:80]!r} is not an IANA time zone name such as 'Europe/Paris'")
    return stripped


def today_in_zone(time_zone: str, now: datetime | None = None) -> date:
    """The calendar date in the zone at `now` (default: the current instant): "today" for that user."""
    instant = now if now is not None else datetime.now(UTC)
    return instant.astimezone(zoneinfo.ZoneInfo(time_zone)).date()


async def update_profile(session: AsyncSession, user: User, time_zone: str | None, path: str) -> User:
    """Change the user's settings that were given (None keeps one); the caller commits."""
    if time_zone is not None:
        user.time_zone = validate_time_zone(time_zone, f"{path}.timeZone")
    await session.flush()
    return user
