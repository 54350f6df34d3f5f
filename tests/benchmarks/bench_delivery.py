"""Events per second the delivery worker delivers to a local listener.

Not part of the test suite (speed is measured, never asserted in tests). Run:
    .venv/bin/python tests/benchmarks/bench_delivery.py [--events 5000] [--resources 1000]
        [--batch 100] [--concurrency 8] [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/x]
Default database: a fresh SQLite file (WAL). The events (creates and changes spread over `--resources`
customers) are written to the outbox first, with their deliveries, as the API would; then one
`DeliveryWorker` in this process delivers them to a threaded HTTP listener on loopback answering 201,
and the time from the first claim to the last recorded delivery is measured.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlalchemy import func, select

from component.domain.kernel.clock import SystemClock, isoformat
from component.events import hub, outbox
from component.events.delivery import DeliveryWorker
from component.events.fanout import DELIVERED
from component.store.database import Database
from component.store.migrations import upgrade_to_head
from component.store.tables import delivery


class Listener(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    received = 0
    lock = threading.Lock()

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with Listener.lock:
            Listener.received += 1
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


def write_events(database: Database, events: int, resources: int) -> None:
    ids = [str(uuid.uuid4()) for _ in range(resources)]
    written = 0
    while written < events:
        with database.write() as connection:
            for _ in range(min(500, events - written)):
                resource_id = ids[written % resources]
                change = "Create" if written < resources else "AttributeValueChange"
                document = {"id": resource_id, "name": f"Customer {written}", "@type": "Customer"}
                outbox.append(connection, api="customer", resource_kind="Customer", resource_id=resource_id,
                              event=outbox.envelope(f"Customer{change}Event", "customer", document,
                                                    isoformat(SystemClock().now())))
                written += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--resources", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="bench-delivery-")
    url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
    upgrade_to_head(url)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Listener)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    database = Database(url)
    with database.write() as connection:
        hub.subscribe(connection, "customer", f"http://127.0.0.1:{server.server_address[1]}/listener", None,
                      isoformat(SystemClock().now()))
    write_events(database, args.events, args.resources)
    worker = DeliveryWorker(database, batch=args.batch, concurrency=args.concurrency)
    started = time.perf_counter()
    while worker.run_once():
        pass
    elapsed = time.perf_counter() - started
    with database.read() as connection:
        delivered = connection.execute(
            select(func.count()).select_from(delivery).where(delivery.c.state == DELIVERED)).scalar_one()
    worker.close()
    server.shutdown()
    database.dispose()
    backend = url.split(":", 1)[0]
    print(f"{backend}: {delivered} of {args.events} events delivered over {args.resources} resources "
          f"in {elapsed:.2f} s = {delivered / elapsed:,.0f} events/s "
          f"(batch {args.batch}, concurrency {args.concurrency}; listener got {Listener.received})")


if __name__ == "__main__":
    main()
