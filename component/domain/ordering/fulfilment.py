"""Moving accepted orders and cancellation requests along, through a unit of work (no HTTP, no SQL).

`accept_order` decides what happens to a due order: held until its requestedStartDate, pending for a
missing porting code (ProductOrderInformationRequiredEvent), or in progress; `fail_order` ends one that no
longer passes its checks. `assess_cancellation` accepts a cancellation request (the order goes
pendingCancellation, then cancelled) or rejects it with a reason (the order returns to the state it came
from). The orchestrator (`component.orchestration.product_order_steps`) runs these as job steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from component.domain.kernel.resource_type import UnitOfWork
from component.domain.ordering.dates import start_after
from component.domain.ordering.macd.subscription import is_port_in, missing_porting_code
from component.domain.ordering.states import (
    ACKNOWLEDGED,
    ASSESSING_CANCELLATION,
    CANCELLATION_LIFECYCLE,
    CANCELLED,
    FAILED,
    HELD,
    IN_PROGRESS,
    PENDING,
    PENDING_CANCELLATION,
    TASK_ACKNOWLEDGED,
    TASK_DONE,
    TASK_FAILED,
    TASK_IN_PROGRESS,
    add_note,
    items_state,
    move_order,
)

ORDER, CANCELLATION = "ProductOrder", "CancelProductOrder"
INFORMATION_REQUIRED = "InformationRequired"


@dataclass(frozen=True)
class Acceptance:
    """What accepting a due order decided: wait until `start` (held), wait for the client (pending), not
    due (any other state), or `started` (in progress: check, decompose and fulfil it now)."""

    started: bool = False
    start: str | None = None


def accept_order(order: dict[str, Any], work: UnitOfWork) -> Acceptance:
    """Take an acknowledged or held order towards fulfilment, saving what changed: held until its
    requestedStartDate, pending (ProductOrderInformationRequiredEvent) while a port-in lacks its porting
    code, else in progress."""
    if order["state"] not in (ACKNOWLEDGED, HELD):
        return Acceptance()  # pending: a PATCH acknowledges it again
    start = start_after(order, work.now)
    if start:
        if order["state"] == ACKNOWLEDGED:
            move_order(order, HELD, work.now)
            add_note(order, f"held until the requested start date {start}", work.now)
            work.save(ORDER, order)
        return Acceptance(start=start)
    if any(missing_porting_code(item) for item in order["productOrderItem"]):
        move_order(order, PENDING, work.now)
        add_note(order, "the port-in needs the portingCode issued by the donor operator: add it to the plan "
                 "item's characteristics with a PATCH", work.now)
        work.save(ORDER, order)
        work.emit(ORDER, INFORMATION_REQUIRED, order)
        return Acceptance()
    move_order(order, IN_PROGRESS, work.now)
    work.save(ORDER, order)
    return Acceptance(started=True)


def fail_order(order: dict[str, Any], reason: str, work: UnitOfWork) -> None:
    """The order cannot be fulfilled (it no longer passes its checks): failed, with the reason in a note."""
    move_order(order, FAILED, work.now)
    add_note(order, f"fulfilment failed: {reason}", work.now)
    work.save(ORDER, order)


def assess_cancellation(cancellation_id: str, work: UnitOfWork) -> bool:
    """Accept or reject an acknowledged cancellation request; False when there was nothing to do."""
    cancellation = _for_update(work, CANCELLATION, cancellation_id)
    if cancellation is None or cancellation.get("state") != TASK_ACKNOWLEDGED:
        return False
    move_task(work, cancellation, TASK_IN_PROGRESS)
    order = _for_update(work, ORDER, cancellation["productOrder"]["id"])
    if order is None or order.get("state") != ASSESSING_CANCELLATION:
        _reject(work, cancellation, None, "the order is no longer assessing a cancellation")
        return True
    reason = refusal(order, work.now)
    if reason:
        _reject(work, cancellation, order, reason)
        return True
    cancel_order(work, cancellation, order)
    cancellation["effectiveCancellationDate"] = work.now
    move_task(work, cancellation, TASK_DONE)
    return True


def refusal(order: dict[str, Any], now: str) -> str | None:
    """Why an order cannot be cancelled any more, or None: a port-in whose porting window has opened."""
    if any(is_port_in(item) for item in order.get("productOrderItem", [])) and order.get("requestedStartDate") \
            and start_after(order, now) is None:
        return (f"the porting window opened at {order['requestedStartDate']}; the donor operator is releasing the "
                "number, so the port-in can no longer be cancelled")
    return None


def _reject(work: UnitOfWork, cancellation: dict[str, Any], order: dict[str, Any] | None, reason: str) -> None:
    if order is not None:
        move_order(order, items_state(order), work.now, items=False)
        add_note(order, f"cancellation {cancellation['id']} rejected: {reason}", work.now)
        work.save(ORDER, order)
    cancellation["stateReason"] = reason
    move_task(work, cancellation, TASK_FAILED)


def cancel_order(work: UnitOfWork, cancellation: Mapping[str, Any], order: dict[str, Any]) -> None:
    """An accepted cancellation: the order goes pendingCancellation, then cancelled (items too), with the
    request's cancellationReason; both moves are saved, so both raise their state change events."""
    move_order(order, PENDING_CANCELLATION, work.now, items=False)
    work.save(ORDER, order)
    move_order(order, CANCELLED, work.now)
    if cancellation.get("cancellationReason"):
        order["cancellationReason"] = cancellation["cancellationReason"]
    work.save(ORDER, order)


def move_task(work: UnitOfWork, cancellation: dict[str, Any], state: str) -> None:
    CANCELLATION_LIFECYCLE.check(cancellation.get("state"), state)
    cancellation["state"] = state  # top-level changes only: the shallow "before" copy of the save stays intact
    work.save(CANCELLATION, cancellation)


def _for_update(work: UnitOfWork, kind: str, resource_id: str) -> dict[str, Any] | None:
    return work.find(kind, resource_id, for_update=True)
