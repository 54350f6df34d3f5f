"""Generic handlers for every resource collection and every hub: parse the request, call the service,
render the response. They never re-validate what the OpenAPI document already validated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connexion import request

from component.api.definitions import ApiDefinition
from component.domain.kernel.clock import isoformat
from component.domain.kernel.documents import project, with_absolute_hrefs
from component.domain.kernel.errors import ValidationFailed
from component.domain.kernel.query import parse_fields, parse_list_query
from component.events import hub
from component.events.callback_policy import CallbackPolicy
from component.service import Registry, ResourceService, etag, etag_matches
from component.settings import Settings
from component.store.repository import Stored

Handler = Callable[..., Any]


class ApiHandlers:
    """The operations of one API, by operationId (e.g. listCustomer, registerListener)."""

    def __init__(self, api: ApiDefinition, settings: Settings, registry: Registry,
                 callback_policy: CallbackPolicy) -> None:
        self.api = api
        self.callback_policy = callback_policy
        self.settings = settings
        self.registry = registry
        self.operations: dict[str, Handler] = {}
        for resource_type in api.resources:
            service = ResourceService(registry, resource_type.name)
            collection = _CollectionHandlers(self, service)
            name = resource_type.name
            self.operations[f"list{name}"] = collection.list
            self.operations[f"retrieve{name}"] = collection.retrieve
            if not resource_type.read_only:
                self.operations[f"create{name}"] = collection.create
                self.operations[f"patch{name}"] = collection.patch
                self.operations[f"delete{name}"] = collection.delete
        if api.has_hub:
            self.operations["registerListener"] = self.register_listener
            self.operations["retrieveListener"] = self.retrieve_listener
            self.operations["unregisterListener"] = self.unregister_listener

    def origin(self) -> str:
        """Scheme and host as clients reach the component (PUBLIC_BASE_URL, else this request's host)."""
        return self.settings.public_base_url or str(request.base_url).rstrip("/")

    def base_url(self) -> str:
        """Absolute URL of the API root as clients reach it."""
        return f"{self.origin()}{self.api_path()}"

    def api_path(self) -> str:
        return f"{self.settings.path_prefix}{self.api.base_path}"

    def render(self, document: Any) -> Any:
        """A stored document (hrefs stored as paths) with absolute hrefs for this response."""
        return with_absolute_hrefs(document, self.origin())

    def register_listener(self, body: dict[str, Any]) -> tuple[Any, int, dict[str, str]]:
        with self.registry.database.write() as connection:
            subscription = hub.subscribe(connection, self.api.name, body["callback"], body.get("query"),
                                         isoformat(self.registry.clock.now()), policy=self.callback_policy,
                                         secret=body.get("secret"))
        return subscription, 201, {"Location": f"{self.base_url()}/hub/{subscription['id']}"}

    def retrieve_listener(self, id: str) -> tuple[Any, int]:  # noqa: A002 - the spec's name
        with self.registry.database.read() as connection:
            return hub.find(connection, self.api.name, id), 200

    def unregister_listener(self, id: str) -> tuple[None, int]:  # noqa: A002
        with self.registry.database.write() as connection:
            hub.unsubscribe(connection, self.api.name, id)
        return None, 204


class _CollectionHandlers:
    def __init__(self, owner: ApiHandlers, service: ResourceService) -> None:
        self.owner = owner
        self.service = service
        self.tree = service.served.tree
        self.collection = service.type.collection

    def list(self, fields: str | None = None, offset: int | None = None, limit: int | None = None,
             sort: str | None = None) -> tuple[Any, int, dict[str, str]]:
        # The raw query is parsed below (TMF630 filters are not declared in the document); these
        # named parameters only tell connexion which declared ones to pass.
        del fields, offset, limit, sort
        settings = self.owner.settings
        query = parse_list_query(request.query_params.multi_items(), self.tree,
                                 default_limit=settings.page_limit_default, max_limit=settings.page_limit_max)
        page = self.service.list(query)
        items = [self.owner.render(project(item, query.fields)) for item in page.items]
        headers = {"X-Total-Count": str(page.total), "X-Result-Count": str(len(items))}
        if query.limit_capped:
            headers["X-Limit-Capped"] = str(query.limit)
        return items, 200, headers

    def retrieve(self, id: str, fields: str | None = None) -> tuple[Any, int, dict[str, str]]:  # noqa: A002
        stored = self.service.get(id)
        tag = etag(stored.version)
        if_none_match = request.headers.get("if-none-match")
        if if_none_match and etag_matches(if_none_match, stored.version):
            return None, 304, {"ETag": tag}
        return self.owner.render(project(stored.document, parse_fields(fields))), 200, {"ETag": tag}

    def create(self, body: Any) -> tuple[Any, int, dict[str, str]]:
        stored = self.service.create(_object(body), f"{self.owner.api_path()}/{self.collection}")
        document = self.owner.render(stored.document)
        return document, 201, {"Location": document["href"], "ETag": etag(stored.version)}

    def patch(self, id: str, body: Any) -> tuple[Any, int, dict[str, str]]:  # noqa: A002
        media_type = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
        stored: Stored = self.service.patch(id, body, media_type, request.headers.get("if-match"))
        return self.owner.render(stored.document), 200, {"ETag": etag(stored.version)}

    def delete(self, id: str) -> tuple[None, int]:  # noqa: A002
        self.service.delete(id, request.headers.get("if-match"))
        return None, 204


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ValidationFailed("the request body must be a JSON object")
    return body
