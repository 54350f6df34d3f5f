"""Security headers on every response the component writes (APIs, errors, health, metrics, documents).

The API answers JSON only: nothing may sniff it into HTML, frame it or run scripts from it. The Swagger UI
under `/docs` keeps its own scripts and styles (it is left without the restrictive Content-Security-Policy).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
API_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = HEADERS if "/docs" in scope["path"] else [*HEADERS, API_CSP]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(header for header in extra if header[0] not in present)]}
            await send(message)

        await self.app(scope, receive, with_headers)
