"""Puts the dashboard in front of the component's ASGI app: paths under `{prefix}/dashboard` go to the
dashboard, everything else to the wrapped app."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from component.dashboard.routes import build_dashboard
from component.service import Registry
from component.settings import Settings


class DashboardMount:
    def __init__(self, app: ASGIApp, dashboard: ASGIApp, root: str) -> None:
        self.app = app
        self.dashboard = dashboard
        self.root = root

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path == self.root or path.startswith(f"{self.root}/"):
            await self.dashboard(scope, receive, send)
            return
        await self.app(scope, receive, send)


def mount_dashboard(app: ASGIApp, settings: Settings, registry: Registry,
                    documents: Mapping[str, dict[str, Any]]) -> ASGIApp:
    """`app` with the dashboard served at `{settings.path_prefix}/dashboard/`; `documents` are the APIs'
    OpenAPI documents (the dashboard checks its request bodies against them as connexion does)."""
    root = f"{settings.path_prefix}/dashboard"
    return DashboardMount(app, build_dashboard(settings, registry, documents, root), root)
