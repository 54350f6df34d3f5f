"""The durable job of one CancelProductOrder (`cancel:<id>`): cancellation flowing down to service orders.

- The order has no service order yet (not started, held for its porting window, pending): the
  product-ordering rules decide at once (`product_order_fulfilment.assess_cancellation`: accepted,
  or rejected for a port-in whose window opened).
- The order is being fulfilled: refused when an item already completed (its effects are in the
  installed base); otherwise a CancelServiceOrder is requested through the fulfilment port. When the
  service order is cancelled, the order goes pendingCancellation -> cancelled with its items; when
  the network refuses (an item completed meanwhile), the cancellation ends terminatedWithError with the
  reason and the order returns to its items' state and carries on.
Either way the order's job is woken in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from component.domain.ordering.dates import parse_moment
from component.domain.ordering.fulfilment import assess_cancellation, cancel_order, move_task
from component.domain.ordering.milestones import later
from component.domain.ordering.states import (
    ASSESSING_CANCELLATION,
    COMPLETED,
    IN_PROGRESS,
    TASK_ACKNOWLEDGED,
    TASK_DONE,
    TASK_FAILED,
    TASK_IN_PROGRESS,
    add_note,
    move_order,
)
from component.domain.service_ordering.execution import FulfilmentPort
from component.orchestration.product_order_steps import FOLLOW, SUBMIT
from component.orchestration.product_order_steps import job_key as order_job_key
from component.service import Transaction
from component.store import jobs

KIND = "cancel"
ORDER, CANCELLATION = "ProductOrder", "CancelProductOrder"
RETRY_SECONDS = 1.0


def job_key(cancellation_id: str) -> str:
    return f"{KIND}:{cancellation_id}"


class CancellationSteps:
    def __init__(self, adapters: Mapping[str, FulfilmentPort], adapter: str) -> None:
        self.adapters = adapters
        self.adapter = adapter

    def prepare(self, job: jobs.Job) -> Any:
        target = job.payload.get("serviceOrder")
        if target is None:
            return None
        return self.adapters[job.payload.get("adapter", self.adapter)].prepare_cancel(target, job.payload.get("reason"))

    def step(self, work: Transaction, job: jobs.Job, payload: dict[str, Any], prepared: Any) -> jobs.Next:
        cancellation_id = job.key.removeprefix(f"{KIND}:")
        found = work.find(CANCELLATION, cancellation_id, for_update=True)
        if found is None or found.get("state") not in (TASK_ACKNOWLEDGED, TASK_IN_PROGRESS):
            return jobs.Next(payload, done=True)
        cancellation = found
        order_id = str(cancellation["productOrder"]["id"])
        order_job = jobs.find(work.connection, order_job_key(order_id))
        progress = (order_job or {}).get("payload") or {}
        if progress.get("phase") == SUBMIT:  # a remote service order is being submitted: cancel it once known
            return jobs.Next(payload, run_at=_after(work, RETRY_SECONDS))
        if progress.get("phase") != FOLLOW:
            assess_cancellation(cancellation_id, work)
            jobs.wake(work.connection, order_job_key(order_id), work.now)
            return jobs.Next(payload, done=True)
        found_order = work.find(ORDER, order_id, for_update=True)
        if found_order is None or found_order.get("state") != ASSESSING_CANCELLATION:
            assess_cancellation(cancellation_id, work)  # rejects: the order no longer assesses a cancellation
            return jobs.Next(payload, done=True)
        order = found_order  # the caller's to change and save
        done = [item["id"] for item in order["productOrderItem"] if item.get("state") == COMPLETED]
        if done:
            self._reject(work, cancellation, order, f"items {', '.join(done)} are already fulfilled")
            return jobs.Next(payload, done=True)
        reference = progress.get("serviceOrder")
        if reference is None:  # nothing was sent to the network
            self._accept(work, cancellation, order)
            return jobs.Next(payload, done=True)
        if "serviceOrder" not in payload:  # ask the network in the next step (outside this transaction)
            move_task(work, cancellation, TASK_IN_PROGRESS)
            payload.update(serviceOrder=reference, adapter=progress.get("adapter", self.adapter),
                           reason=cancellation.get("cancellationReason"))
            return jobs.Next(payload)
        port = self.adapters[payload.get("adapter", self.adapter)]
        refusal = port.cancel(work, reference, payload.get("reason"), prepared)
        if refusal is None:
            self._accept(work, cancellation, order)
        else:
            self._reject(work, cancellation, order, f"the network refused to cancel service order "
                                                     f"{reference['id']}: {refusal}")
        return jobs.Next(payload, done=True)

    def _accept(self, work: Transaction, cancellation: dict[str, Any], order: dict[str, Any]) -> None:
        cancel_order(work, cancellation, order)
        if cancellation.get("state") == TASK_ACKNOWLEDGED:
            move_task(work, cancellation, TASK_IN_PROGRESS)
        cancellation["effectiveCancellationDate"] = work.now
        move_task(work, cancellation, TASK_DONE)
        jobs.wake(work.connection, order_job_key(order["id"]), work.now)

    def _reject(self, work: Transaction, cancellation: dict[str, Any], order: dict[str, Any], reason: str) -> None:
        move_order(order, IN_PROGRESS, work.now, items=False)  # fulfilment carries on
        add_note(order, f"cancellation {cancellation['id']} rejected: {reason}", work.now)
        work.save(ORDER, order)
        if cancellation.get("state") == TASK_ACKNOWLEDGED:
            move_task(work, cancellation, TASK_IN_PROGRESS)
        cancellation["stateReason"] = reason
        move_task(work, cancellation, TASK_FAILED)
        jobs.wake(work.connection, order_job_key(order["id"]), work.now)


def _after(work: Transaction, seconds: float) -> str:
    return later(parse_moment(work.now, "now"), seconds)
