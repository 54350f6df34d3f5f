"""The access guard at the edge: authenticate the caller, then check the permission the route needs.

Routes and what they need:
- `/health/*`, each API's `openapi.json` and Swagger UI (`<api root>/docs`, `<api root>/ui`): open;
- `/metrics`: open when METRICS_PUBLIC (default), else `metrics:read`;
- every operation of a served document: `<api>:<level>`, the level from its operationId (`permissions`);
- `/listener/*` and `<api root>/listener/*` (fulfilment events from the downstream system): `listener:write`;
- `/admin/*`: `admin:admin`; the dashboard (`/dashboard*`): `dashboard:admin`;
- anything else: an authenticated caller (the app then answers 404 or 405).
No or invalid credentials: 401 with `WWW-Authenticate`; authenticated without the permission: 403; both
TMF Error bodies. The principal is left in `scope["state"]["principal"]`.

`AccessGuard.authorise(headers, requirement)` is the same decision for code outside the route table (the
dashboard's own pages): it returns the `Principal` or raises `AccessDenied` carrying the response to send.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from component.api.edge.responses import send_json
from component.api.errors import error_body
from component.api.security.api_keys import ApiKeys
from component.api.security.oidc import InvalidToken, OidcVerifier
from component.api.security.permissions import Requirement, RoleMap, required_level

REALM = "oda-cms"


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[str]


class AccessDenied(Exception):
    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        return error_body(self.status, self.message)


class Authenticator(Protocol):
    def authenticate(self, headers: Mapping[str, str]) -> Principal: ...


class BearerTokens:
    """`Authorization: Bearer <JWT>` verified by OIDC."""

    def __init__(self, verifier: OidcVerifier) -> None:
        self.verifier = verifier

    def authenticate(self, headers: Mapping[str, str]) -> Principal:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AccessDenied(401, "a bearer token is required",
                               {"WWW-Authenticate": f'Bearer realm="{REALM}"'})
        try:
            subject, roles = self.verifier.verify(token.strip())
        except InvalidToken as refusal:
            description = str(refusal).replace('"', "'")
            raise AccessDenied(401, str(refusal), {
                "WWW-Authenticate": f'Bearer realm="{REALM}", error="invalid_token", '
                                    f'error_description="{description}"'}) from None
        return Principal(subject, roles)


class StaticKeys:
    """`X-API-Key: <key>` (or `Authorization: ApiKey <key>`) found among the hashed keys."""

    def __init__(self, keys: ApiKeys) -> None:
        self.keys = keys

    def authenticate(self, headers: Mapping[str, str]) -> Principal:
        presented = headers.get("x-api-key", "")
        scheme, _, value = headers.get("authorization", "").partition(" ")
        if not presented and scheme.lower() == "apikey":
            presented = value.strip()
        challenge = {"WWW-Authenticate": f'ApiKey realm="{REALM}", header="X-API-Key"'}
        if not presented:
            raise AccessDenied(401, "an API key is required (X-API-Key)", challenge)
        key = self.keys.identify(presented)
        if key is None:
            raise AccessDenied(401, "the API key is not known", challenge)
        return Principal(key.name, key.roles)


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    requirement: Requirement


def api_routes(apis: Iterable[tuple[str, str, dict[str, Any]]]) -> list[Route]:
    """A route per operation of each (API name, base path, document); UnknownOperation for an operation
    no permission rule covers."""
    routes = []
    for name, base_path, document in apis:
        for path, item in document.get("paths", {}).items():
            pattern = re.compile("^" + re.escape(base_path) + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
            for method, operation in item.items():
                if isinstance(operation, dict) and "operationId" in operation:
                    requirement = Requirement(name, required_level(operation["operationId"]))
                    routes.append(Route(method.upper(), pattern, requirement))
    return routes


class AccessGuard:
    def __init__(self, app: ASGIApp, authenticator: Authenticator, roles: RoleMap, routes: list[Route], *,
                 path_prefix: str = "", metrics_public: bool = True) -> None:
        self.app = app
        self.authenticator = authenticator
        self.roles = roles
        self.routes = routes
        prefix = re.escape(path_prefix)
        self.metrics_public = metrics_public
        self._open = re.compile(rf"^(/health/.*|{prefix}/tmf-api/[^/]+/[^/]+/(openapi\.json|docs(/.*)?|ui(/.*)?))$")
        self._special = [
            (re.compile(rf"^{prefix}(/tmf-api/[^/]+/[^/]+)?/listener/[^/]+$"), Requirement("listener", "write")),
            (re.compile(rf"^{prefix}/admin(/.*)?$"), Requirement("admin", "admin")),
            (re.compile(rf"^{prefix}/dashboard(/.*)?$"), Requirement("dashboard", "admin")),
        ]

    def requirement(self, method: str, path: str) -> Requirement | None:
        """What `method path` needs; None when it is open. An unknown route needs an authenticated caller."""
        if self._open.match(path) or (path == "/metrics" and self.metrics_public):
            return None
        if path == "/metrics":
            return Requirement("metrics", "read")
        for pattern, requirement in self._special:
            if pattern.match(path):
                return requirement
        for route in self.routes:
            if route.method == method and route.pattern.match(path):
                return route.requirement
        return Requirement("", "")

    def authorise(self, headers: Mapping[str, str], requirement: Requirement) -> Principal:
        """The caller of a request with `headers` (lower-case names), if allowed `requirement`; else
        AccessDenied (401 or 403) with the TMF Error and headers to answer. May fetch the JWKS: call it
        off the event loop."""
        principal = self.authenticator.authenticate(headers)
        if requirement.target and not self.roles.allows(principal.roles, requirement):
            raise AccessDenied(403, f"the caller is not allowed {requirement}")
        return principal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        requirement = self.requirement(scope["method"], scope["path"])
        if requirement is not None:
            headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
            try:
                principal = await run_in_threadpool(self.authorise, headers, requirement)
            except AccessDenied as denied:
                await send_json(send, denied.status, denied.body(), headers=denied.headers)
                return
            scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send)
