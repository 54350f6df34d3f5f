"""Live updates: a server-sent event stream of what changed, read from the outbox.

`GET {root}/live?after=<sequence>` (or the `Last-Event-ID` an EventSource sends when it reconnects)
streams one `data: {"sequence", "eventType", "kind", "id"}` message per outbox event after that
sequence. Pages refresh their live region when an event of a kind they show arrives. The stream ends
after `STREAM_SECONDS` (the browser reconnects from the last id it saw), so no connection is held for ever.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import StreamingResponse

from component.dashboard.context import Dashboard
from component.domain.kernel.errors import InvalidQuery
from component.events import delivery_status

POLL_SECONDS = 0.5
KEEPALIVE_SECONDS = 15.0
STREAM_SECONDS = 120.0


def stream(dashboard: Dashboard, request: Request) -> StreamingResponse:
    raw = request.headers.get("last-event-id") or request.query_params.get("after", "0")
    if not raw.isdigit():
        raise InvalidQuery(f"after must be an outbox sequence (a non-negative integer), got {raw!r}")
    return StreamingResponse(_changes(dashboard, request, int(raw)), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


async def _changes(dashboard: Dashboard, request: Request, after: int) -> AsyncIterator[str]:
    started = last_sent = time.monotonic()
    yield f"retry: 1000\n: following the outbox after {after}\n\n"
    while time.monotonic() - started < STREAM_SECONDS and not await request.is_disconnected():
        changes = await run_in_threadpool(_read, dashboard, after)
        for change in changes:
            after = change["sequence"]
            yield f"id: {after}\ndata: {json.dumps(change)}\n\n"
        if changes:
            last_sent = time.monotonic()
            continue
        if time.monotonic() - last_sent > KEEPALIVE_SECONDS:
            last_sent = time.monotonic()
            yield ": keep-alive\n\n"
        await asyncio.sleep(POLL_SECONDS)


def _read(dashboard: Dashboard, after: int) -> list[dict]:
    with dashboard.registry.database.read() as connection:
        return delivery_status.changes_after(connection, after)
