"""Domain errors raised by services; the GraphQL layer turns them into coded errors in one place."""

from __future__ import annotations


class DomainError(Exception):
    """Base of the errors a client may see, each with a machine-readable code."""

    code = "BAD_REQUEST"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def extensions(self) -> dict[str, object]:
        """Extra fields for the GraphQL error's `extensions`."""
        return {"code": self.code}


class InvalidInput(DomainError):
    """The client sent a value that cannot be accepted; names the field and the reason."""

    code = "BAD_USER_INPUT"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason

    @property
    def extensions(self) -> dict[str, object]:
        return {"code": self.code, "field": self.field, "reason": self.reason}


def field_path(path: str, field: str) -> str:
    """Where a field sits in the caller's input: "input" + "amount" -> "input.amount"; bare without a path.

    Services name their own fields and take the path of their input from the caller, so the same rule
    reports `input.amount` over GraphQL and plain `amount` (or an import's row) elsewhere.
    """
    return f"{path}.{field}" if path else field


class NotFound(DomainError):
    """No such object for this user; another user's object looks exactly the same."""

    code = "NOT_FOUND"

    def __init__(self, entity: str, identifier: object) -> None:
        super().__init__(f"{entity} {identifier} was not found")
        self.entity = entity


class Unauthenticated(DomainError):
    """Missing, invalid or expired credentials."""

    code = "UNAUTHENTICATED"


class Forbidden(DomainError):
    """The server's configuration does not allow this, to anyone."""

    code = "FORBIDDEN"


class RateLimited(DomainError):
    """Too many attempts; the client should wait before trying again."""

    code = "RATE_LIMITED"

    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds

    @property
    def extensions(self) -> dict[str, object]:
        return {"code": self.code, "retryAfterSeconds": self.retry_after_seconds}
