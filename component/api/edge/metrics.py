"""Per-operation request metrics (Prometheus): count and latency by connexion operationId and status, and the
access log line of each request (logger `oda_cms.access`, INFO) from the same measurement."""

from __future__ import annotations

import logging
import time

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

access = logging.getLogger("oda_cms.access")

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """Prometheus collectors of one app instance (its own registry, so tests can build many apps)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("odacms_http_requests", "HTTP requests by operation and status",
                                ["operation", "method", "status"], registry=self.registry)
        self.latency = Histogram("odacms_http_request_duration_seconds", "HTTP request latency by operation",
                                 ["operation", "method"], buckets=LATENCY_BUCKETS, registry=self.registry)


class RequestMetrics:
    """Records each request's latency and status against its operationId ("unrouted" when none)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
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
            elapsed = time.perf_counter() - started
            self.metrics.requests.labels(operation, method, str(status)).inc()
            self.metrics.latency.labels(operation, method).observe(elapsed)
            access.info("%s %s %s %d %.1fms", method, scope["path"], operation, status, elapsed * 1000)

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
