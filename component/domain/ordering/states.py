"""The lifecycles of a TMF622 product order, its items and a cancellation request.

Order (ProductOrderStateType v4):

    acknowledged --> inProgress --> completed | partial | failed
         |  \\            |  ^
         |   +--> held <-+  |        held: waiting for its requestedStartDate (e.g. a porting window)
         |   +--> pending ---+        pending: waiting for information from the customer
         v
    assessingCancellation --> pendingCancellation --> cancelled
         (or back to the state it came from when the cancellation is rejected)

`rejected` exists in the enum; oda-cms refuses an invalid order with 400 instead of storing it
rejected. Items follow the order, except that they stay in their own state while the order assesses a
cancellation (that is how a rejected cancellation finds the state to return to).

CancelProductOrder (TaskStateType): acknowledged --> inProgress --> done | terminatedWithError.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from component.domain.kernel.graph import topological_order
from component.domain.kernel.lifecycle import Lifecycle, table
from component.domain.kernel.order_states import (  # noqa: F401 - re-exported for the product order modules
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

ORDER_LIFECYCLE = Lifecycle(
    name="product order",
    initial=ACKNOWLEDGED,
    transitions=table(
        acknowledged="inProgress held pending rejected assessingCancellation",
        held="inProgress pending assessingCancellation",
        pending="acknowledged inProgress held assessingCancellation",
        inProgress="completed partial failed held pending assessingCancellation",
        assessingCancellation="pendingCancellation acknowledged held pending inProgress",
        pendingCancellation="cancelled",
    ),
)

ITEM_LIFECYCLE = Lifecycle(
    name="product order item",
    initial=ACKNOWLEDGED,
    transitions=table(
        acknowledged="inProgress held pending rejected cancelled",
        held="inProgress pending cancelled",
        pending="acknowledged inProgress held cancelled",
        inProgress="completed failed held pending cancelled",
    ),
)

CANCELLATION_LIFECYCLE = cancellation_lifecycle("cancel product order")

FINAL = frozenset(ORDER_LIFECYCLE.terminal)
CANCELLABLE = (ACKNOWLEDGED, HELD, PENDING, IN_PROGRESS)
EDITABLE = (ACKNOWLEDGED, HELD, PENDING)  # the order's items may still change: fulfilment has not begun


def move_order(order: dict[str, Any], state: str, now: str, *, items: bool = True) -> None:
    """Move an order (and, with `items`, every item not yet final) to `state`, checking both tables; set
    completionDate / cancellationDate on reaching a final state."""
    ORDER_LIFECYCLE.check(order.get("state"), state)
    order["state"] = state
    if items:
        for item in order.get("productOrderItem", []):
            move_item(item, state)
    if state in (COMPLETED, PARTIAL, FAILED, CANCELLED):
        order["completionDate"] = now
    if state == CANCELLED:
        order["cancellationDate"] = now


def move_item(item: dict[str, Any], state: str) -> None:
    current = item.get("state", ACKNOWLEDGED)
    if current in ITEM_LIFECYCLE.terminal or current == state:
        return
    ITEM_LIFECYCLE.check(current, state)
    item["state"] = state


def items_state(order: Mapping[str, Any]) -> str:
    """The state the order's items share (the state a rejected cancellation returns the order to)."""
    states = {item.get("state", ACKNOWLEDGED) for item in order.get("productOrderItem", [])}
    return states.pop() if len(states) == 1 else IN_PROGRESS


def add_note(order: dict[str, Any], text: str, now: str) -> None:
    order.setdefault("note", []).append({"author": "oda-cms", "date": now, "text": text})


def advance_item(item: dict[str, Any], state: str) -> None:
    """Move an order item to `state`, through inProgress where the table has no direct move (held -> failed);
    an item already there or final stays."""
    current = item.get("state", ACKNOWLEDGED)
    if current == state or current in ITEM_LIFECYCLE.terminal:
        return
    if not ITEM_LIFECYCLE.allows(current, state):
        ITEM_LIFECYCLE.check(current, IN_PROGRESS)
        current = IN_PROGRESS
    ITEM_LIFECYCLE.check(current, state)
    item["state"] = state


def items_in_dependency_order(order: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Items after the items they relate to (create-time validation refused cycles)."""
    return topological_order(order.get("productOrderItem", []), key=lambda item: item["id"],
                             needs=lambda item: [str(link.get("id"))
                                                 for link in item.get("productOrderItemRelationship", [])])
