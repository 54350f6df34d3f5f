"""The one exception hierarchy of the component; `component.api.errors` maps it to the TMF Error object."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a client can cause. `status` is the HTTP status it maps to."""

    status = 400
    code = "BAD_REQUEST"
    reason = "Bad request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(DomainError):
    code, reason = "VALIDATION_FAILED", "Invalid request"


class InvalidQuery(DomainError):
    code, reason = "INVALID_QUERY", "Invalid query"


class InvalidReference(DomainError):
    code, reason = "INVALID_REFERENCE", "Unknown referenced entity"


class NotPatchable(DomainError):
    code, reason = "NOT_PATCHABLE", "Attribute cannot be patched"


class NotFound(DomainError):
    status, code, reason = 404, "NOT_FOUND", "Resource not found"


class Conflict(DomainError):
    status, code, reason = 409, "CONFLICT", "Conflict with the resource's current state"


class IllegalTransition(Conflict):
    code, reason = "ILLEGAL_TRANSITION", "State transition not allowed"


class PreconditionFailed(DomainError):
    status, code, reason = 412, "PRECONDITION_FAILED", "Precondition failed"
