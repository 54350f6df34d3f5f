"""ASGI middleware around the connexion app, one concern each, composed in `edge` (outermost first)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

from component.api.edge.body_limit import BodyLimit
from component.api.edge.json_guard import JsonGuard
from component.api.edge.metrics import Metrics, RequestMetrics
from component.api.edge.request_id import RequestId
from component.api.edge.security_headers import SecurityHeaders
from component.api.edge.service_endpoints import ServiceEndpoints
from component.api.landing import Landing


def edge(app: ASGIApp, *, max_body_bytes: int, ready_check: Callable[[], None], metrics: Metrics,
         documents: dict[str, bytes], guard: Callable[[ASGIApp], ASGIApp] | None = None,
         landing: Landing | None = None, cors_origins: tuple[str, ...] = ()) -> ASGIApp:
    """Outermost first: the request id (every line logged for the request carries it); security headers on
    everything; CORS (preflights answered without credentials, headers on every response) when origins are
    configured; `guard` (the access guard of AUTH_MODE oidc / apikey), so nothing answers an unauthorised
    caller but health, the documents and (if public) the metrics; health, metrics, documents and the landing
    page; the body limit (a 413 is not an operation) and the hostile-JSON guard (a 400 before any parser
    recurses); then the per-operation metrics around the app."""
    timed = RequestMetrics(app, metrics)
    limited = BodyLimit(JsonGuard(timed), max_body_bytes)
    served: ASGIApp = ServiceEndpoints(limited, ready_check=ready_check, metrics=metrics, documents=documents,
                                       landing=landing)
    if guard is not None:
        served = guard(served)
    if cors_origins:
        served = CORSMiddleware(served, allow_origins=list(cors_origins), allow_methods=["*"], allow_headers=["*"],
                                expose_headers=["Location", "ETag", "X-Total-Count", "X-Result-Count",
                                                "X-Request-ID"])
    return RequestId(SecurityHeaders(served))


__all__ = ["Metrics", "edge"]
