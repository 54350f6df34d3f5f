"""Security headers on every response the component writes (APIs, errors, health, metrics, documents).

The API answers JSON only: nothing may sniff it into HTML, frame it or run scripts from it. The Swagger UI
under `/docs` keeps its own scripts and styles (it is left without the restrictive Content-Security-Policy);
the dashboard's pages may load what the component itself serves (its script, styles and live stream).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from component.api.edge.responses import adding_headers

HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
API_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")
# The dashboard's pages load their own script, styles and live stream from the component, nothing else.
DASHBOARD_CSP = (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                                             b"form-action 'self'; base-uri 'self'")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if "/docs" in path:
            extra = HEADERS
        else:
            extra = [*HEADERS, DASHBOARD_CSP if "/dashboard" in path else API_CSP]
        await self.app(scope, receive, adding_headers(send, extra))
