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
from component.domain.errors import DomainError

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
    with the body limit enforced and its latency recorded per operationId."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, ready_check: Callable[[], None],
                 metrics: Metrics) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.ready_check = ready_check
        self.metrics = metrics

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
        length = _content_length(scope)
        if length is not None and length > self.max_body_bytes:
            await _json(send, 413, error_body(413, f"request body of {length} bytes exceeds {self.max_body_bytes}"))
            return
        await self._timed(scope, _limited(receive, self.max_body_bytes), send)

    async def _timed(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        status = 500

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            routing = scope.get("extensions", {}).get("connexion_routing", {})
            operation = routing.get("operation_id") or "unrouted"
            method = scope["method"]
            self.metrics.requests.labels(operation, method, str(status)).inc()
            self.metrics.latency.labels(operation, method).observe(time.perf_counter() - started)

    async def _ready(self, send: Send) -> None:
        try:
            self.ready_check()
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            await _json(send, 503, {"status": "down", "database": type(error).__name__})
            return
        await _json(send, 200, {"status": "up", "database": "up"})


class BodyTooLarge(DomainError):
    status, code, reason = 413, "PAYLOAD_TOO_LARGE", "Request body too large"


def _limited(receive: Receive, limit: int) -> Receive:
    """Counts streamed body bytes (chunked requests carry no Content-Length)."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(f"request body exceeds {limit} bytes")
        return message

    return wrapped


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
