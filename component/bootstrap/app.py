"""The component as an ASGI application: the composition root's objects behind the HTTP app, with the
background workers (RUN_WORKERS) and the dependent-API watcher living as long as the app."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from connexion import AsyncApp
from connexion.apps.abstract import AbstractApp
from starlette.types import ASGIApp

from component import logs
from component.api.app import build_app
from component.api.edge import Metrics
from component.api.registry import select
from component.bootstrap.environment import settings_from_env
from component.bootstrap.root import Root, build
from component.settings import Settings
from component.store.database import Database
from component.store.migrations import upgrade_to_head
from component.workers import BackgroundWorkers


@dataclass
class Component:
    """The built application and what tests and the CLI need to reach behind it."""

    asgi: ASGIApp
    connexion_app: AbstractApp
    root: Root
    metrics: Metrics
    documents: dict[str, dict[str, Any]]  # API name -> bundled OpenAPI document as served

    @property
    def database(self) -> Database:
        return self.root.database


def create_component(settings: Settings, *, app_class: type[AbstractApp] = AsyncApp) -> Component:
    """Build the component from explicit settings (migrating first where the settings say so)."""
    if settings.migrates_on_start:
        upgrade_to_head(settings.database_url)
    root = build(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        root.start()
        background = BackgroundWorkers(root.workers()) if settings.run_workers else None
        if background:
            background.start()
        try:
            yield
        finally:
            if background:
                background.stop()
            root.stop()
            root.database.dispose()

    asgi, app, metrics = build_app(settings, root.registry, root.documents, callback_policy=root.callback_policy,
                                   consumers=root.consumers, lifespan=lifespan, app_class=app_class,
                                   authenticator=root.authenticator, roles=root.roles)
    served = {api.name: root.documents[api.name] for api in select(settings.apis)}
    return Component(asgi, app, root, metrics, served)


def asgi_app() -> ASGIApp:
    """Entry point for ASGI servers (`uvicorn --factory component.bootstrap.app:asgi_app`): the environment's
    settings."""
    settings = settings_from_env()
    logs.configure(settings.log_level, settings.log_format)  # each process uvicorn starts for `serve --workers N`
    return create_component(settings).asgi
