"""The event-delivery panel: outbox depth, events per second, failing subscribers, and the dead letters
with replay: the `/admin/events` operations (same functions, same protection) in the browser."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams

from component.dashboard.context import Dashboard
from component.domain.kernel.clock import isoformat
from component.domain.kernel.errors import InvalidQuery
from component.events import dead_letters, delivery_status
from component.events.delivery_status import DeliveryOverview

DEAD_LETTERS_SHOWN = 100


@dataclass(frozen=True)
class Panel:
    overview: DeliveryOverview
    dead_letters: list[dict[str, Any]]


class DeliveryPanel:
    def __init__(self, dashboard: Dashboard) -> None:
        self.database = dashboard.registry.database
        self.clock = dashboard.registry.clock

    def load(self, _params: QueryParams) -> Panel:
        with self.database.read() as connection:
            return Panel(delivery_status.overview(connection, self.clock.now()),
                         dead_letters.list_dead(connection, limit=DEAD_LETTERS_SHOWN))

    def replay(self, ids: list[str], *, everything: bool) -> int:
        """Re-queue the chosen dead letters (or all of them); how many were re-queued."""
        if not everything and not all(identifier.isdigit() for identifier in ids):
            raise InvalidQuery("dead letters are chosen by their numeric ids")
        with self.database.write() as connection:
            return dead_letters.replay(connection, isoformat(self.clock.now()),
                                       None if everything else [int(identifier) for identifier in ids])
