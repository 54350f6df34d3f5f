"""Builds the ASGI application: one connexion API per served TMF API, error mapping, edge middleware."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from connexion import AsyncApp
from connexion.apps.abstract import AbstractApp
from connexion.exceptions import ProblemException
from connexion.options import SwaggerUIOptions
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp

from component.api import errors
from component.api.handlers import ApiHandlers
from component.api.middleware import EdgeMiddleware, Metrics
from component.api.registry import select
from component.api.resolver import HandlerResolver
from component.api.validation import VALIDATOR_MAP
from component.billing.registration import ensure_billing_subscriptions_in_background
from component.config import Settings
from component.domain.errors import DomainError
from component.events.metrics import DeliveryCollector
from component.events.routes import EventRoutes
from component.runtime import build_registry, load_documents
from component.store.database import Database
from component.store.migrations import schema_at_head_check, upgrade_to_head
from component.workers import BackgroundWorkers, build_workers

log = logging.getLogger(__name__)


@dataclass
class Component:
    """The built application and what tests and the CLI need to reach behind it."""

    asgi: ASGIApp
    connexion_app: AbstractApp
    database: Database
    metrics: Metrics
    documents: dict[str, dict[str, Any]]  # API name -> bundled OpenAPI document as served


def create_component(settings: Settings | None = None, *, app_class: type[AbstractApp] = AsyncApp) -> Component:
    """Build the component. `app_class` is AsyncApp; FlaskApp is accepted for the framework benchmark."""
    settings = settings or Settings.from_env()
    database = Database(settings.database_url)
    if settings.migrates_on_start:
        upgrade_to_head(settings.database_url)
    # Every resource type is known to the domain (an account's rules read its Customer even where this
    # process serves only the account API); only the selected APIs get routes.
    documents = load_documents()
    registry = build_registry(settings, database, documents)
    stop_billing_retries = ensure_billing_subscriptions_in_background(settings, registry)
    apis = select(settings.apis)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        background = BackgroundWorkers(build_workers(settings, registry)) if settings.run_workers else None
        if background:
            background.start()
        try:
            yield
        finally:
            stop_billing_retries.set()
            if background:
                background.stop()
            database.dispose()

    app = app_class(__name__, lifespan=lifespan, swagger_ui_options=SwaggerUIOptions(swagger_ui_path="/docs"))
    for api in apis:
        handlers = ApiHandlers(api, settings, registry)
        app.add_api(
            documents[api.name],
            base_path=f"{settings.path_prefix}{api.base_path}",
            resolver=HandlerResolver(handlers, inline=settings.is_sqlite),
            name=api.name,
            strict_validation=False,
            validate_responses=False,
            validator_map=VALIDATOR_MAP,
        )
    app.add_error_handler(DomainError, errors.on_domain_error)
    app.add_error_handler(ProblemException, errors.on_problem)
    app.add_error_handler(HTTPException, errors.on_http_error)
    app.add_error_handler(DataError, errors.on_database_refusal)
    app.add_error_handler(Exception, errors.on_unexpected)

    metrics = Metrics()
    metrics.registry.register(DeliveryCollector(database))
    routed = EventRoutes(app, database, path_prefix=settings.path_prefix, admin_token=settings.admin_token)
    served_documents = {
        f"{settings.path_prefix}{api.base_path}/openapi.json":
            json.dumps({**documents[api.name], "servers": [{"url": f"{settings.path_prefix}{api.base_path}"}]}).encode()
        for api in apis
    }
    ready = schema_at_head_check(database.engine)  # database reachable and migrations at head
    asgi = EdgeMiddleware(routed, max_body_bytes=settings.max_body_bytes, ready_check=ready, metrics=metrics,
                          documents=served_documents)
    return Component(asgi, app, database, metrics, {api.name: documents[api.name] for api in apis})


def asgi_app() -> ASGIApp:
    """Entry point for ASGI servers (`uvicorn --factory component.api.app:asgi_app`)."""
    return create_component().asgi
