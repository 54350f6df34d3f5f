"""The SLA watch: a background worker that notices trouble tickets whose expectedResolutionDate has
passed while their SLA clock still runs, sets their `slaBreached` to true and raises
TroubleTicketSlaBreachEvent (with the AttributeValueChangeEvent of the change), all in one transaction.

It finds candidates with a read, then re-reads each for update before marking it, so any number of
workers can run it at once without marking a ticket twice. Time comes from the registry's clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from component.domain.clock import isoformat
from component.domain.ticket_lifecycle import SLA_RUNNING
from component.domain.ticket_rules import BREACH_EVENT, KIND
from component.domain.ticket_sla import BREACH_ATTRIBUTE, newly_breached, parse_time
from component.service import Registry, Transaction

INTERVAL_SECONDS = 30.0
BATCH = 100


class SlaWatch:
    name = "trouble-ticket-sla"

    def __init__(self, registry: Registry, *, interval: float = INTERVAL_SECONDS, batch: int = BATCH,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.registry = registry
        self.interval = interval
        self.batch = batch
        self._monotonic = monotonic
        self._next_run = 0.0

    def run_once(self) -> bool:
        """Mark up to `batch` newly breached tickets; True when more may be waiting."""
        if KIND not in self.registry or self._monotonic() < self._next_run:
            return False
        self._next_run = self._monotonic() + self.interval
        now = isoformat(self.registry.clock.now())
        with self.registry.database.read() as connection:
            due = Transaction(self.registry, connection, now).find_all(KIND, overdue_query(now), limit=self.batch)
        if not due:
            return False
        with self.registry.database.write() as connection:
            work = Transaction(self.registry, connection, now)
            for candidate in due:
                ticket = work.find(KIND, candidate["id"], for_update=True)
                if ticket is None or not newly_breached(ticket, parse_time(now)):
                    continue  # changed since the read: resolved meanwhile, or marked by another worker
                ticket[BREACH_ATTRIBUTE] = True
                work.save(KIND, ticket)
                work.emit(KIND, BREACH_EVENT, ticket)
        more = len(due) == self.batch
        if more:
            self._next_run = 0.0
        return more


def overdue_query(now: str) -> str:
    """TMF630 query for open, unmarked tickets whose expected resolution is before `now`."""
    return urlencode({
        "status": ",".join(sorted(SLA_RUNNING)),
        BREACH_ATTRIBUTE: "false",
        "expectedResolutionDate.lt": now,
        "sort": "expectedResolutionDate",
    })
