"""What can go wrong talking to the API, as exceptions carrying the GraphQL error's `extensions.code`."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error answer from the API (or no usable answer at all), with its machine-readable code."""

    def __init__(
        self, code: str, message: str, field: str | None = None, extensions: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.field = field
        self.extensions = extensions or {}


class AuthenticationError(ApiError):
    """Not signed in, wrong credentials, or a session that has ended (UNAUTHENTICATED)."""


class NotFoundError(ApiError):
    """No such object for this user (NOT_FOUND)."""


class InputError(ApiError):
    """The request was refused as it stands: a bad value (`field` names it) or an invalid query."""


class RateLimitedError(ApiError):
    """Too many attempts; `retry_after_seconds` says how long to wait (RATE_LIMITED)."""

    @property
    def retry_after_seconds(self) -> int | None:
        """The wait the server asked for, when it said."""
        value = self.extensions.get("retryAfterSeconds")
        return value if isinstance(value, int) else None


class ServerError(ApiError):
    """The server failed; `request_id` is what to quote when reporting it."""

    @property
    def request_id(self) -> str | None:
        """The id the server logged the failure under, when it gave one."""
        value = self.extensions.get("requestId")
        return value if isinstance(value, str) else None


class TransportError(ApiError):
    """The server could not be reached, timed out, or did not answer with GraphQL."""


ERRORS_BY_CODE: dict[str, type[ApiError]] = {
    "UNAUTHENTICATED": AuthenticationError,
    "NOT_FOUND": NotFoundError,
    "BAD_USER_INPUT": InputError,
    "BAD_REQUEST": InputError,
    "GRAPHQL_PARSE_FAILED": InputError,
    "GRAPHQL_VALIDATION_FAILED": InputError,
    "RATE_LIMITED": RateLimitedError,
    "INTERNAL_SERVER_ERROR": ServerError,
}


def error_from_graphql(error: dict[str, Any]) -> ApiError:
    """The exception for one entry of a response's `errors`, chosen by its `extensions.code`."""
    extensions = error.get("extensions") or {}
    code = str(extensions.get("code") or "UNKNOWN")
    field = extensions.get("field")
    error_class = ERRORS_BY_CODE.get(code, ApiError)
    message = str(error.get("message", ""))
    return error_class(code, message, field if isinstance(field, str) else None, extensions)


def error_from_status(status_code: int, text: str) -> ApiError:
    """The exception for an HTTP answer that carried no GraphQL result."""
    message = f"HTTP {status_code}: {text[:200]}"
    if status_code == 429:
        return RateLimitedError("RATE_LIMITED", message)
    if status_code >= 500:
        return ServerError(f"HTTP_{status_code}", message)
    return TransportError(f"HTTP_{status_code}", message)
