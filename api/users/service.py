"""Users: creation and lookup by email."""

from __future__ import annotations

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
