"""The orchestrator worker: finds new work, claims due jobs and runs their steps.

`run_once`:
1. scan (a read, then a short write only when something is new): acknowledged product orders,
   cancellation requests and service orders without a live job get one (and held orders without any
   job, left by the simple fulfiller of earlier versions) (`order:`, `cancel:`,
   `service-order:`; a finished order job is revived when a PATCH brought its order back from pending);
2. claim a batch of due jobs (`jobs.claim`) and run each: `prepare` outside any transaction (a
   downstream adapter's HTTP), then `step` and `jobs.finish` in one write transaction that first checks
   the claim still holds. A step that raises is rolled back and retried later with a backoff.
`run_until_idle` drives it synchronously (tests, benchmarks), as of a given moment.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import and_, exists, literal, select

from component.domain.catalog.port import CatalogPort
from component.domain.kernel.clock import Clock, isoformat
from component.domain.ordering.milestones import later
from component.domain.ordering.service_mapping import ServiceMapping
from component.domain.service_ordering.execution import FulfilmentPort
from component.orchestration import cancellation, product_order_steps, service_order_execution
from component.orchestration.simulator import SimulatorConfig
from component.service import Registry, Transaction
from component.settings import Settings
from component.store import jobs
from component.store.tables import job, resource
from component.store.work_queue import Backoff

log = logging.getLogger(__name__)
RETRY_BASE_SECONDS = 1.0
MAX_IDLE_ROUNDS = 10_000

# (resource kind, state, job kind, whether a finished job is revived)
SCANNED = (
    ("ProductOrder", "acknowledged", product_order_steps.KIND, True),
    ("ProductOrder", "held", product_order_steps.KIND, False),  # held before this worker existed (upgrade)
    ("CancelProductOrder", "acknowledged", cancellation.KIND, False),
    ("ServiceOrder", "acknowledged", service_order_execution.KIND, False),
)


class CatalogWithMapping(CatalogPort, Protocol):
    """The catalogue in force and how this component fulfils its products."""

    service_mapping: ServiceMapping


class Steps(Protocol):
    def prepare(self, job: jobs.Job) -> Any: ...

    def step(self, work: Transaction, job: jobs.Job, payload: dict[str, Any], prepared: Any) -> jobs.Next: ...


class _Execution:
    """A service-order job: the simulator's execution needs nothing prepared."""

    def __init__(self, execution: service_order_execution.ServiceOrderExecution) -> None:
        self.execution = execution

    def prepare(self, job: jobs.Job) -> Any:
        return None

    def step(self, work: Transaction, job: jobs.Job, payload: dict[str, Any], prepared: Any) -> jobs.Next:
        return self.execution.step(work, job, payload)


class Orchestrator:
    name = "orchestrator"

    def __init__(self, registry: Registry, settings: Settings, *, clock: Clock | None = None,
                 simulator: SimulatorConfig, catalog: CatalogWithMapping, adapters: Mapping[str, FulfilmentPort],
                 installed_base: product_order_steps.BaseFactory) -> None:
        self.registry = registry
        self.database = registry.database
        self.clock = clock or registry.clock
        self.settings = settings
        # orchestration steps are retried until they succeed (no horizon): an order is never dropped silently
        self.backoff = Backoff(base=RETRY_BASE_SECONDS, maximum=settings.orchestration_retry_max, horizon=None)
        ports = dict(adapters)
        if settings.fulfilment_adapter not in ports:
            known = ", ".join(sorted(ports))
            raise ValueError(f"no fulfilment adapter {settings.fulfilment_adapter!r}; known: {known}")
        self.steps: dict[str, Steps] = {
            product_order_steps.KIND: product_order_steps.ProductOrderSteps(
                catalog, catalog.service_mapping, ports, settings.fulfilment_adapter,
                settings.orchestration_jeopardy, installed_base),
            cancellation.KIND: cancellation.CancellationSteps(ports, settings.fulfilment_adapter),
            service_order_execution.KIND: _Execution(service_order_execution.ServiceOrderExecution(
                simulator, settings.orchestration_jeopardy, product_order_steps.job_key)),
        }

    def run_once(self) -> bool:
        """Scan, then claim and run one batch; True when there was something to do."""
        found = self.scan()
        now = self.clock.now()
        token = uuid.uuid4().hex
        with self.database.write() as connection:
            claimed = jobs.claim(connection, token, isoformat(now), later(now, self.settings.orchestration_lease),
                                 self.settings.orchestration_batch, tuple(self.steps))
        for claimed_job in claimed:
            self.run(claimed_job)
        return bool(claimed) or found > 0

    def scan(self) -> int:
        """Give new acknowledged resources their job; the number of jobs created."""
        now = isoformat(self.clock.now())
        with self.database.read() as connection:
            new = [(kind, resource_id, revive) for resource_kind, state, kind, revive in SCANNED
                   for resource_id in connection.execute(_unscheduled(resource_kind, state, kind, revive,
                                                                      self.settings.orchestration_batch)).scalars()]
        if not new:
            return 0
        with self.database.write() as connection:
            for kind, resource_id, revive in new:
                payload = {"phase": product_order_steps.ACCEPT} if kind == product_order_steps.KIND else {}
                jobs.enqueue(connection, kind, f"{kind}:{resource_id}", payload, now, revive=revive)
        return len(new)

    def run(self, claimed: jobs.Job) -> None:
        steps = self.steps[claimed.kind]
        try:
            prepared = steps.prepare(claimed)
            moment = isoformat(self.clock.now())
            with self.database.write() as connection:
                payload = jobs.holds(connection, claimed)
                if payload is None:
                    log.info("job %s was taken over by another worker (lease expired)", claimed.key)
                    return
                decided = steps.step(Transaction(self.registry, connection, moment), claimed, dict(payload), prepared)
                jobs.finish(connection, claimed, decided, moment)
        except Exception as error:  # noqa: BLE001 - rolled back; the job runs again after a backoff
            log.warning("job %s failed (attempt %d): %s", claimed.key, claimed.attempts, error,
                        exc_info=log.isEnabledFor(logging.DEBUG))
            with self.database.write() as connection:
                jobs.retry_later(connection, claimed, error, self.backoff, self.clock.now())


def _unscheduled(resource_kind: str, state: str, kind: str, revive: bool, limit: int) -> Any:
    """Resources of a kind in a state that have no job (`revive`: no due job) yet."""
    condition = job.c.key == literal(f"{kind}:") + resource.c.id
    if revive:
        condition = and_(condition, job.c.state == jobs.DUE)
    return (select(resource.c.id).where(resource.c.kind == resource_kind, resource.c.state == state,
                                        ~exists().where(condition))
            .order_by(resource.c.created_at).limit(limit))


class _FixedClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


def run_until_idle(orchestrator: Orchestrator, now: datetime | None = None) -> int:
    """Run `orchestrator` until nothing is due as of `now` (default: its clock, live); the number of rounds
    that found work."""
    live = orchestrator.clock
    if now is not None:
        orchestrator.clock = _FixedClock(now)
    rounds = 0
    try:
        while orchestrator.run_once():
            rounds += 1
            if rounds > MAX_IDLE_ROUNDS:
                raise RuntimeError("the orchestrator did not become idle")
    finally:
        orchestrator.clock = live
    return rounds
