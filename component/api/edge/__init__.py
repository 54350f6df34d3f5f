"""ASGI middleware around the connexion app, one concern each, composed in `edge` (outermost first)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp

from component.api.edge.body_limit import BodyLimit
from component.api.edge.metrics import Metrics, RequestMetrics
from component.api.edge.service_endpoints import ServiceEndpoints


def edge(app: ASGIApp, *, max_body_bytes: int, ready_check: Callable[[], None], metrics: Metrics,
         documents: dict[str, bytes]) -> ASGIApp:
    """Health, metrics and documents answer first; then the body limit (a 413 is not an operation);
    then the per-operation metrics around the app."""
    timed = RequestMetrics(app, metrics)
    limited = BodyLimit(timed, max_body_bytes)
    return ServiceEndpoints(limited, ready_check=ready_check, metrics=metrics, documents=documents)


__all__ = ["Metrics", "edge"]
