"""The Strawberry ASGI view: our typed context, and errors that are always JSON with a code.

GraphQL over HTTP: queries may use GET (cacheable, and what GraphiQL links use) or POST; mutations
only POST (GET answers 405). Batching stays off. A well-formed request answers 200 even when the
operation failed (the errors carry the codes); a malformed HTTP request answers 4xx.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

import strawberry
from cross_web import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from api.graphql.context import Authenticate, Context
from api.graphql.errors import INTERNAL_ERROR_CODE, ensure_coded, internal_error_message
from api.graphql.playground import playground_html
from api.monitoring.operations import OPERATION_HEADER, operation_header_value
from api.request_id import current_request_id
from api.state import AppState

logger = logging.getLogger("api.graphql")

CSRF_CODE = "CSRF_PREVENTED"
CSRF_MESSAGE = ("A multipart request must send Authorization (or graphql-preflight, apollo-require-preflight "
                "or x-apollo-operation-name): refused as a possible cross-site request forgery")
PREFLIGHT_HEADERS = (
    "authorization", "graphql-preflight", "apollo-require-preflight", "x-apollo-operation-name"
)

# Codes for requests refused before any operation ran, by HTTP status.
HTTP_ERROR_CODES = {400: "BAD_REQUEST", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


def error_response(message: str, code: str, status_code: int, **extensions: object) -> JSONResponse:
    """A GraphQL-shaped error body for a request that never reached an operation."""
    response = JSONResponse(
        {"data": None, "errors": [{"message": message, "extensions": {"code": code, **extensions}}]},
        status_code=status_code,
    )
    response.headers[OPERATION_HEADER] = operation_header_value(None)
    return response


def _passes_csrf_check(request: Request) -> bool:
    """A multipart request (an upload) must carry a header a browser only sends after a CORS preflight.

    A cross-site form can post multipart/form-data without a preflight; it cannot add these headers.
    Uploads need the Authorization header anyway; the others are Apollo's and GraphQL over HTTP's.
    """
    content_type = request.headers.get("content-type", "").lower()
    if not content_type.startswith("multipart/form-data"):
        return True
    return any(request.headers.get(name, "").strip() for name in PREFLIGHT_HEADERS)


def _http_error_response(error: HTTPException) -> JSONResponse:
    if isinstance(error.__cause__, InvalidOperationTypeError):
        # GraphQL over HTTP: a mutation sent with GET is refused with 405, never executed.
        response = error_response(error.reason, HTTP_ERROR_CODES[405], 405)
        response.headers["Allow"] = "POST"
        return response
    return error_response(error.reason, HTTP_ERROR_CODES.get(error.status_code, "BAD_REQUEST"),
                          error.status_code)


class GraphQLView(GraphQL[Context, None]):
    """GraphQL over HTTP with the GraphiQL playground on GET (unless introspection is off)."""

    def __init__(
        self, state: AppState, schema: strawberry.Schema, authenticate: Authenticate, **options: Any
    ) -> None:
        # Without introspection the playground could not work, and it would show the API to anyone.
        playground: Literal["graphiql"] | None = "graphiql" if state.settings.graphql_introspection else None
        super().__init__(schema, graphql_ide=playground, allow_queries_via_get=True,
                         multipart_uploads_enabled=True, **options)
        self.state = state
        self.authenticate = authenticate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        if not _passes_csrf_check(request):
            await error_response(CSRF_MESSAGE, CSRF_CODE, 400)(scope, receive, send)
            return
        try:
            response = await self.run(request)
        except ClientDisconnect:
            return  # gone before the body arrived (or refused by the body size limit): nobody to answer
        except HTTPException as error:
            response = _http_error_response(error)
        except Exception:  # the last resort: a client always gets JSON with a code
            request_id = current_request_id()
            logger.exception("Unhandled error in GraphQL request %s", request_id)
            response = error_response(internal_error_message(request_id), INTERNAL_ERROR_CODE, 500,
                                      requestId=request_id)
        await response(scope, receive, send)

    def parse_json(self, data: str | bytes) -> Any:
        """Strawberry's JSON parsing, with a body nested too deep for the decoder refused as bad JSON."""
        try:
            return super().parse_json(data)
        except RecursionError as error:
            raise HTTPException(400, "Unable to parse request body as JSON: nested too deeply") from error

    @property
    def graphql_ide_html(self) -> str:
        """Our GraphiQL page: Strawberry's loads its scripts from a CDN, ours from this server."""
        return playground_html()

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        return Context(
            request=request,  # type: ignore[arg-type]
            response=response if isinstance(response, Response) else None,
            state=self.state,
            session=self.state.session_factory(),
            authenticator=self.authenticate,
        )

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        if result.errors:
            request_id = current_request_id()
            result.errors = [ensure_coded(error, request_id) for error in result.errors]
        return await super().process_result(request, result)
