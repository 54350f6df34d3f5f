"""Maps each operationId of an API's document to its generic handler.

Handlers are synchronous (the service and store are). Connexion would run each in a thread pool; on
the embedded SQLite database a call takes tens of microseconds of CPU, less than the thread hop, so
there they run inline on the event loop. On PostgreSQL (network round trips) they keep the pool.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from connexion.resolver import Resolution, Resolver
from starlette.concurrency import run_in_threadpool

from component.api.handlers import ApiHandlers


class HandlerResolver(Resolver):
    def __init__(self, handlers: ApiHandlers, *, inline: bool) -> None:
        super().__init__()
        self.handlers = handlers
        self.inline = inline

    def resolve(self, operation) -> Resolution:  # type: ignore[no-untyped-def]
        operation_id = operation.operation_id
        try:
            handler = self.handlers.operations[operation_id]
        except KeyError:
            raise ValueError(f"{self.handlers.api.spec_file}: operationId {operation_id!r} has no handler") from None
        return Resolution(_asynchronous(handler, self.inline), operation_id)


def _asynchronous(handler: Callable[..., Any], inline: bool) -> Callable[..., Any]:
    if inline:
        async def run(*args: Any, **kwargs: Any) -> Any:
            return handler(*args, **kwargs)
    else:
        async def run(*args: Any, **kwargs: Any) -> Any:
            return await run_in_threadpool(handler, *args, **kwargs)

    functools.update_wrapper(run, handler)
    # Connexion inspects the handler's signature on every request; a stored one is returned at once.
    run.__signature__ = inspect.signature(handler)  # type: ignore[attr-defined]
    return run
