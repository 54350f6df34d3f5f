"""The ASGI application: one connexion API per served TMF API, error mapping, event routes, edge middleware.

It is built by the composition root (`component.bootstrap.app`) from the objects the root made.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable, Mapping
from typing import Any

from connexion import AsyncApp
from connexion.apps.abstract import AbstractApp
from connexion.exceptions import ProblemException
from connexion.options import SwaggerUIOptions
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp

from component.api import errors
from component.api.delivery_metrics import DeliveryCollector
from component.api.edge import Metrics, edge
from component.api.event_routes import EventRoutes
from component.api.handlers import ApiHandlers
from component.api.landing import Landing
from component.api.operations_metrics import OperationsCollector
from component.api.registry import select
from component.api.resolver import HandlerResolver
from component.api.security.guard import AccessGuard, Authenticator, api_routes
from component.api.security.permissions import RoleMap
from component.api.validation import VALIDATOR_MAP
from component.dashboard import mount_dashboard
from component.domain.kernel.errors import DomainError
from component.events.callback_policy import CallbackPolicy
from component.events.listener import Consumers
from component.service import Registry
from component.settings import Settings
from component.store.migrations import schema_at_head_check


def build_app(settings: Settings, registry: Registry, documents: Mapping[str, dict[str, Any]], *,
              callback_policy: CallbackPolicy, consumers: Consumers,
              lifespan: Callable[[Any], contextlib.AbstractAsyncContextManager[None]] | None = None,
              app_class: type[AbstractApp] = AsyncApp, authenticator: Authenticator | None = None,
              roles: RoleMap | None = None) -> tuple[ASGIApp, AbstractApp, Metrics]:
    """The ASGI application serving the APIs `settings.apis` selects, over the collaborators given by the
    composition root. `app_class` is AsyncApp; FlaskApp is accepted for the framework benchmark. With an
    `authenticator` (AUTH_MODE oidc or apikey) every route is guarded by `roles`."""
    database = registry.database
    apis = select(settings.apis)
    app = app_class(__name__, lifespan=lifespan, swagger_ui_options=SwaggerUIOptions(swagger_ui_path="/docs"))
    for api in apis:
        handlers = ApiHandlers(api, settings, registry, callback_policy)
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
    metrics.registry.register(OperationsCollector(database))
    routed = EventRoutes(app, database, path_prefix=settings.path_prefix, admin_token=settings.admin_token,
                         consumers=consumers, clock=registry.clock)
    routed = mount_dashboard(routed, settings, registry, documents)  # the web UI at {prefix}/dashboard/ (#12)
    served_documents = {
        f"{settings.path_prefix}{api.base_path}/openapi.json":
            json.dumps({**documents[api.name], "servers": [{"url": f"{settings.path_prefix}{api.base_path}"}]}).encode()
        for api in apis
    }
    guard = None
    if authenticator is not None:
        routes = api_routes((api.name, f"{settings.path_prefix}{api.base_path}", documents[api.name]) for api in apis)
        guard = functools.partial(AccessGuard, authenticator=authenticator, roles=roles or RoleMap({}),
                                  routes=routes, path_prefix=settings.path_prefix,
                                  metrics_public=settings.metrics_public)
    ready = schema_at_head_check(database.engine)  # database reachable and migrations at head
    asgi = edge(routed, max_body_bytes=settings.max_body_bytes, ready_check=ready, metrics=metrics,
                documents=served_documents, guard=guard, landing=Landing(apis, documents, settings.path_prefix),
                cors_origins=settings.cors_origins)
    return asgi, app, metrics
