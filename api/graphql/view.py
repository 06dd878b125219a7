"""The Strawberry ASGI view, building our typed context for each request."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.graphql.context import Context
from api.state import AppState


class GraphQLView(GraphQL[Context, None]):
    """GraphQL over HTTP with the GraphiQL playground on GET."""

    def __init__(self, state: AppState, **kwargs: object) -> None:
        from api.graphql.schema import schema

        super().__init__(schema, graphql_ide="graphiql", **kwargs)
        self.state = state

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        return Context(
            request=request,  # type: ignore[arg-type]
            response=response if isinstance(response, Response) else None,
            state=self.state,
            session=self.state.session_factory(),
        )
