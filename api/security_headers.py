"""Security headers: no MIME sniffing and no referrer on every response; HTML pages also get a
Content-Security-Policy that forbids framing (clickjacking) and limits where scripts come from.

Pure ASGI: only the start of a response is touched, so streamed bodies and websockets pass as they are.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def content_security_policy(directives: Mapping[str, str]) -> str:
    """The header value of a policy: `{"script-src": "'self'"}` becomes `script-src 'self'`."""
    return "; ".join(f"{name} {value}" for name, value in directives.items())


# Pages that load only this server's files and run no inline script: the GraphiQL playground (vendored).
# Inline styles stay allowed: GraphiQL and CodeMirror write style elements at run time.
STRICT_PAGE_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
STRICT_PAGE_POLICY = content_security_policy(STRICT_PAGE_DIRECTIVES)

# marimo's page starts with inline scripts (its mount configuration), and Vega compiles chart
# expressions with `new Function`: both break under 'self' alone. Everything still comes from this
# server (no other origin is allowed), and no other site may frame the page.
DASHBOARD_POLICY = content_security_policy({
    **STRICT_PAGE_DIRECTIVES,
    "script-src": "'self' 'unsafe-inline' 'unsafe-eval'",
    "img-src": "'self' data: blob:",
    "worker-src": "'self' blob:",
    "base-uri": "'self'",
})

HEADERS_FOR_EVERY_RESPONSE = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


class SecurityHeadersMiddleware:
    """Adds the headers; HTML responses get the policy of the longest matching path prefix, or the default."""

    def __init__(self, app: ASGIApp, page_policies: Mapping[str, str] | None = None,
                 default_policy: str = STRICT_PAGE_POLICY) -> None:
        self.app = app
        self.page_policies = sorted((page_policies or {}).items(), key=lambda item: -len(item[0]))
        self.default_policy = default_policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self.policy_for(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS_FOR_EVERY_RESPONSE.items():
                    headers[name] = value  # replaces a weaker value the app may have set
                if headers.get("content-type", "").startswith("text/html"):
                    headers["Content-Security-Policy"] = policy
                    headers["X-Frame-Options"] = "DENY"  # for browsers without CSP frame-ancestors
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def policy_for(self, path: str) -> str:
        """The policy of the page at `path`."""
        for prefix, policy in self.page_policies:
            if path.startswith(prefix):
                return policy
        return self.default_policy
