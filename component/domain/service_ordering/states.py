"""The lifecycles of a TMF641 service order, its items and a cancellation request.

Order (ServiceOrderStateType):

    acknowledged --> inProgress --> completed | partial | failed
                      |    ^
                      v    |        held / pending: the network holds an item (a reason is noted)
                    held, pending
    acknowledged, inProgress, held, pending --> assessingCancellation --> pendingCancellation --> cancelled

Items (ServiceOrderItemStateType) follow the same words: acknowledged -> inProgress -> completed | failed,
inProgress <-> held / pending, and cancelled from any state that is not final.

CancelServiceOrder (TaskStateType): acknowledged --> inProgress --> done | terminatedWithError.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from component.domain.kernel.lifecycle import Lifecycle, table
from component.domain.kernel.order_states import (  # noqa: F401 - re-exported for the service order modules
    ACKNOWLEDGED,
    ASSESSING_CANCELLATION,
    CANCELLED,
    COMPLETED,
    FAILED,
    HELD,
    IN_PROGRESS,
    PARTIAL,
    PENDING,
    PENDING_CANCELLATION,
    REJECTED,
    TASK_ACKNOWLEDGED,
    TASK_DONE,
    TASK_FAILED,
    TASK_IN_PROGRESS,
    cancellation_lifecycle,
)

SERVICE_ORDER_LIFECYCLE = Lifecycle(
    name="service order",
    initial=ACKNOWLEDGED,
    transitions=table(
        acknowledged="inProgress rejected assessingCancellation",
        inProgress="completed partial failed held pending assessingCancellation",
        held="inProgress completed partial failed assessingCancellation",
        pending="inProgress completed partial failed assessingCancellation",
        assessingCancellation="pendingCancellation acknowledged inProgress held pending",
        pendingCancellation="cancelled",
    ),
)

SERVICE_ORDER_ITEM_LIFECYCLE = Lifecycle(
    name="service order item",
    initial=ACKNOWLEDGED,
    transitions=table(
        acknowledged="inProgress failed cancelled",
        inProgress="completed failed held pending cancelled",
        held="inProgress failed cancelled",
        pending="inProgress failed cancelled",
    ),
)

CANCEL_SERVICE_ORDER_LIFECYCLE = cancellation_lifecycle("cancel service order")

FINAL = frozenset(SERVICE_ORDER_LIFECYCLE.terminal)
ITEM_FINAL = frozenset(SERVICE_ORDER_ITEM_LIFECYCLE.terminal)
CANCELLABLE = (ACKNOWLEDGED, IN_PROGRESS, HELD, PENDING)


def move_service_order(order: dict[str, Any], state: str, now: str) -> None:
    """Move an order along its lifecycle, setting completionDate / cancellationDate on a final state."""
    SERVICE_ORDER_LIFECYCLE.check(order.get("state"), state)
    order["state"] = state
    if state in FINAL:
        order["completionDate"] = now
    if state == CANCELLED:
        order["cancellationDate"] = now


def move_service_item(item: dict[str, Any], state: str) -> None:
    SERVICE_ORDER_ITEM_LIFECYCLE.check(item.get("state", ACKNOWLEDGED), state)
    item["state"] = state


def outcome_of(item_states: Iterable[str]) -> str | None:
    """The final state of an order whose items are all final (None while some are not):
    completed when all completed, failed when none did, partial otherwise."""
    states = list(item_states)
    if any(state not in ITEM_FINAL for state in states):
        return None
    completed = sum(state == COMPLETED for state in states)
    if completed == len(states):
        return COMPLETED
    if all(state == CANCELLED for state in states):
        return CANCELLED
    return PARTIAL if completed else FAILED


def items_of(order: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list(order.get("serviceOrderItem") or [])
