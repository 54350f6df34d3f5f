"""The watcher of the operator's dependent-API file: re-reads it on an interval, off the request path."""

from __future__ import annotations

import logging
import threading

from component.dependencies import DependentApis

log = logging.getLogger(__name__)


class DependentApisWatcher:
    """Calls `DependentApis.refresh` every `interval` seconds in a daemon thread until stopped."""

    def __init__(self, dependencies: DependentApis, interval: float) -> None:
        self.dependencies = dependencies
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None or self.dependencies.path is None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="oda-cms-dependent-apis", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                if self.dependencies.refresh():
                    log.info("dependent APIs changed: %s", sorted(self.dependencies.all()))
            except Exception:  # noqa: BLE001 - a bad read must not end the watch
                log.exception("reading the dependent-API file failed; trying again")
