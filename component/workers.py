"""Background workers (event delivery, orchestration, SLA watch) and the loop that runs them.

`oda-cms worker` runs the loop alone; `oda-cms serve` runs it in a thread beside the HTTP server when
RUN_WORKERS is true (the default). Workers coordinate only through the database, so any number of
processes can run this loop at once.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from typing import Protocol

from component.catalog.publisher import catalogue_publisher
from component.config import Settings
from component.events.delivery import delivery_worker
from component.orchestration import orchestrator
from component.service import Registry
from component.tickets_sla_worker import sla_watch

log = logging.getLogger(__name__)
IDLE_SECONDS = 0.5


class Worker(Protocol):
    name: str

    def run_once(self) -> bool:
        """Do one batch of due work; True when there was some (the loop then asks again at once)."""


WorkerFactory = Callable[[Settings, Registry], Worker]
# each background concern registers its factory here
FACTORIES: list[WorkerFactory] = [sla_watch, delivery_worker, catalogue_publisher, orchestrator]


def build_workers(settings: Settings, registry: Registry) -> list[Worker]:
    return [factory(settings, registry) for factory in FACTORIES]


def run_loop(workers: list[Worker], stop: threading.Event) -> None:
    while not stop.is_set():
        busy = False
        for worker in workers:
            try:
                busy = worker.run_once() or busy
            except Exception:  # noqa: BLE001 - one failing batch must not stop the loop
                log.exception("worker %s failed; retrying", worker.name)
        if not busy:
            stop.wait(IDLE_SECONDS)


class BackgroundWorkers:
    """The loop in a daemon thread, for `serve`."""

    def __init__(self, workers: list[Worker]) -> None:
        self.workers = workers
        self._stop = threading.Event()
        self._thread = threading.Thread(target=run_loop, args=(workers, self._stop), name="oda-cms-workers",
                                        daemon=True)

    def start(self) -> None:
        log.info("background workers: %s", ", ".join(worker.name for worker in self.workers))
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)


def run_forever(settings: Settings) -> int:
    from component.runtime import build_registry
    from component.store.database import Database

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    workers = build_workers(settings, build_registry(settings, Database(settings.database_url)))
    log.info("worker started: %s", ", ".join(worker.name for worker in workers))
    run_loop(workers, stop)
    return 0
