"""Background workers (event delivery, orchestration, SLA watch) and the loop that runs them.

`oda-cms worker` runs the loop alone; `oda-cms serve` runs it in a thread beside the HTTP server when
RUN_WORKERS is true (the default). Workers coordinate only through the database, so any number of
processes can run this loop at once.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

log = logging.getLogger(__name__)
IDLE_SECONDS = 0.5


class Worker(Protocol):
    name: str

    def run_once(self) -> bool:
        """Do one batch of due work; True when there was some (the loop then asks again at once)."""


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
