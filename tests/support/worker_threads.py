"""Several background workers run at once in threads, as several `oda-cms worker` processes would."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol


class Worker(Protocol):
    def run_once(self) -> bool: ...


@contextmanager
def running(workers: Sequence[Worker], idle: float = 0.005) -> Iterator[Counter[int]]:
    """Run each worker's loop in its own thread until the block ends; yields how many busy rounds each had."""
    stop = threading.Event()
    busy: Counter[int] = Counter()

    def loop(index: int) -> None:
        while not stop.is_set():
            if workers[index].run_once():
                busy[index] += 1
            else:
                stop.wait(idle)

    threads = [threading.Thread(target=loop, args=(index,), daemon=True) for index in range(len(workers))]
    for thread in threads:
        thread.start()
    try:
        yield busy
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
