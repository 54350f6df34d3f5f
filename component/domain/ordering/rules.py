"""The domain rules of TMF622 ProductOrder and CancelProductOrder, run by the engine inside the write
transaction of a create, patch or delete.

- create: the order is checked (`validation`; 400, nothing stored), its items start
  acknowledged, expectedCompletionDate is derived, the customer reference completed;
- patch: nothing changes once the order is final or assessing a cancellation (409); its items,
  parties, accounts and requested dates change only before fulfilment starts (acknowledged, held,
  pending; 409 after) and are checked again; a pending order given what it waited for is acknowledged;
- delete: only a final order (completed, partial, failed, cancelled, rejected); others are cancelled
  through CancelProductOrder (409);
- cancel request: names an order that can still be cancelled (409 otherwise), which then assesses the
  cancellation; the fulfiller accepts or rejects it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from component.domain.catalog.port import CatalogPort, LookupMemo
from component.domain.inventory.port import InstalledBase
from component.domain.kernel.errors import IllegalTransition, InvalidReference, ValidationFailed
from component.domain.kernel.resource_type import Rules, UnitOfWork
from component.domain.ordering.dates import expected_completion_date
from component.domain.ordering.macd.context import label
from component.domain.ordering.macd.subscription import missing_porting_code
from component.domain.ordering.states import (
    ACKNOWLEDGED,
    ASSESSING_CANCELLATION,
    CANCELLABLE,
    EDITABLE,
    FINAL,
    ORDER_LIFECYCLE,
    PENDING,
    items_state,
    move_order,
)
from component.domain.ordering.validation import CUSTOMER, check_new_order, check_order

ORDER = "ProductOrder"
SHAPING = ("productOrderItem", "relatedParty", "billingAccount", "requestedStartDate", "requestedCompletionDate")
BaseFactory = Callable[[UnitOfWork], InstalledBase]


class ProductOrderRules(Rules):
    def __init__(self, catalog: CatalogPort, installed_base: BaseFactory) -> None:
        self.catalog = catalog
        self.installed_base = installed_base

    def on_create(self, document: dict[str, Any], work: UnitOfWork) -> None:
        check_new_order(document, work, LookupMemo(self.catalog), self.installed_base(work))
        for item in document["productOrderItem"]:
            item["state"] = ACKNOWLEDGED
        document["expectedCompletionDate"] = expected_completion_date(document, work.now)
        _complete_customer_reference(document, work)

    def on_patch(self, before: Mapping[str, Any], after: dict[str, Any], work: UnitOfWork) -> None:
        state = before.get("state")
        if state in FINAL or state not in EDITABLE and state not in CANCELLABLE:
            raise IllegalTransition(f"product order {before['id']!r} is {state}; it can no longer be changed")
        if not any(before.get(key) != after.get(key) for key in SHAPING):
            return
        if state not in EDITABLE:
            raise IllegalTransition(f"product order {before['id']!r} is {state}: its items, parties, accounts and "
                                    "requested dates can change only while it is acknowledged, held or pending")
        _keep_item_states(before, after)
        check_order(after, work, LookupMemo(self.catalog), self.installed_base(work))
        after["expectedCompletionDate"] = expected_completion_date(after, before.get("orderDate") or work.now)
        _complete_customer_reference(after, work)
        if state == PENDING and not any(missing_porting_code(item) for item in after["productOrderItem"]):
            move_order(after, ACKNOWLEDGED, work.now)

    def on_delete(self, document: Mapping[str, Any], work: UnitOfWork) -> None:
        if document.get("state") not in FINAL:
            raise IllegalTransition(f"product order {document['id']!r} is {document.get('state')}; only a "
                                    f"{', '.join(sorted(FINAL))} order can be deleted; cancel it with a "
                                    "CancelProductOrder first")


class CancelProductOrderRules(Rules):
    def on_create(self, document: dict[str, Any], work: UnitOfWork) -> None:
        reference = document["productOrder"]
        order = work.find(ORDER, str(reference.get("id")), for_update=True)
        if order is None:
            raise InvalidReference(f"productOrder {reference.get('id')!r} does not exist")
        if order.get("state") not in CANCELLABLE:
            raise IllegalTransition(f"product order {order['id']!r} is {order.get('state')}; only "
                                    f"{', '.join(CANCELLABLE)} orders can be cancelled")
        ORDER_LIFECYCLE.check(order["state"], ASSESSING_CANCELLATION)
        order["state"] = ASSESSING_CANCELLATION
        work.save(ORDER, order)
        reference.setdefault("href", order["href"])


def _keep_item_states(before: Mapping[str, Any], after: dict[str, Any]) -> None:
    """Item states are the component's: kept for existing items, the order's for new ones."""
    previous = {item["id"]: item.get("state") for item in before.get("productOrderItem", [])}
    default = items_state(before)
    for item in after.get("productOrderItem") or []:
        if not isinstance(item, dict) or "id" not in item:
            continue
        kept = previous.get(item["id"], default)
        if item.get("state", kept) != kept:
            raise ValidationFailed(f"{label(item)}: state cannot be patched; the component sets it")
        item["state"] = kept


def _complete_customer_reference(order: dict[str, Any], work: UnitOfWork) -> None:
    for party in order.get("relatedParty", []):
        if party.get("@referredType") == CUSTOMER:
            customer = work.find(CUSTOMER, str(party["id"]))
            if customer is not None:
                party.setdefault("href", customer["href"])
                party.setdefault("role", "customer")
