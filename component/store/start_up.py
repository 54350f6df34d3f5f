"""Start-up work on the database that must not block or fail a start: `run_when_ready`.

A pod may start before the database is reachable or before the migration Job has finished. Work such as
registering the billing subscriptions or seeding the catalogue runs at once when the database allows it;
otherwise it is retried in a daemon thread (1, 2, 5, 10, then every 30 s) until it succeeds. Only
database errors are retried: a configuration error still fails the start.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)
RETRY_SECONDS = (1.0, 2.0, 5.0, 10.0, 30.0)  # then every 30 s until it succeeds


def run_when_ready(name: str, work: Callable[[], object]) -> threading.Event:
    """Run `work` now, or keep retrying it in the background while the database is not ready. Returns the
    event that stops the retries (set it at shutdown)."""
    stop = threading.Event()
    try:
        work()
        return stop
    except SQLAlchemyError as error:
        log.warning("%s: not done yet (%s); retrying in the background", name, type(error).__name__)
    threading.Thread(target=_retry, args=(name, work, stop), name=name, daemon=True).start()
    return stop


def _retry(name: str, work: Callable[[], object], stop: threading.Event) -> None:
    attempt = 0
    while not stop.wait(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]):
        attempt += 1
        try:
            work()
            log.info("%s: done after %d retries", name, attempt)
            return
        except SQLAlchemyError as error:  # keep trying until the database is ready
            log.warning("%s: retry %d failed (%s)", name, attempt, type(error).__name__)
