"""What every dashboard page works with: the component's services (reads and units of work), the
templates, and the access rules. Pages get one `Dashboard` and never touch the database themselves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from component.dashboard import formatting
from component.dashboard.access import CSRF_FIELD, DashboardAccess, csrf_token, remember_csrf
from component.domain.kernel.errors import DomainError
from component.domain.kernel.query import ListQuery, parse_list_query
from component.events import delivery_status
from component.service import Registry, ResourceService
from component.settings import Settings
from component.store.repository import Page

TEMPLATES = Path(__file__).parent / "templates"
LIST_LIMIT = 200  # the most rows of one kind a page shows at once (a customer's products, orders, ...)


@dataclass
class Dashboard:
    settings: Settings
    registry: Registry
    root: str
    access: DashboardAccess
    environment: Environment = field(init=False)
    _services: dict[str, ResourceService] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                                       trim_blocks=True, lstrip_blocks=True)
        self.environment.filters.update(formatting.FILTERS)
        self.environment.globals.update(root=self.root, csrf_field=CSRF_FIELD, query=formatting.query_string)

    # --- reads and writes, through the component's services -------------------------------------

    def service(self, kind: str) -> ResourceService:
        if kind not in self._services:
            self._services[kind] = ResourceService(self.registry, kind)
        return self._services[kind]

    def get(self, kind: str, resource_id: str) -> dict[str, Any]:
        return self.service(kind).get(resource_id).document

    def find(self, kind: str, resource_id: str) -> dict[str, Any] | None:
        try:
            return self.get(kind, resource_id)
        except DomainError:
            return None

    def query(self, kind: str, pairs: Iterable[tuple[str, str]], *, limit: int = LIST_LIMIT) -> ListQuery:
        """A TMF630 query on `kind`, parsed and checked like a client's (unknown attribute: InvalidQuery)."""
        tree = self.service(kind).served.tree
        return parse_list_query(list(pairs), tree, default_limit=limit, max_limit=max(limit, 1))

    def list(self, kind: str, pairs: Iterable[tuple[str, str]], *, limit: int = LIST_LIMIT) -> Page:
        return self.service(kind).list(self.query(kind, pairs, limit=limit))

    def collection_href(self, kind: str) -> str:
        return self.service(kind).served.collection_href

    def last_sequence(self) -> int:
        with self.registry.database.read() as connection:
            return delivery_status.last_sequence(connection)

    # --- pages ------------------------------------------------------------------------------------

    def render(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("live_after", self.last_sequence())
        html = self.environment.get_template(template).render(
            request=request, csrf=csrf_token(request), protected=self.access.protected, **context)
        response = HTMLResponse(html, status_code=status)
        remember_csrf(request, response, self.root)
        return response

    def render_error(self, request: Request, error: DomainError, title: str = "Not possible") -> HTMLResponse:
        return self.render(request, "error.html", status=error.status, title=title, error=error)
