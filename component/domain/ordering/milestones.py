"""Milestones and jeopardy alerts on orders (TMF641 ServiceOrder natively; TMF622 ProductOrder as the v5
ProductOrderMilestone / ProductOrderJeopardyAlert shapes, an oda-cms extension on v4).

Each recorded milestone or alert raises its event (`ServiceOrderMilestoneEvent`,
`ServiceOrderJeopardyEvent`, `ProductOrderMilestoneEvent`, `ProductOrderJeopardyAlertEvent`) through the
unit of work, after the order is saved.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from component.domain.kernel.clock import isoformat
from component.domain.ordering.dates import parse_moment

JEOPARDY_TYPE = "late"


def add_milestone(order: dict[str, Any], name: str, message: str, now: str,
                  items: list[dict[str, Any]] | None = None, item_key: str = "serviceOrderItem") -> dict[str, Any]:
    milestone: dict[str, Any] = {"id": str(len(order.get("milestone") or []) + 1), "name": name,
                                 "message": message, "milestoneDate": now, "status": "reached"}
    if items:
        milestone[item_key] = items
    order.setdefault("milestone", []).append(milestone)
    return milestone


def jeopardy_due(order: dict[str, Any], after_seconds: float) -> str | None:
    """When the order becomes late (expectedCompletionDate + `after_seconds`), None once alerted."""
    if any(alert.get("jeopardyType") == JEOPARDY_TYPE for alert in order.get("jeopardyAlert") or []):
        return None
    expected = order.get("expectedCompletionDate") or order.get("orderDate")
    if not expected:
        return None
    return isoformat(parse_moment(expected, "expectedCompletionDate") + timedelta(seconds=after_seconds))


def raise_jeopardy_if_late(order: dict[str, Any], after_seconds: float, now: str, what: str) -> bool:
    """Add one `late` jeopardy alert when the order is past due; True when it was added."""
    due = jeopardy_due(order, after_seconds)
    if due is None or now < due:
        return False
    order.setdefault("jeopardyAlert", []).append({
        "id": str(len(order.get("jeopardyAlert") or []) + 1), "name": "late fulfilment", "jeopardyType": JEOPARDY_TYPE,
        "alertDate": now, "exception": "expectedCompletionDate passed",
        "message": f"{what} is not complete {after_seconds:g} s after its expectedCompletionDate "
                   f"{order.get('expectedCompletionDate')}",
    })
    return True


def later(moment: datetime, seconds: float) -> str:
    return isoformat(moment + timedelta(seconds=seconds))
