"""A queue of Components due for reconciliation, keyed by (namespace, name).

A key added again before it runs still runs once (bursts of watch events coalesce), a key can be
added with a delay (retries with backoff), and the earliest due key comes out first. Used only from
kopf's event loop: handlers add keys, the worker task takes them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class WorkQueue(Generic[K]):
    def __init__(self) -> None:
        self._due: dict[K, float] = {}
        self._wakeup = asyncio.Event()

    def __len__(self) -> int:
        return len(self._due)

    def __contains__(self, key: object) -> bool:
        return key in self._due

    def add(self, key: K, delay: float = 0.0) -> None:
        """Make ``key`` due in ``delay`` seconds, or keep it earlier if it is already due sooner."""
        due = asyncio.get_running_loop().time() + max(delay, 0.0)
        if key not in self._due or due < self._due[key]:
            self._due[key] = due
            self._wakeup.set()

    def discard(self, key: K) -> None:
        self._due.pop(key, None)

    async def get(self) -> K:
        """Wait for the earliest due key and take it out of the queue."""
        loop = asyncio.get_running_loop()
        while True:
            timeout: float | None = None
            if self._due:
                key, due = min(self._due.items(), key=lambda item: item[1])
                if due <= loop.time():
                    del self._due[key]
                    return key
                timeout = due - loop.time()
            self._wakeup.clear()
            try:
                await asyncio.wait_for(self._wakeup.wait(), timeout)
            except TimeoutError:
                pass
