"""Plain ASGI responses written by the edge middleware (before or instead of the app)."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import Send


async def send_json(send: Send, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
    await send_bytes(send, status, json.dumps(body).encode(), "application/json", headers)


async def send_bytes(send: Send, status: int, body: bytes, content_type: str,
                     headers: dict[str, str] | None = None) -> None:
    extra = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode()),
                            *extra]})
    await send({"type": "http.response.body", "body": body})
