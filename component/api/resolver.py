"""Maps each operationId of an API's document to its generic handler."""

from __future__ import annotations

from connexion.resolver import Resolution, Resolver

from component.api.handlers import ApiHandlers


class HandlerResolver(Resolver):
    def __init__(self, handlers: ApiHandlers) -> None:
        super().__init__()
        self.handlers = handlers

    def resolve(self, operation) -> Resolution:  # type: ignore[no-untyped-def]
        operation_id = operation.operation_id
        try:
            return Resolution(self.handlers.operations[operation_id], operation_id)
        except KeyError:
            raise ValueError(
                f"{self.handlers.api.spec_file}: operationId {operation_id!r} has no handler"
            ) from None
