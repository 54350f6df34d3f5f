"""ASGI middleware around the connexion app, one concern each, composed in `edge` (outermost first)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

from component.api.edge.body_limit import BodyLimit
from component.api.edge.metrics import Metrics, RequestMetrics
from component.api.edge.request_id import RequestId
from component.api.edge.service_endpoints import ServiceEndpoints
from component.api.landing import Landing


def edge(app: ASGIApp, *, max_body_bytes: int, ready_check: Callable[[], None], metrics: Metrics,
         documents: dict[str, bytes], landing: Landing | None = None, cors_origins: tuple[str, ...] = ()) -> ASGIApp:
    """The request id outermost (every line logged for the request carries it); CORS (preflights answered,
    headers on every response) when origins are configured; then
    health, metrics, documents and the landing page; then the body limit (a 413 is not an operation); then the
    per-operation metrics around the app."""
    timed = RequestMetrics(app, metrics)
    limited = BodyLimit(timed, max_body_bytes)
    served: ASGIApp = ServiceEndpoints(limited, ready_check=ready_check, metrics=metrics, documents=documents,
                                       landing=landing)
    if cors_origins:
        served = CORSMiddleware(served, allow_origins=list(cors_origins), allow_methods=["*"], allow_headers=["*"],
                                expose_headers=["Location", "ETag", "X-Total-Count", "X-Result-Count",
                                                "X-Request-ID"])
    return RequestId(served)


__all__ = ["Metrics", "edge"]
