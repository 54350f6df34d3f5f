"""Real HTTP listeners on loopback, a movable clock and polling helpers for the event delivery tests."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from component.domain.kernel.clock import SystemClock

Decide = Callable[["Received"], int]


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    raw: bytes

    @property
    def body(self) -> dict[str, Any]:
        return json.loads(self.raw)

    @property
    def event_id(self) -> str:
        return self.body["eventId"]

    @property
    def resource_id(self) -> str:
        [resource] = self.body.get("event", self.body.get("payload", {})).values()
        return resource["id"]


class RecordingListener:
    """A threaded HTTP server recording every POST; `decide` picks each answer's status (default 201).
    Only answered-2xx requests count as `delivered`."""

    def __init__(self, port: int = 0) -> None:
        self.requests: list[Received] = []
        self.answers: list[int] = []
        self.decide: Decide = lambda _received: 201
        self._lock = threading.Lock()
        self._port = port
        self._server: ThreadingHTTPServer | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}/listener"

    def start(self) -> RecordingListener:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802
                received = Received(self.path, {key.lower(): value for key, value in self.headers.items()},
                                    self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                status = owner.decide(received)
                with owner._lock:
                    owner.requests.append(received)
                    owner.answers.append(status)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        self._server.daemon_threads = True
        self._port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def delivered(self) -> list[Received]:
        with self._lock:
            return [request for request, status in zip(self.requests, self.answers, strict=True)
                    if 200 <= status < 300]

    def delivered_ids(self) -> list[str]:
        return [request.event_id for request in self.delivered]


class MovableClock:
    """System time plus an offset the test moves forward, so retries fall due without sleeping."""

    def __init__(self) -> None:
        self.offset = timedelta()
        self._system = SystemClock()

    def now(self) -> datetime:
        return self._system.now() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


def wait_until(condition: Callable[[], bool], *, timeout: float = 15.0, step: Callable[[], Any] | None = None,
               interval: float = 0.02) -> None:
    """Poll `condition` (running `step` between polls) until it holds; AssertionError at the deadline."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        if step is not None:
            step()
        time.sleep(interval)
