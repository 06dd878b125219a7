"""Logging set up in one place: the configured level and the request id on every line."""

from __future__ import annotations

import logging
from typing import TextIO

from api.request_id import current_request_id

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [request %(request_id)s] %(message)s"

# Strawberry logs every GraphQL error, client mistakes included, at ERROR and without the request id;
# api.graphql.errors logs the unexpected ones itself, so strawberry's copy is only noise. mt-940 logs
# each statement line it cannot read, bank data and all, at ERROR; the import reports it to its user.
QUIETED_LOGGERS = ("strawberry.execution", "mt940")
# The dashboard's client logs every API call it makes at INFO; uvicorn's access log already has them.
WARNING_ONLY_LOGGERS = ("httpx", "httpcore")
# At DEBUG these print data: aiosqlite every call with its parameters, SQLAlchemy every fetched row
# (password hashes among them). At INFO SQLAlchemy logs every statement (the engines hide parameters):
# shown only when LOG_LEVEL is DEBUG, otherwise warnings only, as SQLAlchemy itself defaults to.
SQL_LOGGERS = ("aiosqlite", "sqlalchemy.engine")

ACCESS_LOGGER = "uvicorn.access"
REDACTED_QUERY = "?[redacted]"


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to each record so the format can show which request logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class AccessLogQueryFilter(logging.Filter):
    """Keeps query strings out of uvicorn's access log: GET requests carry GraphQL variables there.

    A sign-in sent by GET is refused with 405, yet its line would show the password; the path and
    a marker that a query string was there are enough to read the log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        # uvicorn logs '%s - "%s %s HTTP/%s" %d' with (client, method, path and query, version, status).
        arguments = record.args
        if isinstance(arguments, tuple) and len(arguments) == 5 and isinstance(arguments[2], str):
            path, separator, _query = arguments[2].partition("?")
            if separator:
                record.args = (*arguments[:2], path + REDACTED_QUERY, *arguments[3:])
        return True


class RequestLogHandler(logging.StreamHandler[TextIO]):
    """The app's own handler, recognisable so that configuring again replaces it."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream)
        self.addFilter(RequestIdFilter())
        self.setFormatter(logging.Formatter(LOG_FORMAT))


def configure_logging(level: str, stream: TextIO | None = None) -> None:
    """Send logs at `level` and above to `stream` (stderr) with the request id; safe to call again."""
    root = logging.getLogger()
    for handler in [handler for handler in root.handlers if isinstance(handler, RequestLogHandler)]:
        root.removeHandler(handler)
    root.addHandler(RequestLogHandler(stream))
    root.setLevel(level)
    for name in QUIETED_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    for name in WARNING_ONLY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    sql_level = logging.INFO if root.level <= logging.DEBUG else max(logging.WARNING, root.level)
    for name in SQL_LOGGERS:
        logging.getLogger(name).setLevel(sql_level)
    access_logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(existing, AccessLogQueryFilter) for existing in access_logger.filters):
        access_logger.addFilter(AccessLogQueryFilter())
