"""The request id: the client's `X-Request-ID` (a sane token) or a new one, set for the request's log lines
and returned on the response."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from component.logs import REQUEST_ID, request_id_from

HEADER = b"x-request-id"


class RequestId:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((value.decode("latin-1") for name, value in scope["headers"] if name == HEADER), None)
        request_id = request_id_from(given)
        token = REQUEST_ID.set(request_id)

        async def with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (HEADER, request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, with_header)
        finally:
            REQUEST_ID.reset(token)
