"""The SLA watch: a background worker that notices trouble tickets whose expectedResolutionDate has
passed while their SLA clock still runs, sets their `slaBreached` to true and raises
TroubleTicketSlaBreachEvent (with the AttributeValueChangeEvent of the change), all in one transaction.

It finds candidates with a read, then re-reads each for update before marking it, so any number of
workers can run it at once without marking a ticket twice. Time comes from the registry's clock.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from component.domain.kernel.clock import isoformat, parse_instant
from component.domain.kernel.query import Filter
from component.domain.ticket.lifecycle import SLA_RUNNING
from component.domain.ticket.rules import BREACH_EVENT, KIND
from component.domain.ticket.sla import BREACH_ATTRIBUTE, newly_breached
from component.service import Registry, Transaction

log = logging.getLogger(__name__)
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
            work = Transaction(self.registry, connection, now)
            due = work.find_all(KIND, *overdue(now), sort="expectedResolutionDate", limit=self.batch)
        if not due:
            return False
        with self.registry.database.write() as connection:
            work = Transaction(self.registry, connection, now)
            for candidate in due:
                ticket = work.find(KIND, candidate["id"], for_update=True)
                if ticket is None or not newly_breached(ticket, parse_instant(now)):
                    continue  # changed since the read: resolved meanwhile, or marked by another worker
                ticket[BREACH_ATTRIBUTE] = True
                work.save(KIND, ticket)
                work.emit(KIND, BREACH_EVENT, ticket)
                log.info("trouble ticket %s breached its SLA (expected resolution %s)", ticket["id"],
                         ticket.get("expectedResolutionDate"))
        more = len(due) == self.batch
        if more:
            self._next_run = 0.0
        return more


def overdue(now: str) -> tuple[Filter, ...]:
    """Open, unmarked tickets whose expected resolution is before `now`."""
    return (Filter("status", tuple(sorted(SLA_RUNNING))), Filter(BREACH_ATTRIBUTE, (False,)),
            Filter("expectedResolutionDate", (now,), "lt"))
