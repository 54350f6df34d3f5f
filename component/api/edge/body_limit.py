"""The request body limit (MAX_BODY_BYTES): 413 before anything is read when Content-Length says so, and a
chunked body read here within the limit (connexion takes a request without Content-Length for one without
a body, so the length is added)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from component.api.edge.responses import send_json
from component.api.errors import error_body

BODY_METHODS = {"POST", "PUT", "PATCH"}


class BodyLimit:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = _content_length(scope)
        if length is not None and length > self.max_body_bytes:
            await send_json(send, 413, error_body(413, f"request body of {length} bytes exceeds {self.max_body_bytes}"))
            return
        if length is None and scope["method"] in BODY_METHODS:
            body = await read_body(receive, self.max_body_bytes)
            if body is None:
                await send_json(send, 413, error_body(413, f"request body exceeds {self.max_body_bytes} bytes"))
                return
            scope = {**scope, "headers": [*scope["headers"], (b"content-length", str(len(body)).encode())]}
            receive = replay(body, receive)
        await self.app(scope, receive, send)


async def read_body(receive: Receive, limit: int | None) -> bytes | None:
    """The whole request body, or None as soon as it grows past `limit` (None: no limit)."""
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if limit is not None and size > limit:
            return None
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
