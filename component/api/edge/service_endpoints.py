"""The component's own endpoints beside the APIs: `/health/live`, `/health/ready`, `/metrics` and each API's
`openapi.json`. They answer before routing, so they work even when routing or the database misbehaves."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.types import ASGIApp, Receive, Scope, Send

from component.api.edge.metrics import Metrics
from component.api.edge.responses import send_bytes, send_json


class ServiceEndpoints:
    def __init__(self, app: ASGIApp, *, ready_check: Callable[[], None], metrics: Metrics,
                 documents: dict[str, bytes] | None = None) -> None:
        self.app = app
        self.ready_check = ready_check
        self.metrics = metrics
        # `<api root>/openapi.json`, serialised once. Connexion serves its ref-resolved copy, which
        # cannot be written as JSON when a schema is recursive (an order item holding order items).
        self.documents = documents or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path == "/health/live":
            await send_json(send, 200, {"status": "up"})
        elif path == "/health/ready":
            await self._ready(send)
        elif path == "/metrics":
            await send_bytes(send, 200, generate_latest(self.metrics.registry), CONTENT_TYPE_LATEST)
        elif path in self.documents and scope["method"] == "GET":
            await send_bytes(send, 200, self.documents[path], "application/json")
        else:
            await self.app(scope, receive, send)

    async def _ready(self, send: Send) -> None:
        try:
            self.ready_check()
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            await send_json(send, 503, {"status": "down", "database": type(error).__name__})
            return
        await send_json(send, 200, {"status": "up", "database": "up"})
