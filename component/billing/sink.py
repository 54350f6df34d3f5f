"""`oda-cms billing-sink`: the reference billing receiver, a real HTTP listener storing a replica.

- `POST <any path>`: a v4 event notification (as the delivery worker sends it); 201 when applied,
  200 when a duplicate or older than the replica, 400 when malformed, 401 when a secret is configured
  and the `X-Hub-Signature-256` header does not match.
- `GET /replica`: the live replica, `{kind: {id: document}}` (what `oda-cms reconcile` reads).
- `GET /health`: 200.
Standard library HTTP server, one thread per connection; good for a reference and for tests.
"""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from component.billing.replica import APPLIED, Replica
from component.domain.kernel.errors import ValidationFailed
from component.events.listener import validate_envelope
from component.events.signing import SIGNATURE_HEADER, verify

log = logging.getLogger(__name__)


class BillingSink:
    def __init__(self, database: str | Path, *, host: str = "127.0.0.1", port: int = 0,
                 secret: str | None = None) -> None:
        self.replica = Replica(database)
        self.secret = secret
        self._server = ThreadingHTTPServer((host, port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        host = self._server.server_address[0]
        return f"http://{host}:{self.port}"

    def start(self) -> BillingSink:
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"billing-sink-{self.port}",
                                        daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        log.info("billing sink listening on %s", self.url)
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(10)
        self.replica.close()


def _handler_for(sink: BillingSink) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - the http.server name
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if sink.secret and not verify(sink.secret, body, self.headers.get(SIGNATURE_HEADER)):
                self._answer(401, {"message": "bad or missing signature"})
                return
            try:
                envelope = validate_envelope(json.loads(body))
                sequence = self.headers.get("X-Event-Sequence")
                outcome = sink.replica.apply(envelope, int(sequence) if sequence else None)
            except (ValueError, ValidationFailed) as error:
                self._answer(400, {"message": str(error)})
                return
            self._answer(201 if outcome == APPLIED else 200, {"outcome": outcome})

        def do_GET(self) -> None:  # noqa: N802
            if self.path.rstrip("/") == "/replica":
                self._answer(200, sink.replica.snapshot())
            elif self.path.rstrip("/") == "/health":
                self._answer(200, {"status": "up"})
            else:
                self._answer(404, {"message": "not found"})

        def _answer(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the http.server signature
            log.debug("billing sink: " + format, *args)

    return Handler
