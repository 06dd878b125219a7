"""Schema extensions for cross-cutting concerns: the per-request database session, the operation name,
the introspection switch."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from graphql import ExecutionResult, GraphQLError, NoSchemaIntrospectionCustomRule, validate
from strawberry.extensions import SchemaExtension

from api.graphql.errors import VALIDATION_FAILED_CODE
from api.monitoring.operations import OPERATION_HEADER, operation_header_value


class DatabaseSessionExtension(SchemaExtension):
    """Closes the request's session after the operation; uncommitted work is rolled back."""

    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await self.execution_context.context.session.close()


class OperationNameHeaderExtension(SchemaExtension):
    """Names the operation in a response header, which the HTTP metrics use as a label.

    The metrics middleware cannot read the request body, and the name is only known once the
    document is parsed, so the operation reports it on its way out.
    """

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        finally:
            response = self.execution_context.context.response
            if response is not None:
                name = self.execution_context.operation_name
                response.headers[OPERATION_HEADER] = operation_header_value(name)


class IntrospectionSwitch(SchemaExtension):
    """Refuses introspection (`__schema`, `__type`; `__typename` stays) when GRAPHQL_INTROSPECTION is off.

    Checked before execution, not among the validation rules: validation results are cached per
    schema and document, while whether introspection is allowed is a setting of each app.
    """

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        introspection = context.context.state.settings.graphql_introspection
        if context.result is None and document is not None and not introspection:
            rules = [NoSchemaIntrospectionCustomRule]
            errors = validate(context.schema._schema, document, rules)
            if errors:
                context.result = ExecutionResult(data=None, errors=[
                    GraphQLError(error.message, error.nodes, extensions={"code": VALIDATION_FAILED_CODE})
                    for error in errors
                ])
        yield
