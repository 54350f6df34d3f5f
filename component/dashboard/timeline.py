"""An order's story as it happened: the stages of a product order in time order, built from the events
the component published for it (the outbox) and what the order records (notes, milestones, jeopardy
alerts, its service orders). Pure functions over documents; `order_detail` gathers them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from component.dashboard.context import Dashboard
from component.dashboard.formatting import characteristic
from component.events import delivery_status
from component.events.delivery_status import PublishedEvent

ORDER, SERVICE_ORDER, PRODUCT = "ProductOrder", "ServiceOrder", "Product"
HOLDING = ("held", "pending")
FINAL = ("completed", "partial", "failed", "cancelled")


@dataclass(frozen=True)
class Stage:
    time: str
    title: str
    detail: str = ""
    state: str = ""
    reason: str = ""  # why an order or item waits: "porting window", "missing porting code", ...
    rank: int = 3  # among stages of the same instant: a state entered first, decomposition, steps, the outcome last


@dataclass
class OrderDetail:
    order: dict[str, Any]
    timeline: list[Stage]
    events: list[PublishedEvent]
    service_orders: list[dict[str, Any]]
    products: list[dict[str, Any]]
    customer: dict[str, Any] | None
    accounts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def waiting_reason(self) -> Stage | None:
        """The latest stage that explains why the order (or one of its items) waits, while it does."""
        waiting = self.order.get("state") in HOLDING or any(
            item.get("state") in HOLDING for item in self.order.get("productOrderItem") or [])
        if not waiting:
            return None
        return next((stage for stage in reversed(self.timeline) if stage.reason), None)


def order_detail(dashboard: Dashboard, order_id: str) -> OrderDetail:
    order = dashboard.get(ORDER, order_id)
    service_orders = [found for reference in order.get("serviceOrder") or []
                      if (found := dashboard.find(SERVICE_ORDER, str(reference.get("id")))) is not None]
    with dashboard.registry.database.read() as connection:
        order_events = delivery_status.events_of(connection, ORDER, order_id)
        # The service orders' own TMF641 events belong to the order's story (and their delivery too).
        service_events = [event for service_order in service_orders
                          for event in delivery_status.events_of(connection, SERVICE_ORDER, service_order["id"])]
    events = sorted([*order_events, *service_events], key=lambda event: event.sequence)
    products = dashboard.list(PRODUCT, [("productOrderItem.productOrderId", order_id)]).items
    customer_ref = next((party for party in order.get("relatedParty") or [] if party.get("role") == "customer"), None)
    customer = dashboard.find("Customer", str(customer_ref["id"])) if customer_ref else None
    return OrderDetail(order, build_timeline(order, events, service_orders), events, service_orders, products,
                       customer, _accounts(dashboard, order))


def build_timeline(order: Mapping[str, Any], events: list[PublishedEvent],
                   service_orders: Sequence[Mapping[str, Any]] = ()) -> list[Stage]:
    notes_at: dict[str, list[str]] = {}
    for note in order.get("note") or []:
        notes_at.setdefault(str(note.get("date", "")), []).append(str(note.get("text", "")))
    events = [event for event in events if event.event_type.startswith(ORDER)]
    stages = [Stage(str(order.get("orderDate", "")), "Received and validated",
                    "the order passed the catalogue and installed-base checks and was accepted", "acknowledged",
                    rank=0)]
    told: set[str] = set()
    for event in events:
        document = next(iter((event.payload.get("event") or event.payload.get("payload") or {}).values()), {})
        reasons = notes_at.get(event.event_time, [])
        if event.event_type.endswith("StateChangeEvent"):
            state = str(document.get("state", ""))
            told.add(event.event_time)
            stages.append(Stage(event.event_time, _state_title(state), "; ".join(reasons), state,
                                _reason_kind(order, reasons) if state in HOLDING or reasons else "",
                                rank=5 if state in FINAL else 1))
        elif event.event_type.endswith("InformationRequiredEvent"):
            told.add(event.event_time)
            stages.append(Stage(event.event_time, "Information required from the customer", "; ".join(reasons),
                                "pending", _reason_kind(order, reasons)))
    for time, texts in notes_at.items():
        if time not in told:
            stages.append(Stage(time, "Note", "; ".join(texts), "", _reason_kind(order, texts)))
    for milestone in order.get("milestone") or []:
        stages.append(Stage(str(milestone.get("milestoneDate", "")), _milestone_title(str(milestone.get("name"))),
                            str(milestone.get("message", ""))))
    for alert in order.get("jeopardyAlert") or []:
        stages.append(Stage(str(alert.get("alertDate", "")), "Jeopardy: " + str(alert.get("name", "alert")),
                            str(alert.get("message", "")), "jeopardy"))
    for service_order in service_orders:
        stages.append(Stage(str(service_order.get("orderDate", "")), "Decomposed into a service order",
                            f"service order {service_order['id']} with "
                            f"{len(service_order.get('serviceOrderItem') or [])} items", rank=2))
    return sorted(stages, key=lambda stage: (stage.time, stage.rank))


def _state_title(state: str) -> str:
    return {
        "inProgress": "Fulfilment started (inProgress)", "held": "Held", "pending": "Pending",
        "completed": "Completed", "partial": "Partially completed", "failed": "Failed", "cancelled": "Cancelled",
        "acknowledged": "Acknowledged", "assessingCancellation": "Cancellation requested",
        "pendingCancellation": "Cancellation accepted",
    }.get(state, f"State {state}")


def _milestone_title(name: str) -> str:
    return {"serviceOrderSubmitted": "Service order submitted", "itemCompleted": "Item completed",
            "itemFailed": "Item failed", "fulfilmentEnded": "Fulfilment ended"}.get(name, f"Milestone {name}")


def _reason_kind(order: Mapping[str, Any], texts: list[str]) -> str:
    text = " ".join(texts)
    if "portingCode" in text:
        return "missing porting code"
    if "requested start date" in text:
        return "porting window" if _is_port_in(order) else "requested start date"
    if " held: " in text or " pending: " in text:
        return "network: " + text.split(": ", 1)[-1]
    return ""


def _is_port_in(order: Mapping[str, Any]) -> bool:
    return any(characteristic(item.get("product"), "donorOperator") for item in order.get("productOrderItem") or [])


def _accounts(dashboard: Dashboard, order: Mapping[str, Any]) -> list[dict[str, Any]]:
    ids = {str(reference["id"]) for reference in
           [order.get("billingAccount") or {}, *[item.get("billingAccount") or {}
                                                 for item in order.get("productOrderItem") or []]]
           if reference.get("id")}
    return [found for account_id in sorted(ids) if (found := dashboard.find("BillingAccount", account_id))]
