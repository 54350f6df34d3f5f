"""ASGI middleware around the connexion app: request body limit (413), per-operation metrics, and the
health and metrics endpoints, which must answer even when routing or the database misbehaves.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from component.api.errors import error_body

BODY_METHODS = {"POST", "PUT", "PATCH"}
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """Prometheus collectors of one app instance (its own registry, so tests can build many apps)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("odacms_http_requests", "HTTP requests by operation and status",
                                ["operation", "method", "status"], registry=self.registry)
        self.latency = Histogram("odacms_http_request_duration_seconds", "HTTP request latency by operation",
                                 ["operation", "method"], buckets=LATENCY_BUCKETS, registry=self.registry)


class EdgeMiddleware:
    """Outermost layer: `/health/live`, `/health/ready`, `/metrics`; everything else goes to `app`
    with the body limit enforced (413 before anything is read when Content-Length says so) and its
    latency recorded per operationId."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, ready_check: Callable[[], None],
                 metrics: Metrics, documents: dict[str, bytes] | None = None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
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
            await _json(send, 200, {"status": "up"})
            return
        if path == "/health/ready":
            await self._ready(send)
            return
        if path == "/metrics":
            await _send(send, 200, generate_latest(self.metrics.registry), CONTENT_TYPE_LATEST)
            return
        if path in self.documents and scope["method"] == "GET":
            await _send(send, 200, self.documents[path], "application/json")
            return
        length = _content_length(scope)
        if length is not None and length > self.max_body_bytes:
            await _json(send, 413, error_body(413, f"request body of {length} bytes exceeds {self.max_body_bytes}"))
            return
        if length is None and scope["method"] in BODY_METHODS:
            # A chunked body has no Content-Length, and connexion takes a request without one for a
            # request without a body: read it here (within the limit) and say how long it is.
            body = await _read_body(receive, self.max_body_bytes)
            if body is None:
                await _json(send, 413, error_body(413, f"request body exceeds {self.max_body_bytes} bytes"))
                return
            scope = {**scope, "headers": [*scope["headers"], (b"content-length", str(len(body)).encode())]}
            receive = _replay(body, receive)
        await self._timed(scope, receive, send)

    async def _timed(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        status, recorded = 500, False

        def record() -> None:
            nonlocal recorded
            if recorded:
                return
            recorded = True
            routing = scope.get("extensions", {}).get("connexion_routing", {})
            operation = routing.get("operation_id") or "unrouted"
            method = scope["method"]
            self.metrics.requests.labels(operation, method, str(status)).inc()
            self.metrics.latency.labels(operation, method).observe(time.perf_counter() - started)

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                record()  # before the last byte leaves, so a client that got the response sees it counted
            await send(message)

        # Connexion's router notes the operationId in scope["extensions"] of a scope copy; a dict made here
        # is shared by every copy, so the operation is visible to `record`.
        scope.setdefault("extensions", {})
        try:
            await self.app(scope, receive, recording_send)
        finally:
            record()

    async def _ready(self, send: Send) -> None:
        try:
            self.ready_check()
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            await _json(send, 503, {"status": "down", "database": type(error).__name__})
            return
        await _json(send, 200, {"status": "up", "database": "up"})


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None as soon as it grows past `limit`."""
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
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


async def _json(send: Send, status: int, body: Any) -> None:
    await _send(send, status, json.dumps(body).encode(), "application/json")


async def _send(send: Send, status: int, body: bytes, content_type: str) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
