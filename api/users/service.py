"""Users: creation and lookup by email."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import InvalidInput
from api.users.models import User


def normalize_email(email: str, field: str = "email") -> str:
    """Validate an address's syntax and return it lower-cased."""
    try:
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidInput(field, str(error)) from None
    return result.normalized.lower()


async def find_user_by_email(session: AsyncSession, email: str) -> User | None:
    """The user with this (normalised) email, if any."""
    return await session.scalar(select(User).where(func.lower(User.email) == email.lower()))


async def create_user(session: AsyncSession, email: str, password_hash: str) -> User:
    """Insert a user after checking the email is free; the caller commits."""
    if await find_user_by_email(session, email) is not None:
        raise InvalidInput("email", "an account with this email already exists")
    user = User(email=email, password_hash=password_hash)
    session.add(user)
    await session.flush()
    return user
