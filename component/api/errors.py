"""Every error the component answers is a TMF Error object; this module is the one place that maps
domain exceptions, connexion's validation problems and HTTP errors to it. No stack trace ever leaves.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from starlette.exceptions import HTTPException

from component.domain.kernel.errors import DomainError

log = logging.getLogger(__name__)

REASONS = {
    400: ("BAD_REQUEST", "Bad request"),
    401: ("UNAUTHORIZED", "Unauthorized"),
    403: ("FORBIDDEN", "Forbidden"),
    404: ("NOT_FOUND", "Not found"),
    405: ("METHOD_NOT_ALLOWED", "Method not allowed"),
    406: ("NOT_ACCEPTABLE", "Not acceptable"),
    409: ("CONFLICT", "Conflict"),
    412: ("PRECONDITION_FAILED", "Precondition failed"),
    413: ("PAYLOAD_TOO_LARGE", "Request body too large"),
    415: ("UNSUPPORTED_MEDIA_TYPE", "Unsupported media type"),
    500: ("INTERNAL_ERROR", "Internal server error"),
}


def error_body(status: int, message: str, *, code: str | None = None, reason: str | None = None) -> dict[str, Any]:
    """The TMF Error object. `referenceError` (a documentation URI in TMF) is not used: the message
    names the offending attribute or value."""
    default_code, default_reason = REASONS.get(status, ("ERROR", "Error"))
    body: dict[str, Any] = {
        "@type": "Error",
        "code": code or default_code,
        "reason": reason or default_reason,
        "message": message,
        "status": str(status),  # a string in every v4 document
    }
    return body


def error_response(status: int, message: str, **details: Any) -> ConnexionResponse:
    return ConnexionResponse(
        status_code=status,
        mimetype="application/json",
        content_type="application/json",
        body=json.dumps(error_body(status, message, **details)),
    )


def on_domain_error(_request: ConnexionRequest, error: Exception) -> ConnexionResponse:
    assert isinstance(error, DomainError)
    return error_response(error.status, error.message, code=error.code, reason=error.reason)


def on_problem(_request: ConnexionRequest, error: Exception) -> ConnexionResponse:
    assert isinstance(error, ProblemException)
    status = error.status or 500
    message = str(error.detail or error.title or REASONS.get(status, ("", "Error"))[1])
    if status >= 500:
        log.error("problem %s: %s", status, message)
        message = "The component could not process the request"
    headers = dict(error.headers or {})
    response = error_response(status, _readable(message))
    response.headers.update(headers)
    return response


def on_http_error(_request: ConnexionRequest, error: Exception) -> ConnexionResponse:
    assert isinstance(error, HTTPException)
    response = error_response(error.status_code, str(error.detail or REASONS.get(error.status_code, ("", ""))[1]))
    response.headers.update(dict(error.headers or {}))
    return response


def on_database_refusal(_request: ConnexionRequest, error: Exception) -> ConnexionResponse:
    """The database refused a value the request carried (e.g. a NUL byte in a path or query on
    PostgreSQL): the client's input, so a 400, not a 500."""
    log.warning("database refused a request value: %s", error)
    return error_response(400, "a value in the request cannot be processed by the database")


def on_unexpected(_request: ConnexionRequest, error: Exception) -> ConnexionResponse:
    log.exception("unexpected error", exc_info=error)
    return error_response(500, "The component could not process the request; the error was logged")


def _readable(message: str) -> str:
    # jsonschema messages quote whole bodies; keep the error object readable.
    return message if len(message) <= 500 else message[:497] + "..."
