"""Logging: one format for every process (readable text, or JSON lines with LOG_FORMAT=json), the request id
of the request being served on every line, and no library chatter at INFO."""

from __future__ import annotations

import json
import logging
import re
import uuid
from contextvars import ContextVar

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="-")
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,128}")
QUIET_LOGGERS = ("connexion.decorators.parameter", "connexion.operations.abstract", "connexion.decorators.validation",
                 "connexion.operations.openapi3", "connexion.middleware", "alembic.runtime.plugins",
                 "uvicorn.error", "httpx")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def request_id_from(header: str | None) -> str:
    """The client's X-Request-ID when it is a sane token, else a new one."""
    return header if header and REQUEST_ID_PATTERN.fullmatch(header) else uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message (and the exception, if any)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                 "logger": record.name, "requestId": getattr(record, "request_id", REQUEST_ID.get()),
                 "message": record.getMessage()}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)


def configure(level: str, fmt: str = "text") -> None:
    """Configure the root logger once for the process (the CLI calls it)."""
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING if level != "DEBUG" else logging.DEBUG)
    for name in ("connexion.decorators.parameter", "connexion.operations.abstract",
                 "connexion.decorators.validation", "connexion.operations.openapi3"):
        logging.getLogger(name).setLevel(logging.ERROR)  # per-request notes on TMF630 filters and content types
