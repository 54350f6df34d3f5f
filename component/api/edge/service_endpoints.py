"""The component's own endpoints beside the APIs: `/health/live`, `/health/ready`, `/metrics`, each API's
`openapi.json` and the landing page. They answer before routing, so they work even when routing or the
database misbehaves."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.types import ASGIApp, Receive, Scope, Send

from component.api.edge.metrics import Metrics
from component.api.edge.responses import send_bytes, send_json
from component.api.landing import Landing


class ServiceEndpoints:
    def __init__(self, app: ASGIApp, *, ready_check: Callable[[], None], metrics: Metrics,
                 documents: dict[str, bytes] | None = None, landing: Landing | None = None) -> None:
        self.app = app
        self.landing = landing
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
        elif self.landing is not None and self.landing.serves(path) and scope["method"] in ("GET", "HEAD"):
            accept = next((value.decode("latin-1") for name, value in scope["headers"] if name == b"accept"), "")
            await send_bytes(send, 200, *self.landing.body(accept))
        else:
            await self.app(scope, receive, send)

    async def _ready(self, send: Send) -> None:
        try:
            self.ready_check()
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            await send_json(send, 503, {"status": "down", "database": type(error).__name__})
            return
        await send_json(send, 200, {"status": "up", "database": "up"})
