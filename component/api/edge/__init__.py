"""ASGI middleware around the connexion app, one concern each, composed in `edge` (outermost first)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp

from component.api.edge.body_limit import BodyLimit
from component.api.edge.json_guard import JsonGuard
from component.api.edge.metrics import Metrics, RequestMetrics
from component.api.edge.security_headers import SecurityHeaders
from component.api.edge.service_endpoints import ServiceEndpoints


def edge(app: ASGIApp, *, max_body_bytes: int, ready_check: Callable[[], None], metrics: Metrics,
         documents: dict[str, bytes], guard: Callable[[ASGIApp], ASGIApp] | None = None) -> ASGIApp:
    """Security headers on everything; health, metrics and documents answer first; then the body limit
    (a 413 is not an operation) and the hostile-JSON guard (a 400 before any parser recurses); then the
    per-operation metrics around the app. `guard` (the access guard of AUTH_MODE oidc / apikey) sits just inside the
    security headers, so nothing answers an unauthorised caller but health, the documents and (if
    public) the metrics."""
    timed = RequestMetrics(app, metrics)
    limited = BodyLimit(JsonGuard(timed), max_body_bytes)
    served: ASGIApp = ServiceEndpoints(limited, ready_check=ready_check, metrics=metrics, documents=documents)
    if guard is not None:
        served = guard(served)
    return SecurityHeaders(served)


__all__ = ["Metrics", "edge"]
