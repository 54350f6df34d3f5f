"""The domain rules of TMF641 ServiceOrder and CancelServiceOrder, run inside the write transaction.

- create (the TMF641 conformance profile): a non-empty serviceOrderItem list, every item with a
  unique `id` and an `action` and no `state`; dependencies (serviceOrderItemRelationship) name other
  items of the order without forming a cycle. Items start acknowledged; expectedCompletionDate is the
  requestedCompletionDate, else the order date. id, href, state and the dates are refused (400) by the
  declaration (`refused_on_create`).
- patch: descriptive attributes only while the order is not final; the items are the component's once
  accepted (409).
- delete: only a final order (409 otherwise: cancel it first).
- CancelServiceOrder: names an order that can still be cancelled (400 unknown, 409 final). The request is
  assessed at once: an order none of whose items completed is cancelled (request `done`); one with a
  completed item cannot be undone and the request ends `terminatedWithError` with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from component.domain.kernel.errors import IllegalTransition, InvalidReference, ValidationFailed
from component.domain.kernel.graph import Cycle, topological_order
from component.domain.kernel.resource_type import Rules, UnitOfWork
from component.domain.service_ordering.states import (
    ACKNOWLEDGED,
    ASSESSING_CANCELLATION,
    CANCELLABLE,
    CANCELLED,
    COMPLETED,
    FINAL,
    ITEM_FINAL,
    PENDING_CANCELLATION,
    TASK_DONE,
    TASK_FAILED,
    items_of,
    move_service_order,
)

SERVICE_ORDER = "ServiceOrder"
ACTIONS = ("add", "modify", "delete", "noChange")
SHAPING = ("serviceOrderItem", "relatedParty", "orderRelationship", "requestedStartDate")


class ServiceOrderRules(Rules):
    def on_create(self, document: dict[str, Any], work: UnitOfWork) -> None:
        check_items(document)
        for item in document["serviceOrderItem"]:
            item["state"] = ACKNOWLEDGED
        document["expectedCompletionDate"] = document.get("requestedCompletionDate") or work.now

    def on_patch(self, before: Mapping[str, Any], after: dict[str, Any], work: UnitOfWork) -> None:
        if before.get("state") in FINAL:
            raise IllegalTransition(f"service order {before['id']!r} is {before.get('state')}; it can no longer "
                                    "be changed")
        if any(before.get(key) != after.get(key) for key in SHAPING):
            raise IllegalTransition(f"service order {before['id']!r}: its items, parties, relationships and start "
                                    "date are fixed once the order is accepted; cancel it and order again")

    def on_delete(self, document: Mapping[str, Any], work: UnitOfWork) -> None:
        if document.get("state") not in FINAL:
            raise IllegalTransition(f"service order {document['id']!r} is {document.get('state')}; only a final "
                                    "order can be deleted; cancel it with a CancelServiceOrder first")


class CancelServiceOrderRules(Rules):
    def on_create(self, document: dict[str, Any], work: UnitOfWork) -> None:
        reference = document["serviceOrder"]
        order = work.find(SERVICE_ORDER, str(reference.get("id")), for_update=True)
        if order is None:
            raise InvalidReference(f"serviceOrder {reference.get('id')!r} does not exist")
        if order.get("state") not in CANCELLABLE:
            raise IllegalTransition(f"service order {order['id']!r} is {order.get('state')}; only "
                                    f"{', '.join(CANCELLABLE)} orders can be cancelled")
        reference.setdefault("href", order["href"])
        done = [item["id"] for item in items_of(order) if item.get("state") == COMPLETED]
        if done:
            document["state"] = TASK_FAILED
            document["errorMessage"] = {"code": "ALREADY_FULFILLED", "reason": "Cannot cancel",
                                        "message": f"items {', '.join(done)} are already completed in the network"}
            return
        move_service_order(order, ASSESSING_CANCELLATION, work.now)
        move_service_order(order, PENDING_CANCELLATION, work.now)
        move_service_order(order, CANCELLED, work.now)
        for item in items_of(order):
            if item.get("state") not in ITEM_FINAL:
                item["state"] = CANCELLED
        if document.get("cancellationReason"):
            order["cancellationReason"] = document["cancellationReason"]
        work.save(SERVICE_ORDER, order)
        document["state"] = TASK_DONE
        document["effectiveCancellationDate"] = work.now


def check_items(document: Mapping[str, Any]) -> None:
    """The creation rules of a service order's items (ValidationFailed naming the item)."""
    items = document.get("serviceOrderItem")
    if not isinstance(items, list) or not items:
        raise ValidationFailed("a ServiceOrder needs a non-empty serviceOrderItem list")
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, dict) or not item.get("id"):
            raise ValidationFailed("every serviceOrderItem needs an id")
        where = f"serviceOrderItem {item['id']!r}"
        if item["id"] in seen:
            raise ValidationFailed(f"{where}: item ids are unique in a service order")
        seen.add(item["id"])
        if item.get("action") not in ACTIONS:
            raise ValidationFailed(f"{where}: action must be one of {', '.join(ACTIONS)}")
        if "state" in item:
            raise ValidationFailed(f"{where}: state cannot be set when creating a ServiceOrder; the component sets it")
        if item.get("serviceOrderItem"):
            raise ValidationFailed(f"{where}: nested serviceOrderItem lists are not supported; relate items with "
                                   "serviceOrderItemRelationship")
    for item in items:
        for other in dependencies(item):
            if other not in seen or other == item["id"]:
                raise ValidationFailed(f"serviceOrderItem {item['id']!r}: serviceOrderItemRelationship names item "
                                       f"{other!r}, which is not another item of this order")
    _check_acyclic(items)


def dependencies(item: Mapping[str, Any]) -> list[str]:
    """Ids of the items `item` depends on (serviceOrderItemRelationship orderItem.id or .itemId)."""
    found = []
    for relationship in item.get("serviceOrderItemRelationship") or []:
        reference = relationship.get("orderItem") or {}
        identifier = reference.get("itemId") or reference.get("id")
        if identifier is not None:
            found.append(str(identifier))
    return found


def _check_acyclic(items: list[dict[str, Any]]) -> None:
    try:
        topological_order(items, key=lambda item: item["id"], needs=dependencies)
    except Cycle as cycle:
        names = ", ".join(sorted(str(key) for key in cycle.keys))
        raise ValidationFailed(f"serviceOrderItemRelationship forms a cycle between items {names}") from None
