"""HTTP routes of the events module that are not part of a TMF document, in front of the connexion app:

- `POST {prefix}/listener/{eventName}` and `POST {prefix}/tmf-api/{api}/{version}/listener/{eventName}`:
  receive an event from another component (201 first time, 200 for a known eventId, 400 for a
  malformed envelope); see `listener`.
- `GET {prefix}/admin/events/dead-letters?limit=&offset=`: the dead-letter list.
- `POST {prefix}/admin/events/dead-letters/replay` with `{"ids": [...]}` (or `{}` for all): re-queue.
The admin routes need `Authorization: Bearer <ADMIN_TOKEN>` when ADMIN_TOKEN is set.
Anything else goes to the wrapped app.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from component.domain.kernel.clock import Clock, SystemClock, isoformat
from component.domain.kernel.errors import DomainError
from component.events import dead_letters, listener
from component.events.admin_access import bearer_authorised
from component.store.database import Database

log = logging.getLogger(__name__)
MAX_ID = 2**63 - 1  # a BIGINT
_PAGE_NUMBER = re.compile(r"[0-9]{1,9}")
Endpoint = Callable[[Request, dict[str, str]], Awaitable[Response]]


class EventRoutes:
    def __init__(self, app: ASGIApp, database: Database, *, path_prefix: str = "", admin_token: str | None = None,
                 consumers: listener.Consumers, clock: Clock | None = None) -> None:
        self.app = app
        self.database = database
        self.admin_token = admin_token
        self.consumers = consumers
        self.clock = clock or SystemClock()
        prefix = re.escape(path_prefix)
        self._routes: list[tuple[str, re.Pattern[str], Endpoint]] = [
            ("POST", re.compile(rf"^{prefix}/listener/(?P<name>[A-Za-z0-9_]+)$"), self._receive),
            ("POST", re.compile(rf"^{prefix}/tmf-api/(?P<api>[A-Za-z0-9_]+)/(?P<version>v\d+)"
                                rf"/listener/(?P<name>[A-Za-z0-9_]+)$"), self._receive),
            ("GET", re.compile(rf"^{prefix}/admin/events/dead-letters$"), self._list_dead),
            ("POST", re.compile(rf"^{prefix}/admin/events/dead-letters/replay$"), self._replay),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for method, pattern, endpoint in self._routes:
                found = pattern.match(scope["path"])
                if found and scope["method"] == method:
                    response = await self._guarded(endpoint, Request(scope, receive), found.groupdict())
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)

    async def _guarded(self, endpoint: Endpoint, request: Request, params: dict[str, str]) -> Response:
        try:
            return await endpoint(request, params)
        except DomainError as error:
            return _error(error.status, error.message, error.code, error.reason)
        except Exception:  # noqa: BLE001 - e.g. a consumer failed: the sender must deliver again
            log.exception("%s %s failed", request.method, request.url.path)
            return _error(500, "the event could not be processed; deliver it again", "INTERNAL_ERROR",
                          "Internal server error")

    async def _receive(self, request: Request, params: dict[str, str]) -> Response:
        body = await _json_body(request)
        event = listener.validate_envelope(body, params["name"])
        source = f"{params['api']}/{params['version']}" if params.get("api") else "listener"
        first = await run_in_threadpool(listener.receive, self.database, event, source=source,
                                        now=isoformat(self.clock.now()), consumers=self.consumers)
        return Response(status_code=201 if first else 200)

    async def _list_dead(self, request: Request, _params: dict[str, str]) -> Response:
        if not self._authorised(request):
            return _unauthorised()
        limit = _non_negative(request.query_params.get("limit", "100"), "limit")
        offset = _non_negative(request.query_params.get("offset", "0"), "offset")

        def read() -> tuple[list[dict[str, Any]], int]:
            with self.database.read() as connection:
                return dead_letters.list_dead(connection, limit=limit, offset=offset), \
                    dead_letters.count_dead(connection)

        items, total = await run_in_threadpool(read)
        return JSONResponse(items, headers={"X-Total-Count": str(total), "X-Result-Count": str(len(items))})

    async def _replay(self, request: Request, _params: dict[str, str]) -> Response:
        if not self._authorised(request):
            return _unauthorised()
        body = await _json_body(request, empty={})
        ids = body.get("ids") if isinstance(body, dict) else None
        if ids is not None and (not isinstance(ids, list) or not all(_is_id(item) for item in ids)):
            raise DomainError(f"ids must be a list of dead-letter ids (integers from 1 to {MAX_ID})")

        def replay() -> int:
            with self.database.write() as connection:
                return dead_letters.replay(connection, isoformat(self.clock.now()), ids)

        return JSONResponse({"replayed": await run_in_threadpool(replay)})

    def _authorised(self, request: Request) -> bool:
        return bearer_authorised(self.admin_token, request.headers.get("authorization", ""))


async def _json_body(request: Request, empty: Any = None) -> Any:
    raw = await request.body()
    if not raw:
        if empty is not None:
            return empty
        raise DomainError("the request needs a JSON body")
    try:
        return json.loads(raw)
    except ValueError as error:
        raise DomainError(f"the body is not JSON: {error}") from error


def _non_negative(raw: str, name: str) -> int:
    # ASCII digits only (str.isdigit also takes "²"), and few enough for every database's integer
    if not _PAGE_NUMBER.fullmatch(raw):
        raise DomainError(f"{name} must be an integer from 0 to 999999999, got {raw[:40]!r}")
    return int(raw)


def _is_id(item: Any) -> bool:
    return isinstance(item, int) and not isinstance(item, bool) and 0 < item <= MAX_ID


def _unauthorised() -> Response:
    return _error(401, "admin endpoints need Authorization: Bearer <ADMIN_TOKEN>", "UNAUTHORIZED", "Unauthorized")


def _error(status: int, message: str, code: str, reason: str) -> Response:
    """The TMF Error object (as `component.api.errors` renders it; events sit below the api layer)."""
    return JSONResponse({"@type": "Error", "code": code, "reason": reason, "message": message, "status": str(status)},
                        status_code=status)
